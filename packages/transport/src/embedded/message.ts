/**
 * Messages at the edges of the embedded transport: the checks a body passes before it is
 * stored, and the Delivery built from a claimed row. Bodies are opaque bytes; a string is
 * stored as its UTF-8 encoding.
 */
import { TransportError } from '../errors.ts';
import type { Delivery } from '../transport.ts';
import type { ClaimedRow } from './statements.ts';

/** Why and when a message reached the dead-letter queue it was received from. */
export interface DeadLetterInfo {
  /** `MaxDeliveriesExceeded`. */
  reason: string;
  /** The queue the message was dead-lettered from. */
  sourceQueue: string;
  /** Deliveries it had there. */
  deliveries: number;
  /** When it was moved (ISO 8601). */
  at: string;
}

/** A delivery of the embedded transport; `deadLetter` is set on dead-lettered messages. */
export interface EmbeddedDelivery extends Delivery {
  readonly deadLetter?: DeadLetterInfo;
}

// A lone surrogate has no UTF-8 encoding: Buffer.from would replace it with U+FFFD and the
// consumer would receive other text than was sent.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Returns the bytes to store for `body`.
 *
 * @throws TransportError `InvalidArgument` for a body that is neither a Buffer nor a string,
 *   or a string with a lone surrogate; `MessageTooLarge` above `maxBytes`.
 */
export function toBytes(queue: string, body: unknown, maxBytes: number): Buffer {
  const action = `cannot send message to queue "${queue}"`;
  if (typeof body === 'string' && loneSurrogate.test(body)) {
    throw new TransportError('InvalidArgument', `${action}: body has a lone UTF-16 surrogate`);
  }
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  if (!Buffer.isBuffer(bytes)) {
    throw new TransportError('InvalidArgument', `${action}: body must be a Buffer or a string`);
  }
  if (bytes.length > maxBytes) {
    throw new TransportError(
      'MessageTooLarge',
      `${action}: body is ${bytes.length} bytes, the limit is ${maxBytes}`,
    );
  }
  return bytes;
}

/** Builds the frozen Delivery handed to the consumer. */
export function toDelivery(queue: string, row: ClaimedRow): EmbeddedDelivery {
  const delivery: EmbeddedDelivery = {
    messageId: row.id,
    queue,
    body: row.body,
    deliveryCount: row.delivery_count,
    ...(row.dead_letter_reason === null
      ? {}
      : {
          deadLetter: {
            reason: row.dead_letter_reason,
            sourceQueue: row.dead_letter_source ?? '',
            deliveries: row.dead_letter_deliveries ?? 0,
            at: new Date(row.dead_lettered_at ?? 0).toISOString(),
          },
        }),
  };
  return Object.freeze(delivery);
}

/** The error for an ack, release or extend of a delivery that is no longer current. */
export function notCurrent(verb: string, delivery: Delivery): TransportError {
  return new TransportError(
    'DeliveryNotFound',
    `cannot ${verb} message "${delivery.messageId}": delivery ${delivery.deliveryCount} on ` +
      `queue "${delivery.queue}" is no longer current (acked, redelivered or deleted)`,
  );
}

/** The error for an operation on a queue that does not exist. */
export function queueNotFound(verb: string, queue: string): TransportError {
  return new TransportError('QueueNotFound', `cannot ${verb} queue "${queue}": it does not exist`);
}
