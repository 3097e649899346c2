/**
 * The sidecar with a real Python runtime and the real embedded transport: routing, fan-out,
 * errors, headers, hop limit, deadline and unparsable bodies. One set of actors serves every
 * test of this file; each test uses its own envelope ids.
 */
process.env.ASYA_LOG_LEVEL ??= 'error';

import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '@asya/envelope';
import { startActor, tempDir, type TestActor, type TestActorOptions } from './support/actor.ts';
import { TestQueues } from './support/queues.ts';

const dir = tempDir('pump');
const queuesPath = join(dir, 'queues.sqlite');
const callsFile = join(dir, 'calls.txt');
const queues = new TestQueues(queuesPath);
const actors: TestActor[] = [];

function envelope(id: string, actors: string[], payload: unknown, extra: Partial<Envelope> = {}) {
  return { id, route: { actors, current: 0 }, payload, ...extra };
}

beforeAll(async () => {
  writeFileSync(callsFile, '');
  await queues.start();
  const specs: Omit<TestActorOptions, 'queuesPath'>[] = [
    { name: 'echo', handler: 'echo', runtimeEnv: { TEST_CALLS_FILE: callsFile } },
    { name: 'a', handler: 'visit' },
    { name: 'b', handler: 'visit' },
    { name: 'c', handler: 'visit' },
    { name: 'fail', handler: 'fail' },
    { name: 'fan', handler: 'fan_out' },
    { name: 'empty', handler: 'empty' },
    {
      name: 'loop',
      handler: 'stay',
      mode: 'envelope',
      sidecarEnv: { ASYA_HOP_LIMIT: '5' },
    },
    { name: 'many', handler: 'echo', sidecarEnv: { ASYA_CONCURRENCY: '3' } },
    {
      name: 'grow',
      handler: 'grow',
      sidecarEnv: {
        ASYA_TRANSPORT: JSON.stringify({
          kind: 'embedded',
          path: queuesPath,
          maxMessageBytes: 4096,
        }),
      },
    },
  ];
  actors.push(...(await Promise.all(specs.map((spec) => startActor({ queuesPath, ...spec })))));
});

