/**
 * Sidecar configuration: the environment variables of the shared decision, parsed and
 * validated once at start. Anything invalid is a `ConfigError` (reason `InvalidConfig`) naming
 * the variable, so a misconfigured pod fails at once with a clear line instead of later.
 * This file owns the names, defaults and limits; it does not read files or open sockets.
 */
import { DEFAULT_QUEUE_PREFIX, parseTransportConfig, type TransportConfig } from '@asya/transport';

export interface SidecarConfig {
  /** Name of the actor this sidecar serves (`ASYA_ACTOR_NAME`). */
  actorName: string;
  /** Folder of the runtime socket and ready file (`ASYA_SOCKET_DIR`). */
  socketDir: string;
  /** Transport settings (`ASYA_TRANSPORT`, JSON). */
  transport: TransportConfig;
  /** Prefix of every queue name (`ASYA_QUEUE_PREFIX`, default `asya-`). */
  queuePrefix: string;
  /** Base URL of the gateway for progress reports (`ASYA_GATEWAY_URL`); none when unset. */
  gatewayUrl?: string;
  /** Bearer token sent to the gateway (`ASYA_GATEWAY_TOKEN`). */
  gatewayToken?: string;
  /** Processing timeout of one runtime call (`ASYA_TIMEOUT_SECONDS`, default 300). */
  timeoutMs: number;
  /** Hops an envelope may make before it goes to error-end (`ASYA_HOP_LIMIT`, default 100). */
  hopLimit: number;
  /** Envelopes processed at the same time (`ASYA_CONCURRENCY`, default 1). */
  concurrency: number;
  /** Largest frame exchanged with the runtime (`ASYA_MAX_FRAME_BYTES`, default 32 MiB). */
  maxFrameBytes: number;
  /** Time to finish the in-flight envelope on SIGTERM (`ASYA_SHUTDOWN_GRACE_SECONDS`, 20). */
  shutdownGraceMs: number;
  /**
   * Deliveries after which a message whose runtime call keeps losing the connection goes to
   * error-end instead of being released again (`ASYA_MAX_ATTEMPTS`, default 5).
   */
  maxAttempts: number;
  /**
   * Visibility lease of a received message (`ASYA_VISIBILITY_SECONDS`, default 30, at least
   * 2): each receive hides the message this long, and while it is processed the lease is
   * extended every third of it, so the message of a killed sidecar comes back within about
   * one lease.
   */
  visibilityMs: number;
}

export class ConfigError extends Error {
  readonly reason = 'InvalidConfig';

  constructor(variable: string, cause: string) {
    super(`cannot read setting "${variable}": ${cause}`);
    this.name = 'ConfigError';
  }
}

const actorNamePattern = /^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$/;

/**
 * Reads the sidecar configuration from an environment (default `process.env`).
 * Throws `ConfigError` (reason `InvalidConfig`) on the first missing or invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SidecarConfig {
  const actorName = required(env, 'ASYA_ACTOR_NAME');
  if (!actorNamePattern.test(actorName)) {
    throw new ConfigError('ASYA_ACTOR_NAME', 'must be 1-63 letters, digits, "-" or "_"');
  }

  const config: SidecarConfig = {
    actorName,
    socketDir: env.ASYA_SOCKET_DIR || '/var/run/asya',
    transport: transportSettings(required(env, 'ASYA_TRANSPORT')),
    queuePrefix: env.ASYA_QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX,
    timeoutMs: seconds(env, 'ASYA_TIMEOUT_SECONDS', 300),
    hopLimit: integer(env, 'ASYA_HOP_LIMIT', 100, 1, 1_000_000),
    concurrency: integer(env, 'ASYA_CONCURRENCY', 1, 1, 256),
    maxFrameBytes: integer(env, 'ASYA_MAX_FRAME_BYTES', 33_554_432, 1024, 2 ** 31 - 1),
    shutdownGraceMs: seconds(env, 'ASYA_SHUTDOWN_GRACE_SECONDS', 20),
    maxAttempts: integer(env, 'ASYA_MAX_ATTEMPTS', 5, 1, 1000),
    visibilityMs: lease(env, 'ASYA_VISIBILITY_SECONDS', 30),
  };

  if (!/^[A-Za-z0-9_-]*$/.test(config.queuePrefix)) {
    throw new ConfigError('ASYA_QUEUE_PREFIX', 'may only hold letters, digits, "-" or "_"');
  }
  if (env.ASYA_GATEWAY_URL) config.gatewayUrl = gatewayUrl(env.ASYA_GATEWAY_URL);
  if (env.ASYA_GATEWAY_TOKEN) config.gatewayToken = env.ASYA_GATEWAY_TOKEN;
  return config;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new ConfigError(name, 'is not set');
  return value.trim();
}

function transportSettings(text: string): TransportConfig {
  try {
    return parseTransportConfig(text);
  } catch (err) {
    // The transport's own message names the problem; keep only its cause part.
    const cause = (err as Error).message.replace(/^cannot [^:]*: /, '');
    throw new ConfigError('ASYA_TRANSPORT', cause);
  }
}

function gatewayUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('ASYA_GATEWAY_URL', 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('ASYA_GATEWAY_URL', 'must be an http or https URL');
  }
  return text.replace(/\/+$/, '');
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback * 1000;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(name, 'must be a positive number of seconds');
  }
  return Math.round(value * 1000);
}

/** Shortest and longest lease: a third of 2 s still leaves room for a slow extend; 12 h is
 *  the longest visibility timeout brokers accept. */
const MIN_LEASE_SECONDS = 2;
const MAX_LEASE_SECONDS = 43_200;

function lease(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback * 1000;
  const value = Number(text);
  if (!Number.isFinite(value) || value < MIN_LEASE_SECONDS || value > MAX_LEASE_SECONDS) {
    throw new ConfigError(
      name,
      `must be a number of seconds from ${MIN_LEASE_SECONDS} to ${MAX_LEASE_SECONDS}`,
    );
  }
  return Math.round(value * 1000);
}

function integer(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max}`);
  }
  return value;
}
