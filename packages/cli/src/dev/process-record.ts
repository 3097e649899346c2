/**
 * `<stateDir>/processes.json`: the pid of `asya dev` itself (key `asya`) and of every child it
 * runs, by name. It is rewritten whole and atomically on every spawn, so a reader never sees
 * a half-written file.
 *
 * It is also how a new `asya dev` finds what an earlier one left behind. When `asya` is
 * killed with SIGKILL its children, each in its own process group, keep running and keep
 * consuming the queues of the state directory while reporting to a gateway nobody calls any
 * more. Before starting, `clearLeftovers` refuses to share the state directory with a live
 * `asya dev` and kills the orphaned children of a dead one. A pid is only trusted when the
 * process carries `ASYA_DEV_STATE_DIR=<stateDir>` in its environment (Linux `/proc`), so a
 * recycled pid is never killed.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.ts';

/** Environment variable every child of `asya dev` gets: the state directory it belongs to. */
export const STATE_DIR_ENV = 'ASYA_DEV_STATE_DIR';

const FILE = 'processes.json';

/** Writes the pids of this `asya dev` and its children. Synchronous and atomic. */
export function writeProcessRecord(stateDir: string, children: Record<string, number>): void {
  const path = join(stateDir, FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ asya: process.pid, ...children }, null, 2)}\n`);
  renameSync(temporary, path);
}

/**
 * Kills the children an earlier `asya dev` on `stateDir` left running and returns their
 * names (empty when there were none).
 *
 * @throws CliError `StateDirBusy` when the `asya dev` that wrote the record is still running.
 */
export async function clearLeftovers(stateDir: string): Promise<string[]> {
  const record = readRecord(stateDir);
  const owner = record.asya;
  if (owner !== undefined && owner !== process.pid && isAlive(owner) && isAsya(owner)) {
    throw new CliError(
      'StateDirBusy',
      `cannot use state directory "${stateDir}": asya dev (pid ${owner}) is running on it`,
    );
  }

  const killed: string[] = [];
  for (const [name, pid] of Object.entries(record)) {
    if (name === 'asya' || !isAlive(pid) || !belongsTo(pid, stateDir)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(name);
    } catch {
      // Exited in between: nothing left to stop.
    }
  }
  const until = Date.now() + 5000;
  while (killed.some((name) => isAlive(record[name]!)) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return killed;
}

function readRecord(stateDir: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(stateDir, FILE), 'utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const record: Record<string, number> = {};
  for (const [name, pid] of Object.entries(parsed)) {
    if (Number.isInteger(pid) && (pid as number) > 1) record[name] = pid as number;
  }
  return record;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readProc(pid, 'stat').match(/^\d+ \(.*\) Z/);
  } catch {
    return false;
  }
}

function isAsya(pid: number): boolean {
  return readProc(pid, 'cmdline')
    .split('\0')
    .some((arg) => /asya(\.js)?$/.test(arg));
}

function belongsTo(pid: number, stateDir: string): boolean {
  return readProc(pid, 'environ').split('\0').includes(`${STATE_DIR_ENV}=${stateDir}`);
}

function readProc(pid: number, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}
