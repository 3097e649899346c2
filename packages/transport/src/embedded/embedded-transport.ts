/**
 * The embedded transport: durable queues in one SQLite file, shared by separate processes on
 * one machine (`asya dev`, tests). It owns queue semantics (visibility timeout, redelivery,
 * dead-lettering, long-poll receive); the file settings and schema live in `database.ts`
 * and the SQL in `statements.ts`.
 *
 * It does not notify other processes of new messages: a waiting receive polls, with a pause
 * that starts at 5 ms and doubles up to 100 ms.
 */
import { randomUUID } from 'node:crypto';
import { createLogger, type Logger } from '@asya/telemetry';
import { DEFAULT_MAX_MESSAGE_BYTES } from '../config.ts';
import { TransportError } from '../errors.ts';
import { validateQueueName } from '../naming.ts';
import type { Delivery, QueueOptions, ReceiveOptions, Transport } from '../transport.ts';
import { openDatabase, type SqliteDatabase } from './database.ts';
import {
  DEFAULT_VISIBILITY_TIMEOUT_MS,
  checkMs,
  checkWaitMs,
  resolveQueueOptions,
} from './options.ts';
import {
  notCurrent,
  queueNotFound,
  toBytes,
  toDelivery,
  type EmbeddedDelivery,
} from './message.ts';
import { claimNext, prepareStatements, type Statements } from './statements.ts';
import { toTransportError } from './sqlite-errors.ts';
import { LocalWakeups, MIN_POLL_MS, nextPause } from './wait.ts';

export interface EmbeddedTransportOptions {
  /** Path of the SQLite file; created with its directory when missing. */
  path: string;
  /** Largest message body accepted by `send`, in bytes (default 262144). */
  maxMessageBytes?: number;
  /** Logger for lifecycle and dead-letter events (default: a `transport` JSON logger). */
  logger?: Logger;
}

interface Open {
  db: SqliteDatabase;
  st: Statements;
}

export class EmbeddedTransport implements Transport {
  readonly kind = 'embedded';
  readonly path: string;
  readonly maxMessageBytes: number;

  private open: Open | undefined;
  private closed = false;
  private readonly wakeups = new LocalWakeups();
  private readonly log: Logger;

  constructor(options: EmbeddedTransportOptions) {
    this.path = options.path;
    this.maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.log = options.logger ?? createLogger('transport', { transport: 'embedded' });
  }

  /** Opens the file and creates the schema. Idempotent; called by every operation. */
  start(): Promise<void> {
    return call(() => {
      this.connection();
    });
  }

