/**
 * The vocabulary shared by the route decisions: an outgoing message (destination actor name,
 * or happy-end / error-end, plus the envelope to publish) and the helper that builds the one
 * error-end message of a failed envelope. Pure: no I/O, no clock.
 */
import { errorEnvelope, ERROR_END, type Envelope } from '@asya/envelope';

export interface Outgoing {
  /** Actor name, `happy-end` or `error-end`; the pump turns it into a queue name. */
  destination: string;
  envelope: Envelope;
}

/** What the sidecar knows about itself when it decides. */
export interface RouteContext {
  /** Name of the actor this sidecar serves. */
  actor: string;
  /** Hops an envelope may make before it goes to error-end. */
  hopLimit: number;
}

/**
 * The single error-end message for `input`: same id, parent id, route (not advanced) and
 * headers, with `error` = the reason code and details naming the actor and its index.
 */
export function toErrorEnd(
  input: Envelope,
  reason: string,
  message: string,
  ctx: RouteContext,
  extra: Record<string, unknown> = {},
): Outgoing {
  const details = { type: typeName(reason), ...extra, message, actor: ctx.actor };
  const envelope = errorEnvelope(input, reason, { ...details, current: input.route.current });
  return { destination: ERROR_END, envelope };
}

/** `route_mismatch` -> `RouteMismatch`: the CamelCase form used as `details.type`. */
export function typeName(reason: string): string {
  return reason
    .split(/[_\s-]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
