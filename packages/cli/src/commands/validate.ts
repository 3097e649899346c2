/**
 * `asya validate <path...>`: checks resource files offline against the same schemas the CRDs
 * are generated from (types, enums, bounds, unknown fields, CEL rules). Prints one
 * `file:line: Reason path: message` line per problem on stdout and exits 2 when there is
 * any; prints a one-line summary when every resource is valid. Needs no cluster.
 */
import type { Command } from 'commander';
import {
  formatProblem,
  ResourceError,
  validateFolder,
  type ValidationReport,
} from '@asya/resources';
import { CliError } from '../cli-error.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate <paths...>')
    .description('check resource files (folders or single files) against the Asya schemas, offline')
    .action(async (paths: string[]) => {
      const total: ValidationReport = { problems: [], checked: 0, skipped: 0 };
      for (const path of paths) {
        const report = await validatePath(path);
        total.problems.push(...report.problems);
        total.checked += report.checked;
        total.skipped += report.skipped;
      }

      for (const problem of total.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      if (total.problems.length > 0) {
        const count = total.problems.length;
        throw new CliError('InvalidResources', `${count} problem${count === 1 ? '' : 's'} found`);
      }
      process.stdout.write(
        `${total.checked} resources valid (${total.skipped} documents of other API groups skipped)\n`,
      );
    });
}

async function validatePath(path: string): Promise<ValidationReport> {
  try {
    return await validateFolder(path);
  } catch (err) {
    if (err instanceof ResourceError && err.reason === 'UnreadableFolder') {
      throw new CliError('UnreadableFile', `cannot validate "${path}": not readable`, {
        cause: err,
      });
    }
    throw err;
  }
}
