/**
 * `asya validate <path...>`: checks resource files offline against the same schemas the CRDs
 * are generated from (types, enums, bounds, unknown fields, CEL rules). Prints one
 * `file:line: Reason path: message` line per problem on stdout and exits 2 when there is
 * any; prints a one-line summary when every resource is valid. Also checks references
 * between the resources of all the paths given (Pipeline actors, transportRef, duplicate
 * names) unless `--no-references`. Needs no cluster.
 */
import type { Command } from 'commander';
import {
  checkReferences,
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
    .option('--no-references', 'skip the checks between resources (actors, transports, duplicates)')
    .action(async (paths: string[], options: { references: boolean }) => {
      const total: ValidationReport = { problems: [], checked: 0, skipped: 0, documents: [] };
      for (const path of paths) {
        const report = await validatePath(path);
        total.problems.push(...report.problems);
        total.checked += report.checked;
        total.skipped += report.skipped;
        total.documents?.push(...(report.documents ?? []));
      }
      // References are checked across every path given, so a Transport may live in another
      // folder (one per environment) as long as that folder is validated in the same run.
      if (options.references) total.problems.push(...checkReferences(total.documents ?? []));

      for (const problem of total.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      if (total.problems.length > 0) {
        const count = total.problems.length;
        throw new CliError('InvalidResources', `${count} problem${count === 1 ? '' : 's'} found`);
      }
      process.stdout.write(
        `${total.checked} resources valid ` +
          `(${total.skipped} documents of other API groups skipped)\n`,
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
