/**
 * The visibility lease across processes: a sidecar process (`bin/asya-sidecar.js`) holds
 * its message with a 2 s lease extended by the heartbeat while a slow handler runs; a second
 * sidecar (in-process, its own runtime) on the same queue must not get the message while the
 * first is alive, and must get it within about one lease once the first is SIGKILLed.
 */
process.env.ASYA_LOG_LEVEL ??= 'error';

import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActor, tempDir, type TestActor } from './support/actor.ts';
import { TestQueues } from './support/queues.ts';
import { RuntimeProcess } from './support/runtime-process.ts';
import { spawnSidecar } from './support/sidecar-process.ts';

const LEASE_SECONDS = 2;
const dir = tempDir('lease');
const queuesPath = join(dir, 'queues.sqlite');
const socketDir = tempDir('lease-sock');
const firstCalls = join(dir, 'first-calls.txt');
const secondCalls = join(dir, 'second-calls.txt');
const queues = new TestQueues(queuesPath);
const firstRuntime = new RuntimeProcess({
  socketDir,
  handler: 'slow',
  env: { TEST_CALLS_FILE: firstCalls },
});
const leaseEnv = { ASYA_VISIBILITY_SECONDS: String(LEASE_SECONDS), ASYA_TIMEOUT_SECONDS: '30' };

/** The first sidecar, as a process that the test can SIGKILL. */
function startSidecarProcess(): ChildProcess {
  return spawnSidecar({ actor: 'slow', socketDir, queuesPath, env: leaseEnv });
}

/** The second sidecar, in-process, with its own runtime recording to `secondCalls`. */
function startSecondActor(): Promise<TestActor> {
  return startActor({
    name: 'slow',
    handler: 'slow',
    queuesPath,
    runtimeEnv: { TEST_CALLS_FILE: secondCalls },
    sidecarEnv: leaseEnv,
  });
}

function calls(file: string): string[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}

/** Waits until the handler recorded `tag` in `file`; returns the time it was seen. */
async function waitForCall(file: string, tag: string, timeoutMs = 15_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (!calls(file).includes(tag)) {
    if (Date.now() > until) throw new Error(`handler never called for ${tag}`);
    await sleep(20);
  }
  return Date.now();
}

function envelope(id: string, sleepSeconds: number) {
  return { id, route: { actors: ['slow'], current: 0 }, payload: { tag: id, sleep: sleepSeconds } };
}

beforeAll(async () => {
  writeFileSync(firstCalls, '');
  writeFileSync(secondCalls, '');
  await queues.start();
  await firstRuntime.start();
});

afterAll(async () => {
  await firstRuntime.stop();
  await queues.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(socketDir, { recursive: true, force: true });
});

describe('sidecar visibility lease', () => {
  it(
    'hands the message of a SIGKILLed sidecar ' + 'to another sidecar within about one lease',
    async () => {
      const first = startSidecarProcess();
      const firstExit = new Promise((resolve) =>
        first.once('exit', (_c, signal) => resolve(signal)),
      );
      let second: TestActor | undefined;
      try {
        await queues.send('slow', envelope('lease-1', 6));
        const calledAt = await waitForCall(firstCalls, 'lease-1');

        // While the first sidecar lives, its heartbeat keeps the message hidden well past the
        // 2 s lease of the receive, although a second sidecar is polling the same queue.
        second = await startSecondActor();
        await sleep(Math.max(0, calledAt + 3500 - Date.now()));
        expect(calls(secondCalls)).toEqual([]);
        expect(await queues.transport.depth('asya-slow')).toBe(0);

        first.kill('SIGKILL');
        const killedAt = Date.now();
        expect(await firstExit).toBe('SIGKILL');
        const redeliveredAt = await waitForCall(secondCalls, 'lease-1', 10_000);
        const done = await queues.takeOne('happy-end', 'lease-1', 20_000);

        expect(redeliveredAt - killedAt).toBeLessThan(LEASE_SECONDS * 1000 + 2000);
        expect(done.payload).toEqual({ tag: 'lease-1', sleep: 6 });
        expect(done.headers).toMatchObject({ 'x-asya-attempt': 2 });
        expect(calls(firstCalls)).toEqual(['lease-1']);
        expect(calls(secondCalls)).toEqual(['lease-1']);
        await queues.waitStored('slow', 0);
        expect(queues.stored('error-end')).toBe(0);
      } finally {
        if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
        await second?.stop();
      }
    },
  );
});
