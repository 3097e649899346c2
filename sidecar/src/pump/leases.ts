/**
 * Visibility leases of the deliveries being worked on. Each receive hides a message for one
 * short lease; while the sidecar works on it (runtime call, publishing), a heartbeat extends
 * the lease every third of it. A sidecar that dies stops extending, so its message comes back
 * within about one lease instead of after the whole processing timeout.
 *
 * Rules this file owns:
 * - one heartbeat per held delivery, one timer at a time (the next extend is scheduled only
 *   after the previous one settled, so extends never pile up on a slow broker);
 * - `drop()` clears the timer and waits for an extend in flight, so no extend can land after
 *   the ack or release that follows (an extend after a release would hide the message again);
 * - a failed extend is logged at warn and the work goes on; when the delivery is gone
 *   (`DeliveryNotFound`, the message was redelivered) or the transport closed, the heartbeat
 *   ends: the later ack fails too and is handled by the caller (at-least-once).
 */
import type { Delivery, Transport } from '@asya/transport';
import type { Logger } from '@asya/telemetry';
import { reasonOf } from './settle.ts';

export interface LeaseOptions {
  transport: Transport;
  /** Lease length, in milliseconds; every receive and extend hides the message this long. */
  leaseMs: number;
  logger: Logger;
}

/** Extend failures after which extending again is pointless. */
const FINAL_REASONS = new Set(['DeliveryNotFound', 'Closed']);

/** The heartbeats of the deliveries a pump holds. */
export class Leases {
  private readonly held = new Map<Delivery, Heartbeat>();

  constructor(private readonly options: LeaseOptions) {}

  /** Interval between two extends: a third of the lease. */
  get intervalMs(): number {
    return Math.floor(this.options.leaseMs / 3);
  }

  /** Number of deliveries whose lease is being extended. */
  get size(): number {
    return this.held.size;
  }

  /** Starts extending the lease of `delivery` until `drop(delivery)`. Idempotent. */
  hold(delivery: Delivery): void {
    if (this.held.has(delivery)) return;
    this.held.set(delivery, new Heartbeat(delivery, this.options, this.intervalMs));
  }

  /**
   * Stops the heartbeat of `delivery` and waits for an extend in flight. Call it before the
   * ack or release. Idempotent; a no-op for a delivery not held.
   */
  async drop(delivery: Delivery): Promise<void> {
    const heartbeat = this.held.get(delivery);
    if (heartbeat === undefined) return;
    this.held.delete(delivery);
    await heartbeat.stop();
  }

  /** Stops every heartbeat (shutdown). */
  async dropAll(): Promise<void> {
    await Promise.all([...this.held.keys()].map((delivery) => this.drop(delivery)));
  }
}

class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private extending: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly delivery: Delivery,
    private readonly options: LeaseOptions,
    private readonly intervalMs: number,
  ) {
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.extending;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.extending = this.extend().then(() => this.schedule());
    }, this.intervalMs);
  }

  private async extend(): Promise<void> {
    const { transport, leaseMs, logger } = this.options;
    try {
      await transport.extend(this.delivery, leaseMs);
    } catch (err) {
      if (this.stopped) return; // acked or released meanwhile: nothing left to keep
      const reason = reasonOf(err);
      logger.warn(
        { reason, err, queue: this.delivery.queue, message_id: this.delivery.messageId },
        'lease extension failed',
      );
      if (FINAL_REASONS.has(reason)) this.stopped = true;
    }
  }
}
