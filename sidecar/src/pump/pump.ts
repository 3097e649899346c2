/**
 * The message pump: `concurrency` workers, each looping receive -> process -> ack/release on
 * the actor's queue. The pump owns the loop and its shutdown; what happens to one message is
 * in `process-delivery.ts`, the ack/release rule in `settle.ts`, and the visibility lease of a
 * message being worked on (short, extended by a heartbeat) in `leases.ts`.
 *
 * Shutdown (`stop(graceMs)`): receiving stops at once; envelopes in flight get `graceMs` to
 * finish; after that their runtime calls are aborted and the deliveries released, so a
 * message is either finished or back on its queue, never lost. No lease heartbeat outlives
 * the delivery it keeps, nor the pump.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Transport } from '@asya/transport';
import type { Logger } from '@asya/telemetry';
import { receiveRetryDelayMs } from './backoff.ts';
import { Leases } from './leases.ts';
import { processDelivery, type ProcessDeps } from './process-delivery.ts';
import { reasonOf, release } from './settle.ts';

export interface PumpOptions extends ProcessDeps {
  transport: Transport;
  /** The actor's own queue. */
  queue: string;
  concurrency: number;
  logger: Logger;
  /** Visibility lease of a received message, extended every third of it while processed. */
  leaseMs: number;
  /** Longest wait of one receive call (default 1000 ms). */
  receiveWaitMs?: number;
}

export class Pump {
  private readonly receiving = new AbortController();
  private readonly inFlight = new AbortController();
  private workers: Promise<void>[] = [];
  private readonly leases: Leases;
  private readonly deps: ProcessDeps;

  constructor(private readonly options: PumpOptions) {
    const { transport, leaseMs, logger } = options;
    this.leases = new Leases({ transport, leaseMs, logger });
    this.deps = { ...options, leases: this.leases };
  }

  /** Starts the workers. Idempotent. */
  start(): void {
    if (this.workers.length > 0 || this.receiving.signal.aborted) return;
    for (let index = 0; index < this.options.concurrency; index++) {
      this.workers.push(this.work());
    }
  }

  /**
   * Stops receiving, gives envelopes in flight `graceMs` to finish, then aborts the rest
   * (their deliveries are released). Resolves when every worker has ended. Idempotent.
   */
  async stop(graceMs: number): Promise<void> {
    this.receiving.abort();
    const all = Promise.all(this.workers);
    const graceOver = new AbortController();
    const grace = sleep(graceMs, false, { signal: graceOver.signal }).catch(() => false);
    const finished = await Promise.race([all.then(() => true), grace]);
    graceOver.abort(); // clears the timer, so a finished pump does not keep the process alive
    if (!finished) {
      this.options.logger.warn({ reason: 'ShutdownGraceExpired' }, 'aborting envelopes in flight');
      this.inFlight.abort();
      await all;
    }
    await this.leases.dropAll(); // none left by contract; a worker defect must not leak one
  }

  private async work(): Promise<void> {
    const { transport, queue, logger, readiness } = this.options;
    const stop = this.receiving.signal;
    const visibilityTimeoutMs = this.options.leaseMs;
    let failures = 0;

    while (!stop.aborted) {
      // Wait for the runtime first: a message received now could only be held or released.
      const ready = await readiness.waitReady(stop, () =>
        logger.info({ reason: 'RuntimeNotReady' }, 'waiting for runtime'),
      );
      if (!ready) break;

      // Receive one message, waiting a short while so a stop request is noticed quickly.
      let delivery;
      try {
        delivery = await transport.receive(queue, {
          waitMs: this.options.receiveWaitMs ?? 1000,
          visibilityTimeoutMs,
          signal: stop,
        });
        failures = 0;
      } catch (err) {
        failures++;
        logger.warn({ reason: reasonOf(err), err, queue }, 'receive failed');
        await sleep(receiveRetryDelayMs(failures), undefined, { signal: stop }).catch(() => {});
        continue;
      }
      if (delivery === undefined) continue;

      // Process it to the end (ack or release, each of which stops the lease heartbeat);
      // only a shutdown past its grace cuts it short. processDelivery never throws by
      // contract; if a defect makes it, the message is released rather than left invisible,
      // and the worker keeps going.
      this.leases.hold(delivery);
      try {
        await processDelivery(this.deps, delivery, this.inFlight.signal);
      } catch (err) {
        logger.error({ reason: 'Unexpected', err, queue }, 'delivery processing failed');
        await release(this.deps, delivery, err);
      } finally {
        await this.leases.drop(delivery);
      }
    }
  }
}
