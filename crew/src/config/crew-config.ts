/**
 * Configuration of one crew process, read from the environment like the sidecar's:
 *
 * | variable | meaning |
 * |---|---|
 * | `ASYA_CREW_ROLE` | `happy-end` or `error-end` (required) |
 * | `ASYA_TRANSPORT` | transport config JSON, e.g. `{"kind":"embedded","path":"q.sqlite"}` |
 * | `ASYA_QUEUE_PREFIX` | queue name prefix (default `asya-`) |
 * | `ASYA_GATEWAY_URL` | gateway base URL; without it outcomes are stored, not reported |
 * | `ASYA_GATEWAY_TOKEN` | bearer token for the gateway callbacks (optional) |
 * | `ASYA_PERSISTENCE` | `{"type":"none"}` (default) or `{"type":"file","path":"dir"}`; no `s3` |
 * | `ASYA_CREW_VISIBILITY_TIMEOUT_SECONDS` | seconds a message in hand stays invisible (60) |
 */
import { ERROR_END, HAPPY_END } from '@asya/envelope';
import { DEFAULT_QUEUE_PREFIX, parseTransportConfig, type TransportConfig } from '@asya/transport';
import { CrewError } from './crew-error.ts';
import { parsePersistence, type PersistenceConfig } from './persistence-config.ts';

export type CrewRole = typeof HAPPY_END | typeof ERROR_END;

export interface CrewConfig {
  role: CrewRole;
  transport: TransportConfig;
  queuePrefix: string;
  gatewayUrl?: string;
  gatewayToken?: string;
  persistence: PersistenceConfig;
  visibilityTimeoutMs: number;
}

/**
 * Reads and checks the crew configuration.
 *
 * @throws CrewError `InvalidConfig` naming the first bad variable (transport problems keep the
 *   transport's own error as cause).
 */
export function crewConfigFromEnv(env: NodeJS.ProcessEnv = process.env): CrewConfig {
  const role = env.ASYA_CREW_ROLE;
  if (role !== HAPPY_END && role !== ERROR_END) {
    throw invalid('ASYA_CREW_ROLE', 'must be "happy-end" or "error-end"');
  }

  const transportJson = env.ASYA_TRANSPORT;
  if (transportJson === undefined || transportJson.trim() === '') {
    throw invalid('ASYA_TRANSPORT', 'is required');
  }
  let transport: TransportConfig;
  try {
    transport = parseTransportConfig(transportJson);
  } catch (err) {
    throw invalid('ASYA_TRANSPORT', (err as Error).message, err);
  }

  const config: CrewConfig = {
    role,
    transport,
    queuePrefix: env.ASYA_QUEUE_PREFIX ?? DEFAULT_QUEUE_PREFIX,
    persistence: parsePersistence(env.ASYA_PERSISTENCE),
    visibilityTimeoutMs: seconds(env, 'ASYA_CREW_VISIBILITY_TIMEOUT_SECONDS', 60) * 1000,
  };

  const url = env.ASYA_GATEWAY_URL?.trim();
  if (url) {
    if (!/^https?:\/\/[^\s]+$/.test(url))
      throw invalid('ASYA_GATEWAY_URL', 'must be an http(s) URL');
    config.gatewayUrl = url.replace(/\/+$/, '');
  }
  const token = env.ASYA_GATEWAY_TOKEN?.trim();
  if (token) config.gatewayToken = token;
  return config;
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw invalid(name, 'must be a positive number');
  return value;
}

function invalid(variable: string, cause: string, err?: unknown): CrewError {
  return new CrewError('InvalidConfig', `cannot configure crew "${variable}": ${cause}`, err);
}
