import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTransport, type Transport } from '../src/index.ts';
import { startWorker, stopAll, type Worker } from './fixtures/processes.ts';

const silent = pino({ level: 'silent' });

// Consumers that die while holding a message, in separate processes sharing one file.
describe('embedded transport across crashing processes', () => {
  let dir: string;
  let path: string;
  let producer: Transport;
  const workers: Worker[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'asya-transport-'));
    path = join(dir, 'queues.sqlite');
    producer = createTransport({ kind: 'embedded', path }, { logger: silent });
    await producer.start();
  });

  afterEach(async () => {
    await stopAll(workers.splice(0));
    await producer.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'redelivers the message of a killed consumer to ' +
      'another process after the visibility timeout',
    async () => {
      await producer.ensureQueue('asya-crash', { visibilityTimeoutMs: 1_000 });
      await producer.send('asya-crash', 'payload');

      const holder = startWorker('hold', { path, queue: 'asya-crash' });
      workers.push(holder);
      const held = await holder.next('received');
      const heldAt = Date.now();
      holder.child.kill('SIGKILL');
      expect(await holder.exited()).toBe('SIGKILL');
      expect(held.deliveryCount).toBe(1);

      const second = startWorker('receive', {
        path,
        queue: 'asya-crash',
        waitMs: 15_000,
        ack: true,
      });
      workers.push(second);
      const redelivered = await second.next('received');

      expect(redelivered.messageId).toBe(held.messageId);
      expect(redelivered.deliveryCount).toBe(2);
      expect(redelivered.pid).not.toBe(held.pid);
      expect(Date.now() - heldAt).toBeGreaterThanOrEqual(900);
      expect(await second.exited()).toBe(0);
      expect(await producer.depth('asya-crash')).toBe(0);
    },
  );

  it('moves a message to the dead-letter queue after maxDeliveries killed consumers', async () => {
    await producer.ensureQueue('asya-poison', { visibilityTimeoutMs: 300, maxDeliveries: 3 });
    await producer.send('asya-poison', 'poison');

    const counts: unknown[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const holder = startWorker('hold', { path, queue: 'asya-poison', waitMs: 15_000 });
      workers.push(holder);
      counts.push((await holder.next('received')).deliveryCount);
      holder.child.kill('SIGKILL');
      await holder.exited();
    }
    expect(counts).toEqual([1, 2, 3]);

    const last = startWorker('receive', { path, queue: 'asya-poison', waitMs: 1_500 });
    workers.push(last);
    expect((await last.next('empty')).event).toBe('empty');

    const dlq = startWorker('receive', { path, queue: 'asya-poison-dlq', waitMs: 5_000 });
    workers.push(dlq);
    const parked = await dlq.next('received');
    expect(parked.deliveryCount).toBe(1);
    expect(parked.deadLetter).toMatchObject({
      reason: 'MaxDeliveriesExceeded',
      sourceQueue: 'asya-poison',
      deliveries: 3,
    });
  });
});
