import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../src/index.ts';
import { clearLeftovers, STATE_DIR_ENV, writeProcessRecord } from '../src/dev/process-record.ts';

const started: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'asya-record-'));
  dirs.push(dir);
  return dir;
}

/** A detached idle node process, like a child of `asya dev` once `asya` is gone. */
function idle(env: Record<string, string>, script = '-e'): ChildProcess {
  const args = script === '-e' ? ['-e', 'setInterval(() => {}, 1000)'] : [script];
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: 'ignore',
    detached: true,
  });
  started.push(child);
  return child;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function exited(child: ChildProcess): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return new Promise((resolve) => {
    child.once('exit', () => resolve(true));
    setTimeout(() => resolve(false), 5000);
  });
}

describe('process record', () => {
  it('stays valid JSON naming asya and every child across a burst of writes', async () => {
    const dir = await stateDir();
    const pids: Record<string, number> = {};
    for (let i = 0; i < 50; i++) {
      pids[`child-${i}`] = 1000 + i;
      writeProcessRecord(dir, { ...pids });
    }
    const record = JSON.parse(await readFile(join(dir, 'processes.json'), 'utf8')) as Record<
      string,
      number
    >;
    expect(record.asya).toBe(process.pid);
    expect(Object.keys(record)).toHaveLength(51);
  });

  it('kills only the leftovers tagged with the state directory', async () => {
    const dir = await stateDir();
    const orphan = idle({ [STATE_DIR_ENV]: dir });
    const stranger = idle({ [STATE_DIR_ENV]: `${dir}-other` });
    await writeFile(
      join(dir, 'processes.json'),
      JSON.stringify({ asya: 999_999_999, gateway: orphan.pid, 'a-sidecar': stranger.pid }),
    );

    const killed = await clearLeftovers(dir);

    expect(killed).toEqual(['gateway']);
    expect(await exited(orphan)).toBe(true);
    expect(alive(stranger.pid!)).toBe(true);
  });

  it.each([
    ['no record yet', undefined],
    ['a half-written record', '{"gateway": 12'],
  ])('starts cleanly from %s', async (_reason, content) => {
    const dir = await stateDir();
    if (content !== undefined) await writeFile(join(dir, 'processes.json'), content);
    await expect(clearLeftovers(dir)).resolves.toEqual([]);
  });

  it('refuses a state directory whose asya dev is still running', async () => {
    const dir = await stateDir();
    const script = join(dir, 'asya.js');
    await writeFile(script, 'setInterval(() => {}, 1000)\n');
    const owner = idle({}, script);
    const child = idle({ [STATE_DIR_ENV]: dir });
    await new Promise((r) => setTimeout(r, 200));
    await writeFile(
      join(dir, 'processes.json'),
      JSON.stringify({ asya: owner.pid, gateway: child.pid }),
    );

    const error = await clearLeftovers(dir).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).reason).toBe('StateDirBusy');
    expect(alive(child.pid!)).toBe(true);
  });
});
