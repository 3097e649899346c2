/**
 * Reads the configuration file named by `ASYA_GATEWAY_CONFIG` and applies environment
 * overrides. Kept apart from `config.ts` so validation stays free of I/O.
 */
import { readFile } from 'node:fs/promises';
import { GatewayError } from '../errors.ts';
import { applyEnv, parseConfig, type GatewayConfig } from './config.ts';

/**
 * Loads the gateway configuration. Without `ASYA_GATEWAY_CONFIG` the file is taken as `{}`
 * (then `ASYA_TRANSPORT` and a token are still required). Throws GatewayError
 * `InvalidConfig` when the file cannot be read or parsed, or `InvalidPipeline`.
 */
export async function loadConfig(env: NodeJS.ProcessEnv = process.env): Promise<GatewayConfig> {
  const path = env.ASYA_GATEWAY_CONFIG;
  let file: unknown = {};
  if (path) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw new GatewayError(
        'InvalidConfig',
        `cannot read gateway config "${path}": ${(err as Error).message}`,
      );
    }
    try {
      file = JSON.parse(text) as unknown;
    } catch (err) {
      throw new GatewayError(
        'InvalidConfig',
        `cannot parse gateway config "${path}": ${(err as Error).message}`,
      );
    }
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new GatewayError(
      'InvalidConfig',
      `cannot parse gateway config "${path ?? ''}": not an object`,
    );
  }
  return parseConfig(applyEnv(file as Record<string, unknown>, env));
}
