/**
 * Reading and writing the headers Asya reserves (`x-asya-hops`, `x-asya-deadline`,
 * `x-asya-attempt`). User headers are never touched. A reserved header with a value of the
 * wrong type is reported, not guessed at.
 */
import { Headers, type Envelope } from '@asya/envelope';

export type HeaderRead<T> = { ok: true; value: T } | { ok: false; message: string };

/** Hops made so far; 0 when the header is absent. */
export function readHops(envelope: Envelope): HeaderRead<number> {
  const value = envelope.headers?.[Headers.hops];
  if (value === undefined || value === null) return { ok: true, value: 0 };
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return { ok: true, value };
  }
  return { ok: false, message: `header "${Headers.hops}" must be a non-negative integer` };
}

/** Deadline in epoch milliseconds; undefined when the header is absent. */
export function readDeadline(envelope: Envelope): HeaderRead<number | undefined> {
  const value = envelope.headers?.[Headers.deadline];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  // RFC 3339 requires a date, a time and an offset; Date.parse alone accepts far more.
  const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  const millis = typeof value === 'string' && rfc3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(millis)) {
    return { ok: false, message: `header "${Headers.deadline}" must be an RFC 3339 timestamp` };
  }
  return { ok: true, value: millis };
}

/** A copy of `envelope` whose headers carry `patch` on top of the existing ones. */
export function withHeaders(envelope: Envelope, patch: Record<string, unknown>): Envelope {
  return { ...envelope, headers: { ...envelope.headers, ...patch } };
}

/**
 * Headers of an output: the input's headers, then what the output set, then the reserved
 * values the handler may not change (hop count advanced by one, the input's deadline when
 * it had one).
 */
export function outputHeaders(
  input: Envelope,
  output: Record<string, unknown> | undefined,
  hops: number,
): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...input.headers, ...output, [Headers.hops]: hops };
  const deadline = input.headers?.[Headers.deadline];
  if (deadline !== undefined) headers[Headers.deadline] = deadline;
  return headers;
}
