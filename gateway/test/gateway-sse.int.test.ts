import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, request, startGateway, TOKEN, type TestGateway } from './support/harness.ts';
import { readStream, type SseEvent } from './support/sse.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway();
});

afterAll(async () => {
  await gw?.close();
});

function progress(base: string, id: string, current: number, status: string) {
  return request(`${base}/envelopes/${id}/progress`, 'POST', {
    actor: ['double', 'add-five'][current],
    status,
    current,
    total: 2,
  });
}

function final(base: string, id: string, result: unknown) {
  return request(`${base}/envelopes/${id}/final`, 'POST', { id, status: 'succeeded', result });
}

/** Opens a stream and resolves `opened` once its first event arrived. */
function openStream(url: string, lastEventId?: string) {
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpen = resolve));
  const events = readStream(url, {
    ...(lastEventId ? { lastEventId } : {}),
    onEvent: () => markOpen(),
  });
  return { opened, events };
}

function summary(events: SseEvent[]) {
  return events.map((e) => [e.event, Number(e.id), e.data.kind, e.data.status, e.data.progress]);
}

describe('GET /envelopes/{id}/stream', () => {
  it('sends every update to two clients and ends both after the final status', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 10 });
    const a = openStream(`${gw.url}/envelopes/${id}/stream`);
    const b = openStream(`${gw.url}/envelopes/${id}/stream`);
    await Promise.all([a.opened, b.opened]);

    await progress(gw.url, id, 0, 'completed');
    await progress(gw.url, id, 1, 'processing');
    await final(gw.url, id, { value: 25 });

    const expected = [
      ['update', 1, 'created', 'pending', 0],
      ['update', 2, 'progress', 'running', 50],
      ['update', 3, 'progress', 'running', 75],
      ['update', 4, 'final', 'succeeded', 100],
    ];
    expect(summary(await a.events)).toEqual(expected);
    expect(summary(await b.events)).toEqual(expected);
    const last = (await a.events).at(-1)?.data;
    expect(last?.result).toEqual({ value: 25 });
    expect(last?.updated_at).toBe(
      (await request(`${gw.url}/envelopes/${id}`, 'GET')).body.updated_at,
    );
  });

  it('gives a client arriving after completion the final status, then ends', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    await progress(gw.url, id, 0, 'completed');
    await final(gw.url, id, { value: 7 });

    const events = await readStream(`${gw.url}/envelopes/${id}/stream`, { lastEventId: '3' });
    expect(summary(events)).toEqual([['update', 3, 'final', 'succeeded', 100]]);
  });

  it('resumes after Last-Event-ID without repeating earlier updates', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    await progress(gw.url, id, 0, 'received');
    await progress(gw.url, id, 0, 'completed');
    await final(gw.url, id, {});

    const events = await readStream(`${gw.url}/envelopes/${id}/stream`, { lastEventId: '2' });
    expect(events.map((e) => Number(e.id))).toEqual([3, 4]);
    expect(events.at(-1)?.data.kind).toBe('final');
  });

  it('repeats the final status to a client resuming past it, then ends', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    await final(gw.url, id, {});
    await final(gw.url, id, { late: true });

    const events = await readStream(`${gw.url}/envelopes/${id}/stream`, { lastEventId: '99' });
    expect(summary(events)).toEqual([['update', 2, 'final', 'succeeded', 100]]);
  });

  it('answers 404 for an unknown envelope', async () => {
    const response = await fetch(`${gw.url}/envelopes/nope/stream`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(404);
  });

  it('streams updates written by another replica on the same database', async () => {
    const replica = await startGateway({ databaseUrl: gw.gateway.databaseUrl });
    try {
      const id = await callTool(gw.url, 'double-then-add', { value: 2 });
      const stream = openStream(`${replica.url}/envelopes/${id}/stream`);
      await stream.opened;

      await progress(gw.url, id, 0, 'completed');
      await final(gw.url, id, { value: 9 });

      expect(summary(await stream.events).map((row) => row[2])).toEqual([
        'created',
        'progress',
        'final',
      ]);
    } finally {
      await replica.close();
    }
  });
});
