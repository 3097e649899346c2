/**
 * Turns raw queue bytes into a validated envelope. Validation uses the same JSON Schema the
 * rest of the system is generated from, plus the one rule JSON Schema cannot state:
 * `route.current` may not exceed the number of actors.
 */
import { Ajv } from 'ajv';
import { envelopeSchema } from '@asya/schemas';
import type { Envelope } from './envelope.ts';

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const validate = ajv.compile<Envelope>(envelopeSchema);

export type ParseResult =
  | { ok: true; envelope: Envelope }
  | { ok: false; reason: 'msg_parsing_error'; message: string; raw: RawBody };

/** The body of a message that could not be parsed, kept so nothing is lost. */
export interface RawBody {
  encoding: 'utf8' | 'base64';
  data: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Returns the body as UTF-8 text when it is valid UTF-8, else as base64. */
export function rawBody(body: Uint8Array): RawBody {
  try {
    return { encoding: 'utf8', data: decoder.decode(body) };
  } catch {
    return { encoding: 'base64', data: Buffer.from(body).toString('base64') };
  }
}

/**
 * Parses and validates one message body. Never throws: a bad body yields
 * `{ ok: false, reason: 'msg_parsing_error' }` with a one-line message and the raw body.
 * Defaults are applied (`route.current` = 0).
 */
export function parseEnvelope(body: Uint8Array | string): ParseResult {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const raw = rawBody(bytes);
  if (raw.encoding !== 'utf8') {
    return failure('message is not valid UTF-8', raw);
  }

  let value: unknown;
  try {
    value = JSON.parse(raw.data);
  } catch (err) {
    return failure(`message is not valid JSON: ${(err as Error).message}`, raw);
  }

  return validateEnvelope(value, raw);
}

/** Validates an already-parsed value as an envelope (see `parseEnvelope`). */
export function validateEnvelope(value: unknown, raw?: RawBody): ParseResult {
  const fallback = raw ?? { encoding: 'utf8', data: safeStringify(value) };
  if (!validate(value)) {
    const first = validate.errors?.[0];
    const where = first?.instancePath === '' ? 'envelope' : `envelope${first?.instancePath}`;
    return failure(`invalid envelope: ${where} ${first?.message ?? 'is invalid'}`, fallback);
  }

  const { route } = value;
  if (route.current > route.actors.length) {
    return failure(
      `invalid envelope: route.current ${route.current} exceeds ${route.actors.length} actors`,
      fallback,
    );
  }

  return { ok: true, envelope: value };
}

function failure(message: string, raw: RawBody): ParseResult {
  return { ok: false, reason: 'msg_parsing_error', message, raw };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return String(value);
  }
}
