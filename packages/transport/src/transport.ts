/**
 * The transport interface: one broker behind one small, pull-based API. The sidecar, the
 * crew and the gateway speak only this interface; `embedded/` (SQLite on one machine),
 * and later RabbitMQ and SQS, implement it.
 *
 * Semantics every implementation must give:
 * - at-least-once delivery: a received message stays invisible to other consumers for the
 *   visibility timeout; if it is neither acked nor released by then, it is delivered again
 *   (this is how the message of a consumer that died is redelivered);
 * - `deliveryCount` counts deliveries of that message, starting at 1;
 * - when a queue has a dead-letter queue and a message has been delivered `maxDeliveries`
 *   times without an ack, it is moved there instead of being delivered again;
 * - messages are opaque bytes; size limits are enforced by `send` with `TransportError`
 *   reason `MessageTooLarge`;
 * - queues must exist (`ensureQueue`) before `send`, `receive` and `depth`, which otherwise
 *   fail with `QueueNotFound`; queue names are checked with `InvalidQueueName`;
 * - a Delivery is one delivery, not the message: once the message was delivered again (or
 *   acked), `ack`, `release` and `extend` of the old Delivery fail with `DeliveryNotFound`;
 * - after `close()`, every operation fails with `Closed`.
 *
 * Every failure is a `TransportError` (see errors.ts); only `ConnectionFailed` is retryable.
 */

export interface QueueOptions {
  /** Default visibility timeout for receives on this queue, in milliseconds. */
  visibilityTimeoutMs?: number;
  /** Name of the dead-letter queue; created when missing. */
  deadLetterQueue?: string;
  /** Deliveries after which a message goes to the dead-letter queue. */
  maxDeliveries?: number;
}

export interface ReceiveOptions {
  /** How long to wait for a message before returning undefined, in milliseconds (default 0). */
  waitMs?: number;
  /** Overrides the queue's visibility timeout for this delivery. */
  visibilityTimeoutMs?: number;
  /** Stops waiting early; receive then returns undefined without taking a message. */
  signal?: AbortSignal;
}

export interface Delivery {
  /** Transport-assigned message id (not the envelope id). */
  readonly messageId: string;
  readonly queue: string;
  readonly body: Buffer;
  /** 1 on the first delivery. */
  readonly deliveryCount: number;
}

export interface Transport {
  /** Short name used in logs and metrics: `embedded`, `rabbitmq`, `sqs`. */
  readonly kind: string;

  /** Connects. Idempotent. */
  start(): Promise<void>;
  /** Disconnects; unacked deliveries become visible again after their timeout. Idempotent.
   *  A receive waiting at that moment returns undefined. */
  close(): Promise<void>;

  /** Creates the queue (and its dead-letter queue) when missing. Idempotent; options given
   *  for an existing queue replace its settings. */
  ensureQueue(queue: string, options?: QueueOptions): Promise<void>;
  /** Publishes one message. Resolves once the broker has it durably. */
  send(queue: string, body: Buffer | string): Promise<void>;
  /** Receives one message, waiting up to `waitMs`; undefined when none arrived. */
  receive(queue: string, options?: ReceiveOptions): Promise<Delivery | undefined>;
  /** Deletes a delivered message for good. */
  ack(delivery: Delivery): Promise<void>;
  /** Makes a delivered message visible again after `delayMs` (default 0). */
  release(delivery: Delivery, delayMs?: number): Promise<void>;
  /** Extends the invisibility of a delivery that is still being worked on: it becomes
   *  visible again `visibilityTimeoutMs` from now unless acked or released before. */
  extend(delivery: Delivery, visibilityTimeoutMs: number): Promise<void>;
  /** Number of messages waiting (visible) in the queue. */
  depth(queue: string): Promise<number>;
}
