import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Supervisor, type ChildSpec } from '../src/index.ts';

let supervisor: Supervisor | undefined;
afterEach(async () => {
  await supervisor?.stop();
});

async function spec(name: string, script: string): Promise<ChildSpec> {
  const dir = await mkdtemp(join(tmpdir(), 'asya-supervisor-'));
  return {
    name,
    command: process.execPath,
    args: ['-e', script],
    env: { PATH: process.env.PATH ?? '' },
    logFile: join(dir, `${name}.log`),
  };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForLog(file: string, pattern: RegExp): Promise<void> {
  const end = Date.now() + 10_000;
  while (!pattern.test(await readFile(file, 'utf8').catch(() => ''))) {
    if (Date.now() > end) throw new Error(`log ${file} never matched ${String(pattern)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Supervisor', () => {
  it('restarts a killed child and logs its output to its file', async () => {
    const lines: string[] = [];
    supervisor = new Supervisor({ report: (l) => lines.push(l), onGiveUp: () => {} });
    const child = await spec('sleeper', 'console.log("up"); setInterval(() => {}, 1000)');
    supervisor.add(child);
    await waitForLog(child.logFile, /up/);
    const first = supervisor.pids().sleeper!;

    process.kill(first, 'SIGKILL');
    await until(() => (supervisor?.pids().sleeper ?? first) !== first);

    expect(lines.some((l) => l.includes('sleeper exited (signal SIGKILL)'))).toBe(true);
    await waitForLog(child.logFile, /up\nup/);
  });

  it('gives up on a child that keeps crashing', async () => {
    let gaveUp = '';
    supervisor = new Supervisor({
      report: () => {},
      onGiveUp: (name) => (gaveUp = name),
      maxCrashes: 2,
    });
    supervisor.add(await spec('crasher', 'process.exit(3)'));
    await until(() => gaveUp !== '');
    expect(gaveUp).toBe('crasher');
  });

  it.each([
    ['a crash before the ready file exists counts', false, 'gives up'],
    ['a crash while the ready file exists is a crash on a message', true, 'keeps restarting'],
  ])('%s', async (_reason, writesReady, outcome) => {
    const dir = await mkdtemp(join(tmpdir(), 'asya-supervisor-ready-'));
    const readyFile = join(dir, 'ready');
    let gaveUp = '';
    supervisor = new Supervisor({
      report: () => {},
      onGiveUp: (name) => (gaveUp = name),
      maxCrashes: 2,
    });
    const writeReady = `require("fs").writeFileSync(${JSON.stringify(readyFile)}, "")`;
    const child = await spec(
      'worker',
      `console.log("up"); ${writesReady ? writeReady : ''}; ` +
        'setTimeout(() => process.exit(3), 20)',
    );
    supervisor.add({ ...child, readyFile });

    if (outcome === 'gives up') {
      await until(() => gaveUp !== '');
      expect(gaveUp).toBe('worker');
    } else {
      await waitForLog(child.logFile, /(up\n){5}/);
      expect(gaveUp).toBe('');
    }
  });

  it('kills a child that ignores SIGTERM after the grace period', async () => {
    supervisor = new Supervisor({ report: () => {}, onGiveUp: () => {}, graceMs: 300 });
    const child = await spec(
      'stubborn',
      'process.on("SIGTERM", () => {}); console.log("armed"); setInterval(() => {}, 1000)',
    );
    supervisor.add(child);
    await waitForLog(child.logFile, /armed/);
    const started = Date.now();
    await supervisor.stop();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(supervisor.pids()).toEqual({});
  });
});
