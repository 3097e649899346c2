/**
 * The `asya` command line. Each command lives in `commands/<name>.ts` and exports
 * `register<Name>(program)`. Errors end the process with one `asya: <message>` line on
 * stderr and the exit code of their reason (see `cli-error.ts`).
 */
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.ts';
import { registerCall } from './commands/call.ts';
import { registerDev } from './commands/dev.ts';
import { registerStatus } from './commands/status.ts';
import { registerValidate } from './commands/validate.ts';

/** Builds the program with every command registered (exported for tests). */
export function buildProgram(): Command {
  const program = new Command('asya')
    .description('Asya: asynchronous actors for AI and data pipelines')
    .exitOverride()
    .showHelpAfterError();
  registerDev(program);
  registerCall(program);
  registerStatus(program);
  registerValidate(program);
  return program;
}

/** Runs the CLI with `argv` (default: the process arguments); returns the exit code. */
export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError) {
      process.stderr.write(`asya: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(`asya: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    return 3;
  }
}
