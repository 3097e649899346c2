/**
 * Turns the runtime's response for one envelope into the messages to publish. Pure.
 *
 * - `[{error, details}]`: the handler failed; one error-end message with that code.
 * - `[]`: abort; the input (route not advanced) goes to happy-end.
 * - `[out0, out1, ...]`: each output goes to `actors[current]` of its own route, or to
 *   happy-end when that route is finished. Output 0 keeps the input id; output i >= 1 gets
 *   `<id>-<i>` and `parent_id = <id>` unless the runtime set distinct ones. Headers are the
 *   input's plus the output's, with the hop count advanced and the deadline kept.
 * Every output is validated as an envelope and must keep the prefix `actors[0..current]` of
 * the input route; one bad output rejects the whole response (one `processing_error`), so a
 * partial fan-out is never published. A response that is not a list of objects is an
 * `invalid_runtime_response`.
 */
import {
  destinationOf,
  HAPPY_END,
  Headers,
  Reasons,
  validateEnvelope,
  type Envelope,
} from '@asya/envelope';
import { outputHeaders, withHeaders } from './headers.ts';
import { toErrorEnd, type Outgoing, type RouteContext } from './outgoing.ts';

export type ResponseOutcome = 'routed' | 'aborted' | 'failed';

export interface RoutedResponse {
  /** `routed`: outputs to publish; `aborted`: input to happy-end; `failed`: one error-end. */
  outcome: ResponseOutcome;
  outgoing: Outgoing[];
}

/** Decides the messages for the runtime's `response` to `input`, which made `hops` hops. */
export function routeResponse(
  input: Envelope,
  hops: number,
  response: unknown[],
  ctx: RouteContext,
): RoutedResponse {
  const fail = (reason: string, message: string, extra?: Record<string, unknown>) => ({
    outcome: 'failed' as const,
    outgoing: [toErrorEnd(input, reason, message, ctx, extra)],
  });

  const runtimeError = asRuntimeError(response);
  if (runtimeError) {
    const { error, details } = runtimeError;
    const message = typeof details.message === 'string' ? details.message : error;
    return fail(error, message, details);
  }

  if (response.length === 0) {
    const original = withHeaders(input, { [Headers.hops]: hops + 1 });
    return { outcome: 'aborted', outgoing: [{ destination: HAPPY_END, envelope: original }] };
  }

  const outgoing: Outgoing[] = [];
  for (const [index, item] of response.entries()) {
    if (!isObject(item)) {
      return fail(Reasons.InvalidRuntimeResponse, `output ${index} is not a JSON object`);
    }
    const candidate = identify(input, item, index);
    candidate.headers = outputHeaders(input, objectOrUndefined(item.headers), hops + 1);

    const checked = validateEnvelope(candidate);
    if (!checked.ok) {
      return fail(Reasons.ProcessingError, `output ${index}: ${checked.message}`, {
        type: 'InvalidOutput',
      });
    }
    if (!keepsPrefix(input, checked.envelope)) {
      return fail(
        Reasons.ProcessingError,
        `output ${index} rewrote the visited part of the route`,
        {
          type: 'InvalidOutput',
        },
      );
    }
    outgoing.push({ destination: destinationOf(checked.envelope), envelope: checked.envelope });
  }
  return { outcome: 'routed', outgoing };
}

/** The failure element `{error, details}` when the response is exactly that. */
function asRuntimeError(
  response: unknown[],
): { error: string; details: Record<string, unknown> } | undefined {
  const [first] = response;
  if (response.length !== 1 || !isObject(first)) return undefined;
  if (typeof first.error !== 'string' || 'route' in first || 'payload' in first) return undefined;
  return { error: first.error, details: objectOrUndefined(first.details) ?? {} };
}

/** The output with its id and parent id settled (see the file header). */
function identify(input: Envelope, item: Record<string, unknown>, index: number): Envelope {
  const candidate = { ...item } as unknown as Envelope;
  const ownId = typeof item.id === 'string' && item.id !== '' ? item.id : undefined;

  if (index === 0) {
    candidate.id = ownId ?? input.id;
    if (typeof item.parent_id !== 'string' && input.parent_id !== undefined) {
      candidate.parent_id = input.parent_id;
    }
    return candidate;
  }

  const distinct = ownId !== undefined && ownId !== input.id;
  candidate.id = distinct ? ownId : `${input.id}-${index}`;
  if (typeof item.parent_id !== 'string' || !distinct) candidate.parent_id = input.id;
  return candidate;
}

function keepsPrefix(input: Envelope, output: Envelope): boolean {
  const visited = input.route.actors.slice(0, input.route.current + 1);
  return visited.every((actor, k) => output.route.actors[k] === actor);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}
