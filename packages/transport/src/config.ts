/**
 * Transport configuration: a discriminated union on `kind`, one variant per broker. Only
 * `embedded` exists today; `rabbitmq` and `sqs` join the union later without changing the
 * embedded shape. The same JSON travels in the sidecar's `ASYA_TRANSPORT` variable.
 *
 * Validation is strict: unknown keys, wrong types and unknown kinds are refused with
 * `TransportError` reason `InvalidConfig`, so a typo never falls back to a default.
 */
import { TransportError } from './errors.ts';

/** SQS's limit, used by every transport unless configured otherwise. */
export const DEFAULT_MAX_MESSAGE_BYTES = 256 * 1024;

/** Largest `maxMessageBytes` accepted: well under SQLite's default blob limit of 1 GB. */
export const MAX_MAX_MESSAGE_BYTES = 512 * 1024 * 1024;

/** One SQLite file on one machine, shared by every local process that opens it. */
export interface EmbeddedTransportConfig {
  kind: 'embedded';
  /** Path of the SQLite database file; created with its directory when missing. */
  path: string;
  /** Largest message body `send` accepts, in bytes (default 262144, like SQS). */
  maxMessageBytes?: number;
}

export type TransportConfig = EmbeddedTransportConfig;

export type TransportKind = TransportConfig['kind'];

const plannedKinds: ReadonlySet<string> = new Set(['rabbitmq', 'sqs']);
const embeddedKeys: ReadonlySet<string> = new Set(['kind', 'path', 'maxMessageBytes']);

/**
 * Checks an untrusted value and returns it as a TransportConfig.
 *
 * @throws TransportError `InvalidConfig` naming the first problem found.
 */
export function validateTransportConfig(value: unknown): TransportConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('unknown', 'config must be a JSON object');
  }
  const record = value as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== 'string' || kind.length === 0) {
    throw invalid('unknown', 'kind must be one of "embedded"');
  }
  if (plannedKinds.has(kind)) throw invalid(kind, 'kind is not implemented yet');
  if (kind !== 'embedded') throw invalid(kind, 'kind must be one of "embedded"');

  return validateEmbedded(record);
}

/**
 * Parses the JSON of a transport config, as found in the sidecar's `ASYA_TRANSPORT`.
 *
 * @throws TransportError `InvalidConfig` when the text is not JSON or not a valid config.
 */
export function parseTransportConfig(json: string): TransportConfig {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new TransportError(
      'InvalidConfig',
      'cannot configure transport "unknown": config is not valid JSON',
      { cause: err },
    );
  }
  return validateTransportConfig(value);
}

function validateEmbedded(record: Record<string, unknown>): EmbeddedTransportConfig {
  for (const key of Object.keys(record)) {
    if (!embeddedKeys.has(key)) throw invalid('embedded', `unknown key "${key.slice(0, 40)}"`);
  }

  const path = record.path;
  if (typeof path !== 'string' || path.trim().length === 0) {
    throw invalid('embedded', 'path must be a non-empty string');
  }
  if (path.includes('\u0000')) throw invalid('embedded', 'path must not contain NUL');

  const config: EmbeddedTransportConfig = { kind: 'embedded', path };
  const max = record.maxMessageBytes;
  if (max !== undefined) {
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1) {
      throw invalid('embedded', 'maxMessageBytes must be a positive integer');
    }
    if (max > MAX_MAX_MESSAGE_BYTES) {
      throw invalid('embedded', `maxMessageBytes must be at most ${MAX_MAX_MESSAGE_BYTES}`);
    }
    config.maxMessageBytes = max;
  }
  return config;
}

function invalid(kind: string, cause: string): TransportError {
  return new TransportError(
    'InvalidConfig',
    `cannot configure transport "${kind.slice(0, 40)}": ${cause}`,
  );
}
