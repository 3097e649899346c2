/**
 * Turns a finished envelope into the body of the gateway's final callback
 * (`POST /envelopes/{id}/final`). happy-end reports `succeeded` with the payload as result;
 * error-end reports `failed` with the error read from the error payload of the wire contract
 * (`{error, details: {message, type, actor, current}, original_payload}`).
 */
import type { Envelope, FinalBody, FinalError } from '@asya/envelope';

/** Reason used when an envelope reaches error-end without an error payload. */
export const UNKNOWN_ERROR = 'unknown_error';

export function succeededReport(envelope: Envelope): FinalBody {
  return withHeaders({ id: envelope.id, status: 'succeeded', result: envelope.payload }, envelope);
}

export function failedReport(envelope: Envelope): FinalBody {
  return withHeaders({ id: envelope.id, status: 'failed', error: errorOf(envelope) }, envelope);
}

function errorOf(envelope: Envelope): FinalError {
  const payload = asRecord(envelope.payload);
  const details = asRecord(payload?.details);
  const { actors, current } = envelope.route;

  const error: FinalError = {
    reason:
      typeof payload?.error === 'string' && payload.error !== '' ? payload.error : UNKNOWN_ERROR,
    message:
      typeof details?.message === 'string'
        ? details.message
        : 'envelope reached error-end without an error description',
  };
  if (typeof details?.type === 'string') error.type = details.type;

  const actor = typeof details?.actor === 'string' ? details.actor : actors[current];
  if (actor !== undefined) error.actor = actor;
  const index = typeof details?.current === 'number' ? details.current : current;
  if (Number.isInteger(index)) error.current = index;
  return error;
}

function withHeaders(report: FinalBody, envelope: Envelope): FinalBody {
  if (envelope.headers !== undefined) report.headers = envelope.headers;
  return report;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
