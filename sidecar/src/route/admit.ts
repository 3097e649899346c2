/**
 * The checks made on a parsed envelope before the runtime is called, in this order:
 * 1. reserved headers are well-formed (else `msg_parsing_error`);
 * 2. `actors[current]` is this actor (else `route_mismatch`; a finished route is a mismatch);
 * 3. the deadline, when set, is still ahead (else `deadline_exceeded`);
 * 4. fewer than `hopLimit` hops were made (else `hop_limit_exceeded`).
 * An admitted envelope gets `x-asya-attempt` = the transport's delivery count. Pure.
 */
import { Headers, Reasons, type Envelope } from '@asya/envelope';
import { readDeadline, readHops, withHeaders } from './headers.ts';
import { toErrorEnd, type Outgoing, type RouteContext } from './outgoing.ts';

export interface AdmitInput {
  envelope: Envelope;
  /** Delivery count of the message, from the transport (1 on the first delivery). */
  attempt: number;
  /** Current time, epoch milliseconds. */
  now: number;
}

export type Admission =
  | {
      kind: 'process';
      /** The envelope to hand to the runtime (attempt header set). */
      envelope: Envelope;
      /** Hops made before this one. */
      hops: number;
      /** Deadline in epoch milliseconds, when the envelope has one. */
      deadline?: number;
    }
  | { kind: 'reject'; outgoing: Outgoing };

/** Decides whether the envelope may be handed to the runtime; see the file header. */
export function admit(input: AdmitInput, ctx: RouteContext): Admission {
  const envelope = withHeaders(input.envelope, { [Headers.attempt]: input.attempt });
  const reject = (reason: string, message: string): Admission => ({
    kind: 'reject',
    outgoing: toErrorEnd(envelope, reason, message, ctx),
  });

  const hops = readHops(envelope);
  if (!hops.ok) return reject(Reasons.MsgParsingError, hops.message);
  const deadline = readDeadline(envelope);
  if (!deadline.ok) return reject(Reasons.MsgParsingError, deadline.message);

  const { actors, current } = envelope.route;
  const expected = actors[current];
  if (expected !== ctx.actor) {
    const found = expected === undefined ? 'the finished route' : `actor "${expected}"`;
    return reject(Reasons.RouteMismatch, `envelope is for ${found}, not "${ctx.actor}"`);
  }

  if (deadline.value !== undefined && deadline.value <= input.now) {
    return reject(Reasons.DeadlineExceeded, 'deadline passed before processing');
  }

  if (hops.value >= ctx.hopLimit) {
    return reject(
      Reasons.HopLimitExceeded,
      `envelope made ${hops.value} hops, limit is ${ctx.hopLimit}`,
    );
  }

  const admitted: Admission = { kind: 'process', envelope, hops: hops.value };
  if (deadline.value !== undefined) admitted.deadline = deadline.value;
  return admitted;
}
