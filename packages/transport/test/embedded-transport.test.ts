import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedTransport, type EmbeddedDelivery } from '../src/index.ts';
import { rejectionReasonOf } from './support/reason.ts';

// In-process semantics on an in-memory database; the same code paths across processes are
// covered by the *.int.test.ts files.
const silent = pino({ level: 'silent' });

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

describe('EmbeddedTransport', () => {
  let t: EmbeddedTransport;

  beforeEach(async () => {
    t = new EmbeddedTransport({ path: ':memory:', maxMessageBytes: 16, logger: silent });
    await t.start();
    await t.ensureQueue('q', { visibilityTimeoutMs: 100 });
  });

  afterEach(async () => {
    await t.close();
  });

  it('delivers a sent message with its bytes and deliveryCount 1', async () => {
    await t.send('q', 'héllo');
    const delivery = await t.receive('q');
    expect(delivery?.body.toString('utf8')).toBe('héllo');
    expect(delivery?.deliveryCount).toBe(1);
    expect(delivery?.queue).toBe('q');
  });

  it('delivers messages in the order they were sent', async () => {
    for (const body of ['a', 'b', 'c']) await t.send('q', body);
    const bodies: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const d = await t.receive('q');
      bodies.push(d?.body.toString() ?? '');
      if (d) await t.ack(d);
    }
    expect(bodies).toEqual(['a', 'b', 'c']);
  });

  it('hides a received message until its visibility timeout, then redelivers it', async () => {
    await t.send('q', 'x');
    const first = await t.receive('q');
    expect(await t.receive('q')).toBeUndefined();
    expect(await t.depth('q')).toBe(0);

    const second = await t.receive('q', { waitMs: 2_000 });
    expect(second?.messageId).toBe(first?.messageId);
    expect(second?.deliveryCount).toBe(2);
  });

  it('refuses to ack, release or extend a delivery that was redelivered since', async () => {
    await t.send('q', 'x');
    const stale = (await t.receive('q'))!;
    await t.receive('q', { waitMs: 2_000 });
    expect(await rejectionReasonOf(t.ack(stale))).toBe('DeliveryNotFound');
    expect(await rejectionReasonOf(t.release(stale))).toBe('DeliveryNotFound');
    expect(await rejectionReasonOf(t.extend(stale, 1_000))).toBe('DeliveryNotFound');
  });

  it('deletes an acked message for good', async () => {
    await t.send('q', 'x');
    const delivery = (await t.receive('q'))!;
    await t.ack(delivery);
    await sleep(150);
    expect(await t.receive('q')).toBeUndefined();
    expect(await rejectionReasonOf(t.ack(delivery))).toBe('DeliveryNotFound');
  });

  it('makes a released message visible at once, or after the delay', async () => {
    await t.send('q', 'x');
    await t.release((await t.receive('q'))!);
    const again = (await t.receive('q'))!;
    expect(again.deliveryCount).toBe(2);

    await t.release(again, 300);
    expect(await t.receive('q', { waitMs: 150 })).toBeUndefined();
    expect((await t.receive('q', { waitMs: 2_000 }))?.deliveryCount).toBe(3);
  });

  it('keeps an extended delivery invisible past its first timeout', async () => {
    await t.send('q', 'x');
    const delivery = (await t.receive('q'))!;
    await t.extend(delivery, 400);
    expect(await t.receive('q', { waitMs: 200 })).toBeUndefined();
    await t.ack(delivery);
  });

  it('uses the visibility timeout given to receive over the queue default', async () => {
    await t.send('q', 'x');
    await t.receive('q', { visibilityTimeoutMs: 0 });
    expect((await t.receive('q'))?.deliveryCount).toBe(2);
  });

  it('moves a message to the dead-letter queue after maxDeliveries with the reason', async () => {
    await t.ensureQueue('p', { maxDeliveries: 2 });
    await t.send('p', 'poison');
    for (let i = 0; i < 2; i += 1) await t.release((await t.receive('p'))!);

    expect(await t.receive('p')).toBeUndefined();
    const parked = (await t.receive('p-dlq')) as EmbeddedDelivery;
    expect(parked.body.toString()).toBe('poison');
    expect(parked.deliveryCount).toBe(1);
    expect(parked.deadLetter).toMatchObject({
      reason: 'MaxDeliveriesExceeded',
      sourceQueue: 'p',
      deliveries: 2,
    });
  });

  it('bounds deliveries at 5 when only a dead-letter queue is named', async () => {
    await t.ensureQueue('p', { deadLetterQueue: 'parking' });
    await t.send('p', 'poison');
    for (let i = 0; i < 5; i += 1) await t.release((await t.receive('p'))!);
    expect(await t.receive('p')).toBeUndefined();
    expect(await t.depth('parking')).toBe(1);
  });

  it('accepts a body of exactly maxMessageBytes, counting UTF-8 bytes', async () => {
    await t.send('q', Buffer.alloc(16));
    expect(await rejectionReasonOf(t.send('q', 'é'.repeat(9)))).toBe('MessageTooLarge');
    expect(await t.depth('q')).toBe(1);
  });

  it('returns bytes a database or broker might refuse unchanged', async () => {
    const body = Buffer.from([0x00, 0xff, 0xfe, 0xef, 0xbf, 0xbf, 0x0a, 0x7f]);
    await t.send('q', body);
    expect((await t.receive('q'))?.body.equals(body)).toBe(true);
  });

  it('keeps U+0000 and U+FFFF in a string body', async () => {
    await t.send('q', 'a\u0000b\uffff');
    expect((await t.receive('q'))?.body.toString('utf8')).toBe('a\u0000b\uffff');
  });

  it('applies settings given again to an existing queue', async () => {
    await t.ensureQueue('q', { visibilityTimeoutMs: 0 });
    await t.ensureQueue('q');
    await t.send('q', 'x');
    await t.receive('q');
    expect((await t.receive('q'))?.deliveryCount).toBe(2);
  });

  it.each([
    ['send', () => t.send('missing', 'x')],
    ['receive', () => t.receive('missing')],
    ['depth', () => t.depth('missing')],
  ])('reports QueueNotFound from %s on a missing queue', async (_reason, op) => {
    expect(await rejectionReasonOf(op())).toBe('QueueNotFound');
  });

  it('reports QueueNotFound to a consumer whose queue was deleted', async () => {
    await t.send('q', 'x');
    await t.deleteQueue('q');
    expect(await rejectionReasonOf(t.receive('q'))).toBe('QueueNotFound');
  });

  it.each([
    ['an invalid queue name', () => t.send('a.b', 'x'), 'InvalidQueueName'],
    [
      'an invalid dead-letter queue name',
      () => t.ensureQueue('q', { deadLetterQueue: 'a b' }),
      'InvalidQueueName',
    ],
    [
      'a queue as its own dead-letter queue',
      () => t.ensureQueue('q', { deadLetterQueue: 'q' }),
      'InvalidArgument',
    ],
    ['zero maxDeliveries', () => t.ensureQueue('q', { maxDeliveries: 0 }), 'InvalidArgument'],
    [
      'a negative visibility timeout',
      () => t.ensureQueue('q', { visibilityTimeoutMs: -1 }),
      'InvalidArgument',
    ],
    ['a fractional waitMs', () => t.receive('q', { waitMs: 1.5 }), 'InvalidArgument'],
    [
      'a negative release delay',
      () => t.release({ messageId: 'm', queue: 'q', body: Buffer.alloc(0), deliveryCount: 1 }, -5),
      'InvalidArgument',
    ],
    ['a string body with a lone surrogate', () => t.send('q', 'a\ud800b'), 'InvalidArgument'],
    [
      'a body that is neither Buffer nor string',
      () => t.send('q', 42 as unknown as string),
      'InvalidArgument',
    ],
  ])('refuses %s', async (_reason, op, reason) => {
    expect(await rejectionReasonOf(op())).toBe(reason);
  });
});
