import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransport, type Transport } from '../src/index.ts';
import { startWorker, stopAll, type Worker } from './fixtures/processes.ts';

const silent = pino({ level: 'silent' });

// Several live processes on one SQLite file: claims, size limit, cancellation.
describe('embedded transport shared by concurrent processes', () => {
  let dir: string;
  let path: string;
  let producer: Transport;
  const workers: Worker[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asya-transport-'));
    path = join(dir, 'queues.sqlite');
    producer = createTransport({ kind: 'embedded', path }, { logger: silent });
    await producer.ensureQueue('asya-work');
  });

  afterEach(async () => {
    await stopAll(workers.splice(0));
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await producer.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives each of 200 messages to exactly one of two concurrent consumers', async () => {
    // Both consumers create a fresh file at the same moment, then compete for every message;
    // holding each message 5 ms keeps both busy for the whole run.
    const fresh = join(dir, 'fresh.sqlite');
    const consumers = [0, 1].map(() =>
      startWorker('drain', {
        path: fresh,
        queue: 'asya-work',
        waitMs: 200,
        ensure: true,
        holdMs: 5,
      }),
    );
    workers.push(...consumers);
    await Promise.all(consumers.map((c) => c.next('ready')));
    const shared = createTransport({ kind: 'embedded', path: fresh }, { logger: silent });
    cleanups.push(() => shared.close());

    for (let i = 0; i < 200; i += 1) await shared.send('asya-work', `m${i}`);
    const got = () => consumers.flatMap((c) => c.events.filter((e) => e.event === 'got'));
    const deadline = Date.now() + 30_000;
    while (got().length < 200 && Date.now() < deadline) await sleep(50);
    await sleep(500); // room for a duplicate to show up

    for (const consumer of consumers) consumer.child.kill('SIGTERM');
    const done = await Promise.all(consumers.map((c) => c.next('done')));

    const ids = got().map((e) => e.messageId);
    const bodies = got().map((e) => e.body as string);
    expect(ids).toHaveLength(200);
    expect(new Set(ids).size).toBe(200);
    expect(new Set(bodies)).toEqual(new Set(Array.from({ length: 200 }, (_, i) => `m${i}`)));
    expect(done.map((d) => d.count as number).reduce((a, b) => a + b)).toBe(200);
    expect(done.every((d) => (d.count as number) > 0)).toBe(true);
    expect(await shared.depth('asya-work')).toBe(0);
  });

  it.each([
    ['exactly at the limit', 256 * 1024, 'sent'],
    ['one byte over the limit', 256 * 1024 + 1, 'error'],
  ])('handles a body %s from another process', async (_reason, bytes, expected) => {
    const sender = startWorker('send', { path, queue: 'asya-work', bytes });
    workers.push(sender);
    const result = await sender.next(expected);
    if (expected === 'error') {
      expect(result.reason).toBe('MessageTooLarge');
      expect(await producer.depth('asya-work')).toBe(0);
      return;
    }
    const delivery = await producer.receive('asya-work', { waitMs: 1_000 });
    expect(delivery?.body.length).toBe(bytes);
    expect(delivery?.body.every((b) => b === 0x61)).toBe(true);
  });

  it(
    'returns nothing from a waiting receive aborted ' +
      'by its process and leaves later messages queued',
    async () => {
      const waiter = startWorker('wait', { path, queue: 'asya-work', waitMs: 30_000 });
      workers.push(waiter);
      await waiter.next('ready');
      await sleep(300);

      waiter.child.kill('SIGTERM');
      const returned = await waiter.next('returned', 5_000);
      expect(returned.delivered).toBe(false);
      expect(returned.elapsedMs as number).toBeLessThan(5_000);
      expect(await waiter.exited()).toBe(0);

      await producer.send('asya-work', 'after');
      expect(await producer.depth('asya-work')).toBe(1);
    },
  );
});

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
