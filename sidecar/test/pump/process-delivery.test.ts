import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Envelope } from '@asya/envelope';
import { TransportError, type Delivery, type Transport } from '@asya/transport';
import { processDelivery, type ProcessDeps } from '../../src/pump/index.ts';
import { ProgressReporter } from '../../src/progress/index.ts';
import {
  RuntimeCallError,
  type RuntimeCallReason,
  type RuntimeClient,
  type RuntimeReadiness,
} from '../../src/runtime-client/index.ts';

const logger = pino({ level: 'silent' });
const now = Date.parse('2030-01-01T00:00:00Z');

/** An in-memory transport recording what the pump did; `failSend` makes sends fail. */
class FakeTransport implements Transport {
  readonly kind = 'fake';
  sent: { queue: string; envelope: Envelope }[] = [];
  acked: string[] = [];
  released: { id: string; delayMs: number | undefined }[] = [];
  failSend: ((queue: string) => TransportError | undefined) | undefined;
  failAck = false;

  start = () => Promise.resolve();
  close = () => Promise.resolve();
  ensureQueue = () => Promise.resolve();
  receive = () => Promise.resolve(undefined);
  extend = () => Promise.resolve();
  depth = () => Promise.resolve(0);

  send(queue: string, body: Buffer | string): Promise<void> {
    const failure = this.failSend?.(queue);
    if (failure) return Promise.reject(failure);
    this.sent.push({ queue, envelope: JSON.parse(body.toString()) as Envelope });
    return Promise.resolve();
  }
  ack(delivery: Delivery): Promise<void> {
    if (this.failAck) return Promise.reject(new TransportError('ConnectionFailed', 'down'));
    this.acked.push(delivery.messageId);
    return Promise.resolve();
  }
  release(delivery: Delivery, delayMs?: number): Promise<void> {
    this.released.push({ id: delivery.messageId, delayMs });
    return Promise.resolve();
  }
}

function setup(answer: () => Promise<unknown[]>) {
  const transport = new FakeTransport();
  const restarts = { count: 0 };
  const client = { call: answer } as unknown as RuntimeClient;
  const readiness = {
    snapshot: () => Promise.resolve({ ino: 1, mtimeMs: 1 }),
    expectRestart: () => {
      restarts.count++;
      return Promise.resolve();
    },
  } as unknown as RuntimeReadiness;
  const deps: ProcessDeps = {
    transport,
    queuePrefix: 'asya-',
    ctx: { actor: 'a', hopLimit: 100 },
    logger,
    client,
    readiness,
    reporter: new ProgressReporter({ actor: 'a', logger }),
    timeoutMs: 1000,
    maxAttempts: 3,
    now: () => now,
  };
  return { deps, transport, restarts };
}

function delivery(deliveryCount = 1, headers: Record<string, unknown> = {}): Delivery {
  const envelope = { id: 'e1', route: { actors: ['a', 'b'], current: 0 }, headers, payload: 1 };
  return {
    messageId: 'm1',
    queue: 'asya-a',
    body: Buffer.from(JSON.stringify(envelope)),
    deliveryCount,
  };
}

const fails = (reason: RuntimeCallReason) => () =>
  Promise.reject(new RuntimeCallError(reason, 'x'));
const signal = new AbortController().signal;

