/**
 * The crew process: one role (happy-end or error-end) per process, configured from the
 * environment (see `config/crew-config.ts`). SIGTERM / SIGINT finish the message in hand,
 * close the transport and exit 0; a bad configuration exits 2 with one clear line.
 */
import { createLogger } from '@asya/telemetry';
import { createTransport, queueName, type Transport } from '@asya/transport';
import { crewConfigFromEnv, type CrewConfig } from './config/crew-config.ts';
import { CrewActor } from './consumer/crew-actor.ts';
import { createOutcomeStore } from './persistence/outcome-store.ts';
import { GatewayReporter } from './report/gateway-reporter.ts';

/** A running crew actor and the transport it owns. */
export interface Crew {
  readonly actor: CrewActor;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Builds a crew actor from a checked config. The transport is created here unless one is
 * passed (tests share one).
 *
 * @throws CrewError `UnsupportedPersistence` for s3 persistence.
 */
export function createCrew(config: CrewConfig, transport?: Transport): Crew {
  const owned = transport === undefined;
  const queueTransport = transport ?? createTransport(config.transport);
  const logger = createLogger('crew', { actor: config.role });
  const actor = new CrewActor({
    role: config.role,
    queue: queueName(config.role, config.queuePrefix),
    transport: queueTransport,
    store: createOutcomeStore(config.persistence),
    logger,
    visibilityTimeoutMs: config.visibilityTimeoutMs,
    ...(config.gatewayUrl
      ? {
          reporter: new GatewayReporter({
            gatewayUrl: config.gatewayUrl,
            ...(config.gatewayToken ? { token: config.gatewayToken } : {}),
          }),
        }
      : {}),
  });

  return {
    actor,
    async start() {
      if (owned) await queueTransport.start();
      await actor.start();
    },
    async close() {
      await actor.close();
      if (owned) await queueTransport.close();
    },
  };
}

/** Entry point of `bin/asya-crew.js`. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const logger = createLogger('crew');
  let crew: Crew;
  try {
    crew = createCrew(crewConfigFromEnv(env));
    await crew.start();
  } catch (err) {
    logger.error({ err, reason: (err as { reason?: string }).reason }, 'crew cannot start');
    process.exitCode = 2;
    return;
  }

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    crew.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'crew close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
