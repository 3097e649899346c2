/**
 * `asya dev <folder>`: runs the resources of a folder on this machine (see
 * `dev/dev-session.ts`). Without `--call` it runs until Ctrl-C / SIGTERM and prints how to
 * call it; with `--call <tool>` it calls the tool once, prints the final result and stops.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { callAndWait } from '../call/call-and-wait.ts';
import { CliError } from '../cli-error.ts';
import { DevSession } from '../dev/dev-session.ts';
import { buildArguments } from '../input/tool-arguments.ts';

interface DevFlags {
  stateDir?: string;
  port?: string;
  python?: string;
  call?: string;
  json?: string;
  file?: string;
  arg?: string;
}

export function registerDev(program: Command): void {
  program
    .command('dev <folder>')
    .description('run the actors, pipelines, gateway and crew of a folder on this machine')
    .option('--state-dir <dir>', 'queues, gateway data, sockets and logs (default <folder>/.asya)')
    .option('--port <port>', 'gateway port (default: a free port)')
    .option('--python <path>', 'Python interpreter for the runtimes', 'python3')
    .option('--call <tool>', 'call this tool once, print the result and stop')
    .option('--json <arguments>', 'with --call: tool arguments as a JSON object')
    .option('--file <path>', 'with --call: read a text file into the text argument of the tool')
    .option('--arg <name>', 'with --call --file: argument that receives the file text')
    .action(async (folder: string, flags: DevFlags) => {
      if ((flags.json !== undefined || flags.file !== undefined) && flags.call === undefined) {
        throw new CliError('InvalidArguments', 'cannot use --json or --file without --call <tool>');
      }
      const report = (line: string): void => void process.stderr.write(`asya dev: ${line}\n`);
      const session = await DevSession.start({
        folder,
        report,
        ...(flags.stateDir ? { stateDir: flags.stateDir } : {}),
        ...(flags.port ? { port: parsePort(flags.port) } : {}),
        ...(flags.python ? { python: flags.python } : {}),
      });

      if (flags.call !== undefined) {
        await runOnce(session, flags.call, flags, report);
        return;
      }
      printSummary(session, report);
      await untilStopped(session, report);
    });
}

async function runOnce(
  session: DevSession,
  tool: string,
  flags: DevFlags,
  report: (l: string) => void,
) {
  const stopOnSignal = (): void => {
    report('interrupted, stopping');
    void session.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  try {
    const known = session.plan.tools.find((t) => t.name === tool);
    if (!known) {
      const names = session.plan.tools.map((t) => t.name).join(', ');
      throw new CliError(
        'UnknownTool',
        `cannot call tool "${tool}": not declared (tools: ${names})`,
      );
    }
    const args = await buildArguments(flags, known.inputSchema);
    await callAndWait({ client: session.client, tool, args, failure: session.failure });
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await session.stop();
  }
}

function printSummary(session: DevSession, report: (l: string) => void): void {
  const tools = session.plan.tools.map((t) => `${t.name} (${t.actors.join(' -> ')})`);
  report(`gateway   ${session.url}`);
  report(`token     ${session.token}`);
  report(`tools     ${tools.join(', ')}`);
  report(`state     ${session.stateDir} (logs in ${join(session.stateDir, 'logs')})`);
  report('ready; call it from another shell with:');
  process.stderr.write(
    `  export ASYA_GATEWAY_URL=${session.url} ASYA_GATEWAY_TOKEN=${session.token}\n` +
      `  npx asya call ${session.plan.tools[0]?.name ?? '<tool>'} ` +
      `--json '{"text": "Hello there."}'\n`,
  );
}

async function untilStopped(session: DevSession, report: (l: string) => void): Promise<void> {
  const signal = await Promise.race([
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
    session.failure.then((err) => err),
  ]);
  if (signal instanceof CliError) {
    report('a process keeps crashing, stopping everything');
    await session.stop();
    throw signal;
  }
  report(`${signal} received, stopping`);
  await session.stop();
  report('stopped');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CliError('InvalidArguments', `cannot use port "${text}": must be 1-65535`);
  }
  return port;
}
