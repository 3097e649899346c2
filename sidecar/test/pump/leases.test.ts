import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { TransportError, type Delivery, type Transport } from '@asya/transport';
import { Leases, publishAndAck, release } from '../../src/pump/index.ts';

const LEASE_MS = 3000;
const INTERVAL_MS = 1000;

/** A transport whose extend is scripted by the test; everything else succeeds. */
function fakeTransport() {
  const calls: string[] = [];
  let nextExtend: () => Promise<void> = () => Promise.resolve();
  const extend = vi.fn((delivery: Delivery, ms: number) => {
    calls.push(`extend ${delivery.messageId} ${ms}`);
    return nextExtend();
  });
  const transport = {
    kind: 'fake',
    extend,
    ack: vi.fn((delivery: Delivery) => {
      calls.push(`ack ${delivery.messageId}`);
      return Promise.reject(new TransportError('DeliveryNotFound', 'gone'));
    }),
    release: vi.fn((delivery: Delivery) => {
      calls.push(`release ${delivery.messageId}`);
      return Promise.resolve();
    }),
  } as unknown as Transport;
  return { transport, extend, calls, scriptExtend: (fn: () => Promise<void>) => (nextExtend = fn) };
}

function delivery(messageId = 'm1'): Delivery {
  return { messageId, queue: 'asya-a', body: Buffer.from('{}'), deliveryCount: 1 };
}

function setup() {
  const fake = fakeTransport();
  const logger = pino({ level: 'silent' });
  const warn = vi.spyOn(logger, 'warn');
  const leases = new Leases({ transport: fake.transport, leaseMs: LEASE_MS, logger });
  return { ...fake, logger, warn, leases };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Leases', () => {
  it('extends a held delivery by the whole lease every third of the lease', async () => {
    const { leases, calls } = setup();
    leases.hold(delivery());

    await vi.advanceTimersByTimeAsync(INTERVAL_MS - 1);
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + 2 * INTERVAL_MS);

    expect(calls).toEqual(Array(3).fill(`extend m1 ${LEASE_MS}`));
    await leases.drop(delivery());
  });

  it('clears its timer on drop, so no extend follows and no timer is left', async () => {
    const { leases, calls } = setup();
    const held = delivery();
    leases.hold(held);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);

    await leases.drop(held);
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);

    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(leases.size).toBe(0);
  });

  it('waits for an extend in flight before drop resolves', async () => {
    const { leases, scriptExtend } = setup();
    let finishExtend = () => {};
    scriptExtend(() => new Promise<void>((resolve) => (finishExtend = resolve)));
    const held = delivery();
    leases.hold(held);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);

    let dropped = false;
    const dropping = leases.drop(held).then(() => (dropped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(dropped).toBe(false);
    finishExtend();
    await dropping;

    expect(dropped).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never starts an extend while the previous one is still pending', async () => {
    const { leases, extend, scriptExtend } = setup();
    scriptExtend(() => new Promise<void>(() => {}));
    leases.hold(delivery());

    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);

    expect(extend).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a broker hiccup is worth another try', 'ConnectionFailed', 3],
    ['the message was already delivered again', 'DeliveryNotFound', 1],
    ['the transport is closed', 'Closed', 1],
  ])('logs a failed extend at warn and goes on only when %s', async (_why, reason, extends_) => {
    const { leases, extend, scriptExtend, warn } = setup();
    scriptExtend(() => Promise.reject(new TransportError(reason as 'Closed', 'no')));
    leases.hold(delivery());

    await vi.advanceTimersByTimeAsync(3 * INTERVAL_MS);

    expect(extend).toHaveBeenCalledTimes(extends_);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ reason }), expect.any(String));
    expect(vi.getTimerCount()).toBe(extends_ === 1 ? 0 : 1);
    await leases.dropAll();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not log an extend that fails after the delivery was dropped', async () => {
    const { leases, scriptExtend, warn } = setup();
    let failExtend = () => {};
    scriptExtend(
      () => new Promise<void>((_, reject) => (failExtend = () => reject(new Error('late')))),
    );
    const held = delivery();
    leases.hold(held);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);

    const dropping = leases.drop(held);
    failExtend();
    await dropping;

    expect(warn).not.toHaveBeenCalled();
  });

  it('stops every heartbeat on dropAll', async () => {
    const { leases } = setup();
    for (const id of ['m1', 'm2', 'm3']) leases.hold(delivery(id));
    expect(vi.getTimerCount()).toBe(3);

    await leases.dropAll();

    expect(vi.getTimerCount()).toBe(0);
    expect(leases.size).toBe(0);
  });
});

describe('settling a held delivery', () => {
  const deps = (fake: ReturnType<typeof setup>) => ({
    transport: fake.transport,
    queuePrefix: 'asya-',
    ctx: { actor: 'a', hopLimit: 100 },
    logger: fake.logger,
    leases: fake.leases,
  });

  it(
    'stops the heartbeat before the ack and survives ' + 'an ack refused with DeliveryNotFound',
    async () => {
      const fake = setup();
      const held = delivery();
      fake.leases.hold(held);
      await vi.advanceTimersByTimeAsync(INTERVAL_MS);

      const acked = await publishAndAck(deps(fake), held, []);
      await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);

      expect(acked).toBe(true);
      expect(fake.calls).toEqual([`extend m1 ${LEASE_MS}`, 'ack m1']);
      expect(fake.warn).toHaveBeenCalledWith(
        expect.objectContaining({ reason: 'DeliveryNotFound' }),
        expect.any(String),
      );
      expect(vi.getTimerCount()).toBe(0);
    },
  );

  it('stops the heartbeat before the release, so no extend hides the message again', async () => {
    const fake = setup();
    const held = delivery();
    fake.leases.hold(held);

    await release(deps(fake), held, new Error('runtime gone'));
    await vi.advanceTimersByTimeAsync(10 * INTERVAL_MS);

    expect(fake.calls).toEqual(['release m1']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
