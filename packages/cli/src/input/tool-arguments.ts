/**
 * Builds tool arguments from the command line: `--json '<object>'` and/or `--file <path>`.
 * A file is read as bytes and decoded as UTF-8 with replacement characters, never refused
 * here: deciding what is text is the pipeline's job, so an empty or binary file travels to the
 * first actor and ends in error-end with that actor's reason, like any other bad input.
 */
import { readFile } from 'node:fs/promises';
import { CliError } from '../cli-error.ts';

export interface ArgumentOptions {
  json?: string;
  file?: string;
  /** Argument that receives the file text; default from the schema, else `text`. */
  arg?: string;
}

/** The first required string property of an input schema, else the first string one. */
export function textArgumentOf(inputSchema: Record<string, unknown> | undefined): string {
  const properties = inputSchema?.properties as Record<string, { type?: unknown }> | undefined;
  const strings = Object.entries(properties ?? {})
    .filter(([, p]) => p.type === 'string')
    .map(([name]) => name);
  const required = Array.isArray(inputSchema?.required) ? (inputSchema.required as unknown[]) : [];
  return strings.find((name) => required.includes(name)) ?? strings[0] ?? 'text';
}

/**
 * Returns the arguments object.
 *
 * @throws CliError `InvalidArguments` when neither option is given or `--json` is not a JSON
 *   object; `UnreadableFile` when the file cannot be read.
 */
export async function buildArguments(
  options: ArgumentOptions,
  inputSchema?: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (options.json === undefined && options.file === undefined) {
    throw new CliError(
      'InvalidArguments',
      'cannot call tool: give --json <object> or --file <path>',
    );
  }

  let args: Record<string, unknown> = {};
  if (options.json !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(options.json);
    } catch (err) {
      throw new CliError('InvalidArguments', `cannot read --json: ${(err as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new CliError('InvalidArguments', 'cannot read --json: must be a JSON object');
    }
    args = value as Record<string, unknown>;
  }

  if (options.file !== undefined) {
    let bytes: Buffer;
    try {
      bytes = await readFile(options.file);
    } catch (err) {
      throw new CliError(
        'UnreadableFile',
        `cannot read file "${options.file}": ${(err as Error).message}`,
      );
    }
    args = {
      ...args,
      [options.arg ?? textArgumentOf(inputSchema)]: new TextDecoder('utf-8').decode(bytes),
    };
  }
  return args;
}
