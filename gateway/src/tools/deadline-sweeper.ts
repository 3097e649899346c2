/**
 * The deadline sweep: periodically marks envelopes past their deadline `failed` with reason
 * `timeout`. Deadlines live in the database, so they survive restarts and any replica may
 * sweep; the SQL guard makes concurrent sweeps harmless.
 */
import { Reasons } from '@asya/envelope';
import type { Logger } from '@asya/telemetry';
import type { EnvelopeStore } from '../store/envelope-store.ts';

export class DeadlineSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: EnvelopeStore,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Starts sweeping every interval (first sweep at once). Idempotent. */
  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  /** Stops sweeping and waits for a sweep in progress. Idempotent. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs one sweep now; resolves to the number of envelopes it expired. */
  async sweep(): Promise<number> {
    const expired = await this.store.expireOverdue();
    for (const record of expired) {
      this.log.info({ envelope_id: record.id, reason: Reasons.Timeout }, 'envelope timed out');
    }
    return expired.length;
  }

  private tick(): void {
    if (this.running !== undefined) return;
    this.running = this.sweep()
      .then(() => undefined)
      .catch((err: unknown) => this.log.warn({ err }, 'deadline sweep failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
