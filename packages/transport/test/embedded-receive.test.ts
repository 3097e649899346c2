import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedTransport } from '../src/index.ts';
import { rejectionReasonOf } from './support/reason.ts';

// Waiting, cancellation and shutdown of receive, in one process.
const silent = pino({ level: 'silent' });

describe('EmbeddedTransport receive', () => {
  let t: EmbeddedTransport;

  beforeEach(async () => {
    t = new EmbeddedTransport({ path: ':memory:', logger: silent });
    await t.ensureQueue('q');
  });

  afterEach(async () => {
    await t.close();
  });

  it('returns undefined at once when waitMs is 0 and the queue is empty', async () => {
    const started = Date.now();
    expect(await t.receive('q')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(50);
  });

  it('waits about waitMs for a message before returning undefined', async () => {
    const started = Date.now();
    expect(await t.receive('q', { waitMs: 200 })).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('wakes a waiting receive as soon as this process sends', async () => {
    const started = Date.now();
    const waiting = t.receive('q', { waitMs: 5_000 });
    setTimeout(() => void t.send('q', 'x'), 50);
    expect((await waiting)?.body.toString()).toBe('x');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('returns undefined when the signal aborts and leaves later messages queued', async () => {
    const controller = new AbortController();
    const waiting = t.receive('q', { waitMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await waiting).toBeUndefined();
    await t.send('q', 'x');
    expect(await t.depth('q')).toBe(1);
  });

  it('does not take a message for a receive whose signal was already aborted', async () => {
    await t.send('q', 'x');
    expect(await t.receive('q', { signal: AbortSignal.abort() })).toBeUndefined();
    expect(await t.depth('q')).toBe(1);
  });

  it('ends a waiting receive with undefined when the transport closes', async () => {
    const waiting = t.receive('q', { waitMs: 5_000 });
    setTimeout(() => void t.close(), 50);
    expect(await waiting).toBeUndefined();
  });

  it('closes idempotently and refuses every later operation as Closed', async () => {
    await t.close();
    await t.close();
    const delivery = { messageId: 'm', queue: 'q', body: Buffer.alloc(0), deliveryCount: 1 };
    const reasons = await Promise.all([
      rejectionReasonOf(t.start()),
      rejectionReasonOf(t.ensureQueue('q')),
      rejectionReasonOf(t.send('q', 'x')),
      rejectionReasonOf(t.receive('q')),
      rejectionReasonOf(t.ack(delivery)),
      rejectionReasonOf(t.release(delivery)),
      rejectionReasonOf(t.extend(delivery, 10)),
      rejectionReasonOf(t.depth('q')),
    ]);
    expect(reasons).toEqual(Array(8).fill('Closed'));
  });
});
