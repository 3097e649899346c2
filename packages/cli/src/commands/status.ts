/** `asya status <id>`: the status of one envelope, as JSON; `--wait` follows it to the end. */
import type { Command } from 'commander';
import { followEnvelope, printJson } from '../call/call-and-wait.ts';
import { addGatewayOptions, gatewayClientOf } from './gateway-options.ts';

export function registerStatus(program: Command): void {
  addGatewayOptions(
    program
      .command('status <id>')
      .description('print the status of an envelope as JSON')
      .option('--wait', 'wait for the final status, then print the result like `asya call`'),
  ).action(async (id: string, flags: { url?: string; token?: string; wait?: boolean }) => {
    const client = gatewayClientOf(flags);
    if (!flags.wait) {
      printJson(await client.envelope(id));
      return;
    }
    await followEnvelope(client, id);
  });
}
