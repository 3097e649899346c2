/**
 * The sidecar process: configuration from the environment, JSON logs on stderr, and a
 * graceful stop on SIGTERM or SIGINT (stop receiving, finish or release the envelope in
 * flight within `ASYA_SHUTDOWN_GRACE_SECONDS`, exit 0). A bad configuration or a transport
 * that cannot be reached at start is logged with its reason and exits 1.
 */
import { pathToFileURL } from 'node:url';
import { createLogger } from '@asya/telemetry';
import { loadConfig, type SidecarConfig } from './config/index.ts';
import { reasonOf } from './pump/index.ts';
import { createSidecar } from './sidecar.ts';

/** Runs the sidecar until SIGTERM/SIGINT; resolves with the process exit code. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const logger = createLogger('sidecar', { actor: env.ASYA_ACTOR_NAME });

  let config: SidecarConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    logger.error({ reason: reasonOf(err), err }, 'invalid configuration');
    return 1;
  }

  // Listeners are installed before start and stay during the grace period: a signal must
  // never kill the process with the default action while an envelope is in flight.
  const stopping = new Promise<string>((resolve) => {
    process.on('SIGTERM', () => resolve('SIGTERM'));
    process.on('SIGINT', () => resolve('SIGINT'));
  });

  let sidecar;
  try {
    sidecar = createSidecar(config, { logger });
    await sidecar.start();
  } catch (err) {
    logger.error({ reason: reasonOf(err), err }, 'sidecar failed to start');
    await sidecar?.close(0).catch(() => {});
    return 1;
  }

  const signal = await stopping;
  logger.info({ reason: signal }, 'sidecar stopping');
  await sidecar.close();
  return 0;
}

// Run when executed directly (`tsx src/main.ts` or bin/asya-sidecar.js).
const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = await main();
}
