/**
 * `asya call <tool> --json '<args>' | --file <path>` against a running gateway (for example
 * the one `asya dev` prints).
 */
import type { Command } from 'commander';
import { callAndWait } from '../call/call-and-wait.ts';
import { buildArguments } from '../input/tool-arguments.ts';
import { addGatewayOptions, gatewayClientOf } from './gateway-options.ts';

interface CallFlags {
  url?: string;
  token?: string;
  json?: string;
  file?: string;
  arg?: string;
  wait: boolean;
}

export function registerCall(program: Command): void {
  addGatewayOptions(
    program
      .command('call <tool>')
      .description('call a tool on a running gateway and print the final result as JSON')
      .option('--json <arguments>', 'tool arguments as a JSON object')
      .option('--file <path>', 'read a text file into the text argument of the tool')
      .option('--arg <name>', 'argument that receives the file text', 'text')
      .option('--no-wait', 'print the envelope id and return at once'),
  ).action(async (tool: string, flags: CallFlags) => {
    const client = gatewayClientOf(flags);
    const args = await buildArguments(flags);
    await callAndWait({ client, tool, args, noWait: !flags.wait });
  });
}