  /** Closes the file. Idempotent; later operations fail with `Closed`, waiting receives
   *  return undefined, and unacked deliveries reappear after their visibility timeout. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    this.wakeups.wakeAll();
    this.open?.db.close();
    this.open = undefined;
    this.log.info('transport closed');
    return Promise.resolve();
  }

  ensureQueue(queue: string, options: QueueOptions = {}): Promise<void> {
    return call(() => {
      validateQueueName(queue);
      const resolved = resolveQueueOptions(queue, options);
      const { db, st } = this.connection();
      const now = Date.now();
      const run = db.transaction(() => {
        const existing = st.getQueue.get(queue);
        const dlq = resolved.deadLetter;
        const timeout =
          resolved.visibilityTimeoutMs ??
          existing?.visibility_timeout_ms ??
          DEFAULT_VISIBILITY_TIMEOUT_MS;
        if (existing === undefined) {
          st.insertQueue.run(queue, timeout, dlq?.queue ?? null, dlq?.maxDeliveries ?? null, now);
        } else {
          st.updateQueue.run(
            timeout,
            dlq === undefined ? existing.dead_letter_queue : dlq.queue,
            dlq === undefined ? existing.max_deliveries : dlq.maxDeliveries,
            queue,
          );
        }
        if (dlq !== undefined) st.insertQueue.run(dlq.queue, timeout, null, null, now);
      });
      run.immediate();
    }, `ensure queue "${queue}"`);
  }

  send(queue: string, body: Buffer | string): Promise<void> {
    return call(() => {
      validateQueueName(queue);
      const bytes = toBytes(queue, body, this.maxMessageBytes);
      const { st } = this.connection();
      const now = Date.now();
      st.insertMessage.run(randomUUID(), queue, bytes, now, now);
      this.wakeups.wake(queue);
    }, `send message to queue "${queue}"`);
  }

  async receive(
    queue: string,
    options: ReceiveOptions = {},
  ): Promise<EmbeddedDelivery | undefined> {
    const action = `receive from queue "${queue}"`;
    validateQueueName(queue);
    const waitMs = checkWaitMs(options.waitMs ?? 0, action);
    const visibility =
      options.visibilityTimeoutMs === undefined
        ? undefined
        : checkMs(options.visibilityTimeoutMs, 'visibilityTimeoutMs', action);
    const signal = options.signal;
    this.connection();

    const deadline = Date.now() + waitMs;
    let pause = MIN_POLL_MS;
    for (;;) {
      // Checked before every claim: a receive that was aborted or closed must not take a
      // message its caller will never see.
      if (this.closed || signal?.aborted === true) return undefined;

      const delivery = this.tryClaim(queue, visibility, action);
      if (delivery !== undefined) return delivery;

      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await this.wakeups.pause(queue, Math.min(pause, remaining), signal);
      pause = nextPause(pause);
    }
  }

  ack(delivery: Delivery): Promise<void> {
    return call(() => {
      const { st } = this.connection();
      const changes = st.ack.run(delivery.messageId, delivery.queue, delivery.deliveryCount);
      if (changes.changes === 0) throw notCurrent('ack', delivery);
    }, `ack message "${delivery.messageId}"`);
  }

  release(delivery: Delivery, delayMs = 0): Promise<void> {
    const action = `release message "${delivery.messageId}"`;
    return call(() => {
      this.setVisibleAt(delivery, checkMs(delayMs, 'delayMs', action), 'release');
      if (delayMs === 0) this.wakeups.wake(delivery.queue);
    }, action);
  }

  extend(delivery: Delivery, visibilityTimeoutMs: number): Promise<void> {
    const action = `extend message "${delivery.messageId}"`;
    return call(() => {
      const ms = checkMs(visibilityTimeoutMs, 'visibilityTimeoutMs', action);
      this.setVisibleAt(delivery, ms, 'extend');
    }, action);
  }

  depth(queue: string): Promise<number> {
    return call(() => {
      validateQueueName(queue);
      const { st } = this.connection();
      if (st.getQueue.get(queue) === undefined) throw queueNotFound('count messages of', queue);
      return st.depth.get(queue, Date.now())?.n ?? 0;
    }, `count messages of queue "${queue}"`);
  }

  /** Deletes a queue and its messages; a no-op when it does not exist. Embedded only. */
  deleteQueue(queue: string): Promise<void> {
    return call(() => {
      validateQueueName(queue);
      this.connection().st.deleteQueue.run(queue);
    }, `delete queue "${queue}"`);
  }

  private tryClaim(
    queue: string,
    visibility: number | undefined,
    action: string,
  ): EmbeddedDelivery | undefined {
    try {
      const { db, st } = this.connection();
      const result = claimNext(db, st, queue, Date.now(), visibility);
      if (!result.queueFound) throw queueNotFound('receive from', queue);
      if (result.deadLettered > 0) {
        this.log.warn(
          { queue, name: result.deadLetterQueue, reason: 'MaxDeliveriesExceeded' },
          'messages moved to dead-letter queue',
        );
      }
      return result.row === undefined ? undefined : toDelivery(queue, result.row);
    } catch (err) {
      throw toTransportError(err, action);
    }
  }

  private setVisibleAt(delivery: Delivery, fromNowMs: number, verb: string): void {
    const { st } = this.connection();
    const visibleAt = Date.now() + fromNowMs;
    const result = st.setVisibleAt.run(
      visibleAt,
      delivery.messageId,
      delivery.queue,
      delivery.deliveryCount,
    );
    if (result.changes === 0) throw notCurrent(verb, delivery);
  }

  private connection(): Open {
    if (this.closed) {
      throw new TransportError('Closed', `cannot use transport "${this.path}": it is closed`);
    }
    if (this.open === undefined) {
      const db = openDatabase(this.path);
      this.open = { db, st: prepareStatements(db) };
      this.log.info({ name: this.path }, 'transport opened');
    }
    return this.open;
  }
}

/** Runs a synchronous operation, turning its failures into a rejected TransportError. */
function call<T>(fn: () => T, action = 'open transport'): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(toTransportError(err, action));
  }
}
