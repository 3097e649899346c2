/**
 * The shared end of `asya call` and `asya dev --call`: start one envelope, follow it to its
 * final status (progress bar on a TTY), print the outcome. Success prints the result as JSON
 * on stdout; failure prints `{id, status, error}` on stdout and the reason on stderr, and
 * throws CliError `EnvelopeFailed` (exit code 1).
 */
import { CliError } from '../cli-error.ts';
import type { EnvelopeStatusRecord, GatewayClient } from '../gateway-client/gateway-client.ts';
import { ProgressBar } from '../gateway-client/progress-bar.ts';

export interface CallOptions {
  client: GatewayClient;
  tool: string;
  args: Record<string, unknown>;
  /** Rejects when the system under the call fails (e.g. a child given up on). */
  failure?: Promise<CliError>;
  /** Only print the envelope id and return (no waiting). */
  noWait?: boolean;
}

export async function callAndWait(options: CallOptions): Promise<EnvelopeStatusRecord | undefined> {
  const started = await options.client.callTool(options.tool, options.args);
  process.stderr.write(`asya: envelope ${started.id} started on tool "${options.tool}"\n`);
  if (options.noWait) {
    printJson(started);
    return undefined;
  }
  return followEnvelope(options.client, started.id, options.failure);
}

/**
 * Follows envelope `id` to its final status (progress bar on a TTY) and prints the outcome
 * like `printOutcome`. `failure`, when given, ends the wait with its error.
 */
export async function followEnvelope(
  client: GatewayClient,
  id: string,
  failure?: Promise<CliError>,
): Promise<EnvelopeStatusRecord> {
  const bar = new ProgressBar();
  const stop = new AbortController();
  const waiting = client.waitForFinal(id, {
    onUpdate: (record) => bar.update(record),
    signal: stop.signal,
  });
  const record = await (
    failure ? Promise.race([waiting, failure.then((err) => Promise.reject(err))]) : waiting
  ).finally(() => {
    stop.abort();
    bar.finish();
  });

  return printOutcome(record);
}

/** Prints a final record; throws `EnvelopeFailed` when it failed. */
export function printOutcome(record: EnvelopeStatusRecord): EnvelopeStatusRecord {
  if (record.status === 'succeeded') {
    printJson(record.result);
    return record;
  }
  const error = record.error ?? { reason: 'unknown_error', message: 'no error recorded' };
  printJson({ id: record.id, status: record.status, error });
  const step = `${(error.current ?? 0) + 1}/${record.route.actors.length}`;
  const where = error.actor !== undefined ? ` at actor "${error.actor}" (step ${step})` : '';
  const type = error.type ? `${error.type}: ` : '';
  throw new CliError(
    'EnvelopeFailed',
    `envelope ${record.id} failed${where}: ${error.reason}: ${type}${error.message}`,
  );
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
