/**
 * Builds the envelope sent to error-end. The wire shape is shared with the established
 * implementation: same id, parent id, route (not advanced) and headers as the failed input,
 * with payload `{ error, details: { message, type, traceback }, original_payload }`.
 */
import type { Envelope, Route } from './envelope.ts';
import type { RawBody } from './parse.ts';

export interface ErrorDetails {
  message: string;
  type?: string;
  traceback?: string;
  /** Name of the actor where the failure happened. */
  actor?: string;
  /** Index of that actor in the route. */
  current?: number;
  [key: string]: unknown;
}

export interface ErrorPayload {
  error: string;
  details: ErrorDetails;
  original_payload: unknown;
  /** Set when the input could not be parsed: its raw text (base64 when not UTF-8). */
  original_message?: RawBody;
}

/** Error envelope for an input that was a valid envelope. */
export function errorEnvelope(input: Envelope, error: string, details: ErrorDetails): Envelope {
  const payload: ErrorPayload = { error, details, original_payload: input.payload };
  const out: Envelope = { id: input.id, route: cloneRoute(input.route), payload };
  if (input.parent_id !== undefined) out.parent_id = input.parent_id;
  if (input.headers !== undefined) out.headers = { ...input.headers };
  return out;
}

/**
 * Error envelope for a message that is not a valid envelope. Whatever could be recovered
 * (an id, a route) is kept; the raw body is preserved so nothing is lost.
 */
export function unparsableErrorEnvelope(
  raw: RawBody,
  message: string,
  fallbackId: string,
  actor: string,
): Envelope {
  const salvaged = salvage(raw);
  const payload: ErrorPayload = {
    error: 'msg_parsing_error',
    details: { message, type: 'EnvelopeParseError', actor },
    original_payload: salvaged.payload ?? null,
    original_message: raw,
  };
  return {
    id: salvaged.id ?? fallbackId,
    route: { actors: [actor], current: 0 },
    ...(salvaged.headers ? { headers: salvaged.headers } : {}),
    payload,
  };
}

function salvage(raw: RawBody): {
  id?: string;
  headers?: Record<string, unknown>;
  payload?: unknown;
} {
  if (raw.encoding !== 'utf8') return {};
  try {
    const value = JSON.parse(raw.data) as unknown;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const obj = value as Record<string, unknown>;
    return {
      ...(typeof obj.id === 'string' && obj.id !== '' ? { id: obj.id } : {}),
      ...(isPlainObject(obj.headers) ? { headers: obj.headers } : {}),
      ...('payload' in obj ? { payload: obj.payload } : {}),
    };
  } catch {
    return {};
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function cloneRoute(route: Route): Route {
  return {
    actors: [...route.actors],
    current: route.current,
    ...(route.metadata ? { metadata: route.metadata } : {}),
  };
}
