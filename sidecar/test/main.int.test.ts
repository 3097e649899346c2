/**
 * The sidecar as a process (`bin/asya-sidecar.js`): configuration errors exit 1, and SIGTERM
 * while a handler runs ends with exit 0 and the envelope either finished or released.
 */
process.env.ASYA_LOG_LEVEL ??= 'error';

import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './support/actor.ts';
import { TestQueues } from './support/queues.ts';
import { RuntimeProcess } from './support/runtime-process.ts';
import { spawnSidecar } from './support/sidecar-process.ts';

const dir = tempDir('main');
const queuesPath = join(dir, 'queues.sqlite');
const socketDir = tempDir('main-sock');
const queues = new TestQueues(queuesPath);
const runtime = new RuntimeProcess({ socketDir, handler: 'slow' });

function startSidecar(env: Record<string, string>): ChildProcess {
  return spawnSidecar({ actor: 'slow', socketDir, queuesPath, env, stderr: 'pipe' });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Waits until the sidecar has taken the message (no visible message left). */
async function waitTaken(): Promise<void> {
  const until = Date.now() + 15_000;
  while ((await queues.transport.depth('asya-slow')) > 0) {
    if (Date.now() > until) throw new Error('sidecar never took the message');
    await sleep(20);
  }
}

beforeAll(async () => {
  await queues.start();
  await runtime.start();
});

afterAll(async () => {
  await runtime.stop();
  await queues.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(socketDir, { recursive: true, force: true });
});

describe('sidecar process', () => {
  it.each([
    ['no actor name', { ASYA_ACTOR_NAME: '' }],
    ['a transport that is not JSON', { ASYA_TRANSPORT: 'embedded' }],
    ['a negative timeout', { ASYA_TIMEOUT_SECONDS: '-1' }],
  ])('exits 1 with an InvalidConfig log line on %s', async (_reason, env) => {
    const child = startSidecar({ ...env, ASYA_LOG_LEVEL: 'info' });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

    expect(await exitCode(child)).toBe(1);
    expect(stderr).toContain('"reason":"InvalidConfig"');
  });

  it('finishes the envelope in flight on SIGTERM and exits 0', async () => {
    const child = startSidecar({});
    const exited = exitCode(child);
    await queues.send('slow', {
      id: 'term-1',
      route: { actors: ['slow'], current: 0 },
      payload: { sleep: 1 },
    });
    await waitTaken();

    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    const [done] = await queues.take('happy-end', 1, 5000);
    expect(done?.id).toBe('term-1');
    expect(queues.stored('slow')).toBe(0);
  });

  it('releases the envelope in flight when the grace period ends first, and exits 0', async () => {
    const child = startSidecar({ ASYA_SHUTDOWN_GRACE_SECONDS: '0.3' });
    const exited = exitCode(child);
    const payload = { sleep: 3 };
    await queues.send('slow', { id: 'term-2', route: { actors: ['slow'], current: 0 }, payload });
    await waitTaken();

    child.kill('SIGTERM');

    expect(await exited).toBe(0);
    // Released, not lost: visible again on the actor's queue (after the release delay).
    const delivery = await queues.transport.receive('asya-slow', { waitMs: 5000 });
    expect(delivery && JSON.parse(delivery.body.toString('utf8'))).toMatchObject({ id: 'term-2' });
    expect(delivery?.deliveryCount).toBe(2);
    if (delivery) await queues.transport.ack(delivery);
    expect(queues.stored('happy-end')).toBe(0);
    expect(queues.stored('error-end')).toBe(0);
  });
});
