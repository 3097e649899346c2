/**
 * The last step of every delivery: publish its outgoing messages, then ack; or release it
 * for redelivery. This file owns the ack/release rule of the sidecar:
 *
 * - ack only after every outgoing message was published (at-least-once: a crash between
 *   publish and ack gives a duplicate, never a loss);
 * - an output the broker refuses as too large is replaced by one error-end message
 *   (`message_too_large`) for the input (without its payload if that is too large as well),
 *   so a deterministic failure is not redelivered forever; outputs published before it stay;
 * - any other publish failure is the sidecar's own: the delivery is released with backoff;
 * - the lease heartbeat of the delivery stops before its ack or release; an ack refused with
 *   `DeliveryNotFound` means the lease ran out and the message was delivered again: the
 *   outputs stay published and the other delivery processes it once more (at-least-once).
 */
import { ERROR_END, Reasons, type Envelope } from '@asya/envelope';
import { queueName, TransportError, type Delivery, type Transport } from '@asya/transport';
import type { Logger } from '@asya/telemetry';
import { toErrorEnd, type Outgoing, type RouteContext } from '../route/index.ts';
import { releaseDelayMs } from './backoff.ts';
import type { Leases } from './leases.ts';

export interface SettleDeps {
  transport: Transport;
  queuePrefix: string;
  ctx: RouteContext;
  logger: Logger;
  /** Lease heartbeats, stopped before each ack or release (none in some unit tests). */
  leases?: Leases;
}

/** Queues already ensured by this process; creating them is idempotent but not free. */
const ensured = new WeakMap<Transport, Set<string>>();

/**
 * Publishes `outgoing` then acks `delivery`. Returns true when acked, false when the delivery
 * was released instead. Never throws.
 */
export async function publishAndAck(
  deps: SettleDeps,
  delivery: Delivery,
  outgoing: Outgoing[],
  input?: Envelope,
): Promise<boolean> {
  let failure = await tryPublish(deps, outgoing);
  if (failure !== undefined && isTooLarge(failure.err) && input !== undefined) {
    failure = await tryPublish(deps, [tooLargeErrorEnd(deps, input, false)]);
    // The input payload itself is too big to travel inside an error envelope: send the
    // error without it rather than releasing a message that can never succeed.
    if (failure !== undefined && isTooLarge(failure.err)) {
      failure = await tryPublish(deps, [tooLargeErrorEnd(deps, input, true)]);
    }
  }
  if (failure !== undefined) return release(deps, delivery, failure.err);

  await deps.leases?.drop(delivery);
  try {
    await deps.transport.ack(delivery);
  } catch (err) {
    // The outputs are out; the message comes back (or already came back, DeliveryNotFound)
    // after its lease and is processed again: a duplicate, never a loss.
    deps.logger.warn(
      { reason: reasonOf(err), err, queue: delivery.queue, message_id: delivery.messageId },
      'ack failed',
    );
  }
  return true;
}

function isTooLarge(err: unknown): boolean {
  return err instanceof TransportError && err.reason === 'MessageTooLarge';
}

function tooLargeErrorEnd(deps: SettleDeps, input: Envelope, omitPayload: boolean): Outgoing {
  const message = 'message over the size limit of the transport';
  const extra = omitPayload ? { original_payload_omitted: true } : {};
  const outgoing = toErrorEnd(input, Reasons.MessageTooLarge, message, deps.ctx, extra);
  if (omitPayload) {
    (outgoing.envelope.payload as { original_payload: unknown }).original_payload = null;
  }
  return outgoing;
}

/** Releases `delivery` for redelivery with backoff. Returns false. Never throws. */
export async function release(
  deps: SettleDeps,
  delivery: Delivery,
  cause: unknown,
): Promise<false> {
  const delayMs = releaseDelayMs(delivery.deliveryCount);
  deps.logger.warn(
    { reason: reasonOf(cause), err: cause, queue: delivery.queue },
    'delivery released',
  );
  await deps.leases?.drop(delivery);
  try {
    await deps.transport.release(delivery, delayMs);
  } catch (err) {
    // Not fatal: the visibility timeout makes the message visible again anyway.
    deps.logger.warn({ reason: reasonOf(err), err }, 'release failed');
  }
  return false;
}

/** Publishes `outgoing`; resolves with the failure instead of throwing it. */
async function tryPublish(
  deps: SettleDeps,
  outgoing: Outgoing[],
): Promise<{ err: unknown } | undefined> {
  try {
    await publishAll(deps, outgoing);
    return undefined;
  } catch (err) {
    return { err };
  }
}

async function publishAll(deps: SettleDeps, outgoing: Outgoing[]): Promise<void> {
  for (const message of outgoing) {
    const queue = queueName(message.destination, deps.queuePrefix);
    await ensureOnce(deps.transport, queue);
    await deps.transport.send(queue, JSON.stringify(message.envelope));
    deps.logger.debug(
      { envelope_id: message.envelope.id, queue, route_step: message.envelope.route.current },
      message.destination === ERROR_END ? 'envelope sent to error-end' : 'envelope sent',
    );
  }
}

async function ensureOnce(transport: Transport, queue: string): Promise<void> {
  let known = ensured.get(transport);
  if (!known) ensured.set(transport, (known = new Set()));
  if (known.has(queue)) return;
  await transport.ensureQueue(queue);
  known.add(queue);
}

/** The stable reason of an error for logs. */
export function reasonOf(err: unknown): string {
  const reason = (err as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : 'Unexpected';
}