describe('processDelivery', () => {
  it.each([
    ['the runtime is not ready', 'RuntimeUnavailable' as const, 1],
    ['the runtime died on an early delivery', 'ConnectionLost' as const, 2],
    ['shutdown aborted the call', 'Aborted' as const, 1],
  ])('releases the message without publishing when %s', async (_reason, reason, count) => {
    const { deps, transport } = setup(fails(reason));

    await processDelivery(deps, delivery(count), signal);

    expect(transport.sent).toEqual([]);
    expect(transport.acked).toEqual([]);
    expect(transport.released).toEqual([{ id: 'm1', delayMs: 250 * 2 ** (count - 1) }]);
  });

  it.each([
    ['the handler timed out', 'Timeout' as const, 1, 'timeout', 1],
    [
      'the runtime died on the last allowed delivery',
      'ConnectionLost' as const,
      3,
      'connection_error',
      1,
    ],
    ['the request is over the frame limit', 'FrameTooLarge' as const, 1, 'message_too_large', 0],
    ['the response is not an array', 'InvalidResponse' as const, 1, 'invalid_runtime_response', 0],
  ])('acks after one error-end message when %s', async (_reason, reason, count, code, restarts) => {
    const setupResult = setup(fails(reason));
    const { deps, transport } = setupResult;

    await processDelivery(deps, delivery(count), signal);

    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]?.queue).toBe('asya-error-end');
    expect(transport.sent[0]?.envelope.payload).toMatchObject({
      error: code,
      details: { actor: 'a' },
    });
    expect(transport.acked).toEqual(['m1']);
    expect(transport.released).toEqual([]);
    expect(setupResult.restarts.count).toBe(restarts);
  });

  it('reports deadline_exceeded when the deadline, not the timeout, ended the call', async () => {
    const { deps, transport } = setup(fails('Timeout'));
    const headers = { 'x-asya-deadline': new Date(now + 200).toISOString() };

    await processDelivery(deps, delivery(1, headers), signal);

    expect(transport.sent[0]?.envelope.payload).toMatchObject({ error: 'deadline_exceeded' });
  });

  it('waits for a restarted runtime after the runtime reported a timeout itself', async () => {
    const answer = () => Promise.resolve([{ error: 'timeout', details: { message: 'slow' } }]);
    const { deps, transport, restarts } = setup(answer);

    await processDelivery(deps, delivery(), signal);

    expect(transport.sent[0]?.envelope.payload).toMatchObject({ error: 'timeout' });
    expect(restarts.count).toBe(1);
  });

  it('releases the message when publishing an output fails', async () => {
    const output = { id: 'e1', route: { actors: ['a', 'b'], current: 1 }, payload: 2 };
    const { deps, transport } = setup(() => Promise.resolve([output]));
    transport.failSend = () => new TransportError('ConnectionFailed', 'broker down');

    await processDelivery(deps, delivery(), signal);

    expect(transport.acked).toEqual([]);
    expect(transport.released).toHaveLength(1);
  });

  it('replaces an output the broker refuses as too large by one error-end message', async () => {
    const output = { id: 'e1', route: { actors: ['a', 'b'], current: 1 }, payload: 2 };
    const { deps, transport } = setup(() => Promise.resolve([output]));
    transport.failSend = (queue) =>
      queue === 'asya-b' ? new TransportError('MessageTooLarge', 'too big') : undefined;

    await processDelivery(deps, delivery(), signal);

    expect(transport.sent.map((m) => m.queue)).toEqual(['asya-error-end']);
    expect(transport.sent[0]?.envelope.payload).toMatchObject({ error: 'message_too_large' });
    expect(transport.acked).toEqual(['m1']);
  });

  it('drops the original payload from the error-end message when it is too large too', async () => {
    const output = { id: 'e1', route: { actors: ['a', 'b'], current: 1 }, payload: 2 };
    const { deps, transport } = setup(() => Promise.resolve([output]));
    let errorEndTries = 0;
    transport.failSend = (queue) => {
      if (queue === 'asya-error-end' && ++errorEndTries > 1) return undefined;
      return new TransportError('MessageTooLarge', 'too big');
    };

    await processDelivery(deps, delivery(), signal);

    expect(transport.sent.map((m) => m.queue)).toEqual(['asya-error-end']);
    expect(transport.sent[0]?.envelope.payload).toMatchObject({
      error: 'message_too_large',
      details: { original_payload_omitted: true },
      original_payload: null,
    });
    expect(transport.acked).toEqual(['m1']);
  });

  it('publishes the outputs even when the ack fails', async () => {
    const output = { id: 'e1', route: { actors: ['a', 'b'], current: 1 }, payload: 2 };
    const { deps, transport } = setup(() => Promise.resolve([output]));
    transport.failAck = true;

    await processDelivery(deps, delivery(), signal);

    expect(transport.sent.map((m) => m.queue)).toEqual(['asya-b']);
    expect(transport.released).toEqual([]);
  });

  it('does not call the runtime for a rejected envelope', async () => {
    let called = false;
    const { deps, transport } = setup(() => {
      called = true;
      return Promise.resolve([]);
    });

    await processDelivery(deps, delivery(1, { 'x-asya-hops': 100 }), signal);

    expect(called).toBe(false);
    expect(transport.sent[0]?.envelope.payload).toMatchObject({ error: 'hop_limit_exceeded' });
    expect(transport.acked).toEqual(['m1']);
  });
});