afterAll(async () => {
  await Promise.all(actors.map((actor) => actor.stop()));
  await queues.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sidecar with a real runtime', () => {
  it('brings an echo on a one-actor route to happy-end with the same id', async () => {
    await queues.send('echo', envelope('echo-1', ['echo'], { tag: 'echo-1', text: 'héllo 世界' }));

    const done = await queues.takeOne('happy-end', 'echo-1');

    expect(done.payload).toEqual({ tag: 'echo-1', text: 'héllo 世界' });
    expect(done.route).toEqual({ actors: ['echo'], current: 1 });
    await queues.waitStored('echo', 0);
  });

  it('visits a route in order, an actor twice, with producer headers unchanged', async () => {
    const headers = { trace: 'abc', nested: { k: [1, 2] } };
    await queues.send('a', envelope('order-1', ['a', 'b', 'a', 'c'], { visited: [] }, { headers }));

    const done = await queues.takeOne('happy-end', 'order-1');

    expect(done.payload).toEqual({ visited: ['a', 'b', 'a', 'c'] });
    expect(done.route.current).toBe(4);
    expect(done.headers).toMatchObject({ ...headers, 'x-asya-hops': 4 });
  });

  it('sends an envelope meant for another actor to error-end as a route mismatch', async () => {
    await queues.send('echo', envelope('mismatch-1', ['b'], { tag: 'mismatch-1' }));

    const failed = await queues.takeOne('error-end', 'mismatch-1');

    expect(failed.payload).toMatchObject({ error: 'route_mismatch', details: { actor: 'echo' } });
  });

  it('sends one error-end message for a handler error and acks the input', async () => {
    await queues.send('fail', envelope('fail-1', ['fail', 'b'], { n: 1 }, { headers: { h: 1 } }));

    const failed = await queues.takeOne('error-end', 'fail-1');

    expect(failed.route).toEqual({ actors: ['fail', 'b'], current: 0 });
    expect(failed.headers).toMatchObject({ h: 1 });
    expect(failed.payload).toMatchObject({
      error: 'processing_error',
      details: { type: 'ValueError', actor: 'fail', current: 0 },
      original_payload: { n: 1 },
    });
    expect(typeof (failed.payload as { details: { message: unknown } }).details.message).toBe(
      'string',
    );
    await queues.waitStored('fail', 0);
    await sleep(300);
    expect(queues.stored('error-end')).toBe(0);
  });

  it('fans out into three happy-end messages with numbered ids', async () => {
    await queues.send('fan', envelope('fan-1', ['fan'], { x: 1 }));

    const done = await queues.take('happy-end', 3);

    expect(done.map((e) => [e.id, e.parent_id, (e.payload as { part: number }).part])).toEqual([
      ['fan-1', undefined, 0],
      ['fan-1-1', 'fan-1', 1],
      ['fan-1-2', 'fan-1', 2],
    ]);
  });

  it('sends the original envelope to happy-end on an empty result', async () => {
    await queues.send('empty', envelope('empty-1', ['empty', 'b'], { keep: true }));

    const done = await queues.takeOne('happy-end', 'empty-1');

    expect(done.route).toEqual({ actors: ['empty', 'b'], current: 0 });
    expect(done.payload).toEqual({ keep: true });
  });

  it('stops a cycle at the hop limit', async () => {
    await queues.send('loop', envelope('loop-1', ['loop'], { spin: true }));

    const failed = await queues.takeOne('error-end', 'loop-1');

    expect(failed.payload).toMatchObject({
      error: 'hop_limit_exceeded',
      details: { actor: 'loop' },
    });
    expect(failed.headers).toMatchObject({ 'x-asya-hops': 5 });
  });

  it('sends an expired envelope to error-end without calling the handler', async () => {
    const headers = { 'x-asya-deadline': new Date(Date.now() - 1000).toISOString() };
    await queues.send('echo', envelope('late-1', ['echo'], { tag: 'late-1' }, { headers }));

    const failed = await queues.takeOne('error-end', 'late-1');

    expect(failed.payload).toMatchObject({
      error: 'deadline_exceeded',
      original_payload: { tag: 'late-1' },
    });
    expect(readFileSync(callsFile, 'utf8').split('\n')).not.toContain('late-1');
  });

  it('delivers every envelope exactly once with several workers', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `many-${i}`);
    for (const id of ids) await queues.send('many', envelope(id, ['many'], { tag: id }));

    const done = await queues.take('happy-end', 12);

    expect(done.map((e) => e.id).sort()).toEqual([...ids].sort());
    await sleep(300);
    expect(queues.stored('happy-end')).toBe(0);
  });

  it('sends an output over the broker size limit to error-end as message_too_large', async () => {
    await queues.send('grow', envelope('grow-1', ['grow'], { size: 10_000 }));

    const failed = await queues.takeOne('error-end', 'grow-1');

    expect(failed.payload).toMatchObject({
      error: 'message_too_large',
      details: { actor: 'grow' },
      original_payload: { size: 10_000 },
    });
    await queues.waitStored('grow', 0);
    expect(queues.stored('happy-end')).toBe(0);
  });

  it.each([
    ['text that is not JSON', 'not json {', { encoding: 'utf8', data: 'not json {' }],
    [
      'JSON that is not an envelope',
      '{"id":"raw-2"}',
      { encoding: 'utf8', data: '{"id":"raw-2"}' },
    ],
  ])('sends %s to error-end with its raw content', async (_reason, body, original) => {
    await queues.send('echo', body);

    const [failed] = await queues.take('error-end', 1);

    expect(failed?.payload).toMatchObject({
      error: 'msg_parsing_error',
      original_message: original,
    });
    await queues.waitStored('echo', 0);
  });
});
