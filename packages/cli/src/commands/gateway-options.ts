/**
 * `--url` / `--token` shared by the commands that talk to a running gateway, with
 * `ASYA_GATEWAY_URL` / `ASYA_GATEWAY_TOKEN` as fallbacks.
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { GatewayClient } from '../gateway-client/gateway-client.ts';

export function addGatewayOptions(command: Command): Command {
  return command
    .option('--url <url>', 'gateway URL (default: $ASYA_GATEWAY_URL)')
    .option('--token <token>', 'gateway bearer token (default: $ASYA_GATEWAY_TOKEN)');
}

export function gatewayClientOf(options: { url?: string; token?: string }): GatewayClient {
  const url = options.url ?? process.env.ASYA_GATEWAY_URL;
  if (!url) {
    throw new CliError(
      'InvalidArguments',
      'cannot reach gateway: give --url or set ASYA_GATEWAY_URL',
    );
  }
  return new GatewayClient(
    url.replace(/\/+$/, ''),
    options.token ?? process.env.ASYA_GATEWAY_TOKEN,
  );
}
