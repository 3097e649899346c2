/**
 * The sidecar when the runtime misbehaves: a handler slower than the timeout, a runtime
 * killed in the middle of a request, a runtime restarted while idle. The runtime is
 * supervised by the test (restarted on exit code 75 or after a kill), like `asya dev` does.
 */
process.env.ASYA_LOG_LEVEL ??= 'error';

import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActor, tempDir, type TestActor } from './support/actor.ts';
import { TestQueues } from './support/queues.ts';

const dir = tempDir('recovery');
const queuesPath = join(dir, 'queues.sqlite');
const callsFile = join(dir, 'calls.txt');
const queues = new TestQueues(queuesPath);
let slow: TestActor;

function envelope(id: string, sleepSeconds: number) {
  return { id, route: { actors: ['slow'], current: 0 }, payload: { tag: id, sleep: sleepSeconds } };
}

function calls(): string[] {
  return readFileSync(callsFile, 'utf8').split('\n').filter(Boolean);
}

beforeAll(async () => {
  writeFileSync(callsFile, '');
  await queues.start();
  slow = await startActor({
    name: 'slow',
    handler: 'slow',
    queuesPath,
    runtimeEnv: { TEST_CALLS_FILE: callsFile },
    sidecarEnv: { ASYA_TIMEOUT_SECONDS: '2' },
  });
});

afterAll(async () => {
  await slow.stop();
  await queues.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sidecar recovery', () => {
  it(
    'sends exactly one timeout to error-end, ' + 'then processes the next message normally',
    async () => {
      const startsBefore = slow.runtime.starts;
      await queues.send('slow', envelope('timeout-1', 5));
      await queues.send('slow', envelope('after-timeout-1', 0));

      const failed = await queues.takeOne('error-end', 'timeout-1');
      const done = await queues.takeOne('happy-end', 'after-timeout-1');

      expect(failed.payload).toMatchObject({
        error: 'timeout',
        details: { actor: 'slow', current: 0 },
        original_payload: { tag: 'timeout-1' },
      });
      expect(done.payload).toEqual({ tag: 'after-timeout-1', sleep: 0 });
      expect(slow.runtime.starts).toBe(startsBefore + 1);
      await queues.waitStored('slow', 0);
      expect(queues.stored('error-end')).toBe(0);
      expect(calls().filter((tag) => tag === 'timeout-1')).toHaveLength(1);
    },
  );

  it('redelivers the message of a runtime killed mid-request instead of losing it', async () => {
    const startsBefore = slow.runtime.starts;
    await queues.send('slow', envelope('killed-1', 1.2));
    await waitForCall('killed-1');

    slow.runtime.kill('SIGKILL');
    const done = await queues.takeOne('happy-end', 'killed-1');

    expect(done.payload).toEqual({ tag: 'killed-1', sleep: 1.2 });
    expect(done.headers).toMatchObject({ 'x-asya-attempt': 2 });
    expect(slow.runtime.starts).toBe(startsBefore + 1);
    expect(calls().filter((tag) => tag === 'killed-1')).toHaveLength(2);
    expect(queues.stored('error-end')).toBe(0);
  });

  it('processes messages after the runtime was restarted while idle', async () => {
    const startsBefore = slow.runtime.starts;
    await slow.runtime.restart();
    await queues.send('slow', envelope('after-restart-1', 0));

    const done = await queues.takeOne('happy-end', 'after-restart-1');

    expect(done.id).toBe('after-restart-1');
    expect(slow.runtime.starts).toBe(startsBefore + 1);
  });

  it(
    'holds a message received while the runtime ' + 'is down until a new runtime is ready',
    async () => {
      await slow.runtime.crash();
      expect(existsSync(slow.runtime.readyPath)).toBe(true);
      await queues.send('slow', envelope('while-down-1', 0));
      await sleep(1000);
      expect(queues.stored('happy-end')).toBe(0);
      expect(queues.stored('error-end')).toBe(0);

      await slow.runtime.resume();
      const done = await queues.takeOne('happy-end', 'while-down-1');

      expect(done.headers).toMatchObject({ 'x-asya-attempt': 2 });
    },
  );

  it('processes messages after the sidecar was restarted', async () => {
    await slow.restartSidecar();
    await queues.send('slow', envelope('after-sidecar-restart-1', 0));

    const done = await queues.takeOne('happy-end', 'after-sidecar-restart-1');

    expect(done.id).toBe('after-sidecar-restart-1');
  });

  it('sends exactly one timeout when the runtime reports its own handler timeout', async () => {
    const selfTimed = await startActor({
      name: 'selftimed',
      handler: 'slow',
      queuesPath,
      runtimeEnv: { ASYA_HANDLER_TIMEOUT_SECONDS: '0.5' },
      sidecarEnv: { ASYA_TIMEOUT_SECONDS: '10' },
    });
    try {
      const send = (id: string, seconds: number) =>
        queues.send('selftimed', {
          ...envelope(id, seconds),
          route: { actors: ['selftimed'], current: 0 },
        });
      await send('self-timeout-1', 5);
      await send('after-self-timeout-1', 0);

      const failed = await queues.takeOne('error-end', 'self-timeout-1');
      const done = await queues.takeOne('happy-end', 'after-self-timeout-1');

      expect(failed.payload).toMatchObject({ error: 'timeout', details: { actor: 'selftimed' } });
      expect(done.id).toBe('after-self-timeout-1');
      expect(selfTimed.runtime.starts).toBe(2);
      expect(queues.stored('error-end')).toBe(0);
    } finally {
      await selfTimed.stop();
    }
  });
});

async function waitForCall(tag: string): Promise<void> {
  const until = Date.now() + 10_000;
  while (!calls().includes(tag)) {
    if (Date.now() > until) throw new Error(`handler never called for ${tag}`);
    await sleep(20);
  }
}
