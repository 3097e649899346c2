/**
 * The gateway configuration: one validated object built from the JSON configuration file
 * (`ASYA_GATEWAY_CONFIG`) and environment overrides. Validation happens once, here; the rest
 * of the gateway trusts a `GatewayConfig`.
 *
 * File shape (every key optional except `transport` and, unless `allowUnauthenticated`,
 * `token`):
 *
 *   { "host": "0.0.0.0", "port": 8080, "publicUrl": "http://asya-gateway:8080",
 *     "databaseUrl": "postgres://...", "dataDir": "/var/lib/asya-gateway",
 *     "token": "...", "allowUnauthenticated": false,
 *     "transport": { "kind": "embedded", "path": "/x/queues.sqlite" }, "queuePrefix": "asya-",
 *     "pipelines": [ <Pipeline resources> ], "tools": [ <tool objects> ],
 *     "allowedOrigins": [], "allowedHosts": [], "maxBodyBytes": 1048576,
 *     "sweepIntervalMs": 1000, "pollIntervalMs": 250 }
 */
import { z } from 'zod';
import {
  DEFAULT_QUEUE_PREFIX,
  validateTransportConfig,
  type TransportConfig,
} from '@asya/transport';
import { GatewayError } from '../errors.ts';
import { parseTools, toolsFromPipelines, validateTools, type Tool } from './tools.ts';

export interface GatewayConfig {
  host: string;
  /** 0 picks a free port; the bound URL is returned by `start()`. */
  port: number;
  /** Base of the `status_url` / `stream_url` links; defaults to the bound URL. */
  publicUrl?: string;
  /** PostgreSQL URL; when absent an embedded PGlite serves the same SQL. */
  databaseUrl?: string;
  /** Data directory of the embedded database; absent means in memory (lost on exit). */
  dataDir?: string;
  /** Bearer token required on every endpoint except `/health`. */
  token?: string;
  /** Local development only: accept requests without a token. */
  allowUnauthenticated: boolean;
  /** Transport settings handed to `createTransport` of @asya/transport. */
  transport: TransportConfig;
  queuePrefix: string;
  tools: Tool[];
  /** Origins accepted besides loopback origins (`http://localhost:*` and the like). */
  allowedOrigins: string[];
  /** Host headers accepted besides loopback names when bound to a loopback address. */
  allowedHosts: string[];
  maxBodyBytes: number;
  /** How often the deadline sweep runs. */
  sweepIntervalMs: number;
  /** How often SSE streams and waiting calls look for events written by other replicas. */
  pollIntervalMs: number;
}

const fileShape = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  publicUrl: z.url().optional(),
  databaseUrl: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  allowUnauthenticated: z.boolean().default(false),
  transport: z.looseObject({ kind: z.string().min(1) }),
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .default(DEFAULT_QUEUE_PREFIX),
  pipelines: z.array(z.unknown()).default([]),
  tools: z.array(z.unknown()).default([]),
  allowedOrigins: z.array(z.string()).default([]),
  allowedHosts: z.array(z.string()).default([]),
  maxBodyBytes: z
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  sweepIntervalMs: z.number().int().positive().default(1000),
  pollIntervalMs: z.number().int().positive().default(250),
});

/** The configuration file as written, before defaults. */
export type GatewayConfigInput = z.input<typeof fileShape>;

/**
 * Validates a configuration object (the parsed file, overrides applied) and builds the tool
 * list from `pipelines` and `tools`. Throws GatewayError `InvalidConfig` or
 * `InvalidPipeline`.
 */
export function parseConfig(raw: unknown): GatewayConfig {
  const parsed = fileShape.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'config';
    throw new GatewayError(
      'InvalidConfig',
      `cannot load gateway config "${where}": ${issue?.message ?? 'invalid'}`,
    );
  }

  const { pipelines, tools, ...rest } = parsed.data;
  if (rest.token === undefined && !rest.allowUnauthenticated) {
    throw new GatewayError(
      'InvalidConfig',
      'cannot load gateway config "token": a token is required unless allowUnauthenticated is true',
    );
  }

  const all = validateTools(
    [...toolsFromPipelines(pipelines), ...parseTools(tools)],
    'InvalidConfig',
  );

  return { ...rest, transport: transportOf(rest.transport), tools: all };
}

function transportOf(raw: unknown): TransportConfig {
  try {
    return validateTransportConfig(raw);
  } catch (err) {
    throw new GatewayError(
      'InvalidConfig',
      `cannot load gateway config "transport": ${(err as Error).message}`,
    );
  }
}

/**
 * Applies environment overrides to a parsed-but-unvalidated file: `ASYA_DATABASE_URL`,
 * `ASYA_GATEWAY_TOKEN`, `ASYA_GATEWAY_PORT`, `ASYA_GATEWAY_HOST`, `ASYA_GATEWAY_DATA_DIR`,
 * `ASYA_TRANSPORT` (JSON) and `ASYA_QUEUE_PREFIX`. Throws `InvalidConfig` on a bad value.
 */
export function applyEnv(
  file: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
): Record<string, unknown> {
  const out = { ...file };
  if (env.ASYA_DATABASE_URL) out.databaseUrl = env.ASYA_DATABASE_URL;
  if (env.ASYA_GATEWAY_TOKEN) out.token = env.ASYA_GATEWAY_TOKEN;
  if (env.ASYA_GATEWAY_HOST) out.host = env.ASYA_GATEWAY_HOST;
  if (env.ASYA_GATEWAY_DATA_DIR) out.dataDir = env.ASYA_GATEWAY_DATA_DIR;
  if (env.ASYA_QUEUE_PREFIX !== undefined) out.queuePrefix = env.ASYA_QUEUE_PREFIX;
  if (env.ASYA_GATEWAY_PORT) {
    const port = Number(env.ASYA_GATEWAY_PORT);
    if (!Number.isInteger(port)) {
      throw new GatewayError(
        'InvalidConfig',
        'cannot load gateway config "ASYA_GATEWAY_PORT": not an integer',
      );
    }
    out.port = port;
  }
  if (env.ASYA_TRANSPORT) {
    try {
      out.transport = JSON.parse(env.ASYA_TRANSPORT) as unknown;
    } catch {
      throw new GatewayError(
        'InvalidConfig',
        'cannot load gateway config "ASYA_TRANSPORT": not valid JSON',
      );
    }
  }
  return out;
}
