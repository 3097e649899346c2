/**
 * Assembles one sidecar from its configuration: the transport, the runtime client and its
 * readiness check, the progress reporter and the pump. `start()` connects and ensures the
 * actor's queue and the end queues; `close()` runs the graceful shutdown. Both idempotent.
 */
import { ERROR_END, HAPPY_END } from '@asya/envelope';
import { createTransport, queueName, type Transport } from '@asya/transport';
import { createLogger, type Logger } from '@asya/telemetry';
import type { SidecarConfig } from './config/index.ts';
import { ProgressReporter } from './progress/index.ts';
import { Pump } from './pump/index.ts';
import { RuntimeClient, RuntimeReadiness } from './runtime-client/index.ts';

export interface SidecarOverrides {
  /** A transport owned by the caller (not closed by the sidecar). */
  transport?: Transport;
  logger?: Logger;
  /** Clock, epoch milliseconds (default `Date.now`). */
  now?: () => number;
}

export interface Sidecar {
  readonly config: SidecarConfig;
  /** Connects, ensures the queues and starts receiving. Idempotent. */
  start(): Promise<void>;
  /**
   * Stops receiving, lets envelopes in flight finish within `graceMs` (default the
   * configured shutdown grace), releases the rest, closes the transport. Idempotent.
   */
  close(graceMs?: number): Promise<void>;
}

/** Builds a sidecar; nothing is connected until `start()`. */
export function createSidecar(config: SidecarConfig, overrides: SidecarOverrides = {}): Sidecar {
  const logger = overrides.logger ?? createLogger('sidecar', { actor: config.actorName });
  const ownsTransport = overrides.transport === undefined;
  const transport = overrides.transport ?? createTransport(config.transport, { logger });
  const client = new RuntimeClient(config);
  const readiness = new RuntimeReadiness({
    readyPath: client.readyPath,
    staleAfterMs: Math.max(30_000, config.timeoutMs),
  });
  const reporter = new ProgressReporter({
    gatewayUrl: config.gatewayUrl,
    token: config.gatewayToken,
    actor: config.actorName,
    logger,
  });
  const queue = queueName(config.actorName, config.queuePrefix);
  const pump = new Pump({
    transport,
    queue,
    queuePrefix: config.queuePrefix,
    ctx: { actor: config.actorName, hopLimit: config.hopLimit },
    logger,
    client,
    readiness,
    reporter,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxAttempts,
    leaseMs: config.visibilityMs,
    concurrency: config.concurrency,
    now: overrides.now ?? Date.now,
  });

  let started: Promise<void> | undefined;
  let closed: Promise<void> | undefined;

  const start = async (): Promise<void> => {
    await transport.start();
    for (const name of [
      queue,
      queueName(HAPPY_END, config.queuePrefix),
      queueName(ERROR_END, config.queuePrefix),
    ]) {
      await transport.ensureQueue(name);
    }
    pump.start();
    logger.info({ queue, transport: transport.kind }, 'sidecar started');
  };

  const close = async (graceMs: number): Promise<void> => {
    await started?.catch(() => {});
    await pump.stop(graceMs);
    await reporter.close();
    if (ownsTransport) await transport.close();
    logger.info({ queue }, 'sidecar stopped');
  };

  return {
    config,
    start: () => (started ??= start()),
    close: (graceMs = config.shutdownGraceMs) => (closed ??= close(graceMs)),
  };
}
