/**
 * The loop of one crew actor (happy-end or error-end): receive a finished envelope, store it,
 * report its final state to the gateway, and only then ack. If storing fails or the gateway
 * stays unreachable, the message is released for redelivery instead of being dropped; storing
 * and reporting are both idempotent, so a redelivery repeats them safely.
 *
 * This file owns the loop and the ack decision; the report body is `final-report.ts`, HTTP
 * and its retries are `gateway-reporter.ts`, records are `outcome-store.ts`.
 */
import {
  HAPPY_END,
  parseEnvelope,
  unparsableErrorEnvelope,
  type Envelope,
  type FinalBody,
} from '@asya/envelope';
import type { Logger } from '@asya/telemetry';
import type { Delivery, Transport } from '@asya/transport';
import type { CrewRole } from '../config/crew-config.ts';
import type { OutcomeStore } from '../persistence/outcome-store.ts';
import { failedReport, succeededReport } from '../report/final-report.ts';
import type { GatewayReporter } from '../report/gateway-reporter.ts';
import { pause } from '../timing/pause.ts';

export interface CrewActorOptions {
  role: CrewRole;
  queue: string;
  transport: Transport;
  store: OutcomeStore;
  /** Absent when no gateway is configured: outcomes are stored only. */
  reporter?: GatewayReporter;
  logger: Logger;
  visibilityTimeoutMs?: number;
  /** Delay before a released message is visible again (default 2000 ms). */
  releaseDelayMs?: number;
  /** Pause after a transport error before receiving again (default 1000 ms). */
  errorPauseMs?: number;
}

export type HandleOutcome = 'acked' | 'released';

export class CrewActor {
  private readonly options: CrewActorOptions;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(options: CrewActorOptions) {
    this.options = options;
  }

  /** Creates the queue and starts consuming. Idempotent. */
  async start(): Promise<void> {
    if (this.loop) return;
    const { transport, queue, visibilityTimeoutMs } = this.options;
    await transport.ensureQueue(queue, { visibilityTimeoutMs: visibilityTimeoutMs ?? 60_000 });
    this.loop = this.run();
  }

  /** Stops after the message in hand (if any) is finished. Idempotent. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { transport, queue, logger } = this.options;
    const signal = this.abort.signal;
    logger.info({ queue, transport: transport.kind }, 'crew consuming');

    while (!signal.aborted) {
      let delivery: Delivery | undefined;
      try {
        delivery = await transport.receive(queue, { waitMs: 1000, signal });
      } catch (err) {
        if (signal.aborted) break;
        logger.warn({ queue, err }, 'crew receive failed');
        await pause(this.options.errorPauseMs ?? 1000, signal);
        continue;
      }
      if (delivery) await this.handle(delivery);
    }
    logger.info({ queue }, 'crew stopped');
  }

  /** Stores, reports and acks one delivery; releases it when any step must be retried. */
  async handle(delivery: Delivery): Promise<HandleOutcome> {
    const { transport, store, logger } = this.options;
    const { key, envelope, report } = this.interpret(delivery);
    const fields = { envelope_id: key, queue: delivery.queue };

    try {
      await store.store(key, envelope);
    } catch (err) {
      logger.error({ ...fields, err }, 'crew store failed');
      return this.release(delivery);
    }

    if (report && this.options.reporter) {
      const outcome = await this.options.reporter.report(report);
      if (outcome.kind === 'unreachable') {
        logger.warn({ ...fields, err: outcome.cause }, 'crew report failed, releasing');
        return this.release(delivery);
      }
      if (outcome.kind === 'refused') {
        logger.warn({ ...fields, reason: `Http${outcome.status}` }, 'crew report refused');
      }
    }

    try {
      await transport.ack(delivery);
    } catch (err) {
      // The message will come back after its visibility timeout; both steps repeat safely.
      logger.warn({ ...fields, err }, 'crew ack failed');
      return 'released';
    }
    logger.debug({ ...fields, status: report?.status }, 'crew envelope finished');
    return 'acked';
  }

  private interpret(delivery: Delivery): {
    key: string;
    envelope: Envelope;
    report: FinalBody | undefined;
  } {
    const parsed = parseEnvelope(delivery.body);
    if (parsed.ok) {
      const envelope = parsed.envelope;
      const report =
        this.options.role === HAPPY_END ? succeededReport(envelope) : failedReport(envelope);
      return { key: envelope.id, envelope, report };
    }

    // Not an envelope: keep the raw body; report only when an id could be salvaged.
    const fallback = `message-${delivery.messageId}`;
    const envelope = unparsableErrorEnvelope(
      parsed.raw,
      parsed.message,
      fallback,
      this.options.role,
    );
    const report = envelope.id === fallback ? undefined : failedReport(envelope);
    this.options.logger.warn(
      { envelope_id: envelope.id, queue: delivery.queue, reason: parsed.reason },
      'crew received an unparsable message',
    );
    return { key: envelope.id, envelope, report };
  }

  private async release(delivery: Delivery): Promise<HandleOutcome> {
    try {
      await this.options.transport.release(delivery, this.options.releaseDelayMs ?? 2000);
    } catch (err) {
      this.options.logger.warn({ queue: delivery.queue, err }, 'crew release failed');
    }
    return 'released';
  }
}
