/**
 * The `asya-gateway` process: loads the configuration (`ASYA_GATEWAY_CONFIG` plus
 * environment overrides), starts the gateway and stops it on SIGINT/SIGTERM.
 */
import { createLogger } from '@asya/telemetry';
import { loadConfig } from './config/load.ts';
import { GatewayError } from './errors.ts';
import { createGateway } from './gateway.ts';

/** Runs the gateway until a termination signal. Returns the process exit code. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const log = createLogger('gateway');
  let gateway;
  try {
    const config = await loadConfig(env);
    gateway = createGateway(config, { logger: log });
    await gateway.start();
  } catch (err) {
    const reason = err instanceof GatewayError ? err.reason : 'StartFailed';
    log.error({ err, reason }, 'gateway failed to start');
    await gateway?.close();
    return 1;
  }

  const started = gateway;
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info({}, 'gateway stopping');
  await started.close();
  return 0;
}
