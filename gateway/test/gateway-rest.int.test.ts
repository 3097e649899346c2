import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, request, startGateway, until, type TestGateway } from './support/harness.ts';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway({}, undefined, 64 * 1024);
});

afterAll(async () => {
  await gw?.close();
});

async function status(id: string): Promise<Record<string, unknown>> {
  const reply = await request(`${gw.url}/envelopes/${id}`, 'GET');
  expect(reply.status).toBe(200);
  return reply.body;
}

async function progress(
  id: string,
  current: number,
  state: string,
): Promise<Record<string, unknown>> {
  const body = { actor: ['double', 'add-five'][current], status: state, current, total: 2 };
  const reply = await request(`${gw.url}/envelopes/${id}/progress`, 'POST', body);
  expect(reply.status).toBe(200);
  return reply.body;
}

async function final(id: string, body: Record<string, unknown>) {
  return request(`${gw.url}/envelopes/${id}/final`, 'POST', { id, ...body });
}

describe('POST /tools/call', () => {
  it('creates a pending envelope and publishes it to the first actor queue', async () => {
    const reply = await request(`${gw.url}/tools/call`, 'POST', {
      name: 'double-then-add',
      arguments: { value: 10 },
    });

    expect(reply.status).toBe(200);
    const id = reply.body.id as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(reply.body).toMatchObject({
      isError: false,
      status: 'pending',
      status_url: `${gw.url}/envelopes/${id}`,
      stream_url: `${gw.url}/envelopes/${id}/stream`,
    });

    const delivery = await gw.queues.receive('asya-double', { waitMs: 2000 });
    expect(delivery).toBeDefined();
    const envelope = JSON.parse(delivery!.body.toString('utf8')) as Record<string, unknown>;
    expect(envelope).toMatchObject({
      id,
      route: { actors: ['double', 'add-five'], current: 0 },
      payload: { value: 10 },
    });
    const deadline = (envelope.headers as Record<string, string>)['x-asya-deadline'];
    expect(Date.parse(deadline!)).toBeGreaterThan(Date.now());
    await gw.queues.ack(delivery!);

    expect(await status(id)).toMatchObject({
      status: 'pending',
      total_actors: 2,
      route: { current: 0 },
    });
  });

  it('answers a missing required argument with a tool error and HTTP 200', async () => {
    const reply = await request(`${gw.url}/tools/call`, 'POST', {
      name: 'double-then-add',
      arguments: {},
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ isError: true, reason: 'InvalidArguments' });
    expect(await gw.queues.depth('asya-double')).toBe(0);
  });

  it.each<[string, unknown, string | undefined, number, string]>([
    ['an unknown tool', { name: 'no-such-tool', arguments: {} }, undefined, 404, 'ToolNotFound'],
    ['malformed JSON', undefined, '{"name": ', 400, 'MalformedJson'],
    ['a missing tool name', { arguments: {} }, undefined, 400, 'InvalidRequest'],
    ['a body that is not an object', [1, 2], undefined, 400, 'InvalidRequest'],
    [
      'a body over the size limit',
      undefined,
      JSON.stringify({ name: 'x', arguments: { blob: 'x'.repeat(1_100_000) } }),
      413,
      'BodyTooLarge',
    ],
  ])('refuses %s with the matching status and reason', async (_case, body, raw, code, reason) => {
    const reply = await request(
      `${gw.url}/tools/call`,
      'POST',
      body,
      raw === undefined ? {} : { raw },
    );
    expect(reply.status).toBe(code);
    expect((reply.body.error as Record<string, unknown>).reason).toBe(reason);
  });
});

describe('publishing', () => {
  it(
    'fails the envelope with publish_failed and ' + 'answers 502 when the transport refuses it',
    async () => {
      const blob = 'x'.repeat(100 * 1024);
      const reply = await request(`${gw.url}/tools/call`, 'POST', {
        name: 'double-then-add',
        arguments: { value: 1, blob },
      });
      expect(reply.status).toBe(502);
      expect((reply.body.error as Record<string, unknown>).reason).toBe('PublishFailed');

      const db = new pg.Pool({ connectionString: gw.gateway.databaseUrl, max: 1 });
      try {
        const { rows } = await db.query(
          `SELECT status, error FROM envelopes WHERE error->>'reason' = 'publish_failed'`,
        );
        expect(rows).toEqual([
          {
            status: 'failed',
            error: expect.objectContaining({ actor: 'double', current: 0 }) as unknown,
          },
        ]);
      } finally {
        await db.end();
      }
    },
  );
});

describe('authentication', () => {
  it.each([
    ['POST', '/tools/call'],
    ['GET', '/tools'],
    ['GET', '/envelopes/x'],
    ['GET', '/envelopes/x/stream'],
    ['POST', '/envelopes/x/progress'],
    ['POST', '/envelopes/x/final'],
    ['POST', '/envelopes'],
    ['POST', '/mcp'],
  ])('%s %s needs the bearer token', async (method, path) => {
    const none = await request(`${gw.url}${path}`, method, {}, { token: null });
    const wrong = await request(`${gw.url}${path}`, method, {}, { token: 'nope' });
    expect([none.status, wrong.status]).toEqual([401, 401]);
    expect((none.body.error as Record<string, unknown>).reason).toBe('Unauthorized');
  });

  it('serves /health without a token', async () => {
    const reply = await request(`${gw.url}/health`, 'GET', undefined, { token: null });
    expect(reply).toEqual({ status: 200, body: { status: 'ok' } });
  });
});

describe('envelope status', () => {
  it('goes from pending to running to succeeded with the result', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 10 });
    const created = await status(id);
    expect(created).toMatchObject({ status: 'pending', progress: 0, result: null });
    expect(typeof created.created_at).toBe('string');

    await progress(id, 0, 'processing');
    expect(await status(id)).toMatchObject({ status: 'running' });

    const reply = await final(id, { status: 'succeeded', result: { value: 25 } });
    expect(reply.body).toEqual({ applied: true, status: 'succeeded' });
    const done = await status(id);
    expect(done).toMatchObject({
      status: 'succeeded',
      result: { value: 25 },
      progress: 100,
      total_actors: 2,
    });
    expect(Date.parse(done.updated_at as string)).toBeGreaterThanOrEqual(
      Date.parse(created.created_at as string),
    );
  });

  it('ends failed with the error, the failing actor and its index', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    const error = {
      reason: 'processing_error',
      message: 'boom',
      type: 'ValueError',
      actor: 'add-five',
      current: 1,
    };
    await final(id, { status: 'failed', error });
    expect(await status(id)).toMatchObject({ status: 'failed', error });
  });

  it('never changes a final status and records the late final as an event', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    await final(id, { status: 'failed', error: { reason: 'timeout', message: 'late' } });

    const late = await final(id, { status: 'succeeded', result: { value: 7 } });
    expect(late).toEqual({ status: 200, body: { applied: false, status: 'failed' } });
    expect(await status(id)).toMatchObject({
      status: 'failed',
      result: null,
      error: { reason: 'timeout' },
    });

    const events = await gw.gateway.store!.events(id);
    expect(events.map((e) => e.kind)).toEqual(['created', 'final', 'final_ignored']);
  });

  it('keeps progress monotonic and reaches 100 only with the final status', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    const seen = [
      (await progress(id, 0, 'completed')).progress,
      (await progress(id, 0, 'received')).progress,
      (await progress(id, 1, 'completed')).progress,
    ];
    expect(seen).toEqual([50, 50, 99]);
    await final(id, { status: 'succeeded', result: {} });
    expect((await status(id)).progress).toBe(100);

    const after = await request(`${gw.url}/envelopes/${id}/progress`, 'POST', {
      actor: 'double',
      status: 'received',
      current: 0,
      total: 2,
    });
    expect(after.body).toMatchObject({ applied: false, status: 'succeeded', progress: 100 });
  });

  it('registers a fan-out child once, inheriting the tool', async () => {
    const id = await callTool(gw.url, 'double-then-add', { value: 1 });
    const child = {
      id: `${id}-1`,
      parent_id: id,
      route: { actors: ['double', 'add-five'], current: 1 },
    };

    const first = await request(`${gw.url}/envelopes`, 'POST', child);
    const again = await request(`${gw.url}/envelopes`, 'POST', child);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await status(`${id}-1`)).toMatchObject({
      parent_id: id,
      tool: 'double-then-add',
      status: 'running',
    });

    const orphan = await request(`${gw.url}/envelopes`, 'POST', {
      ...child,
      id: 'o-1',
      parent_id: 'missing',
    });
    expect(orphan.status).toBe(404);

    const unparented = await request(`${gw.url}/envelopes`, 'POST', {
      ...child,
      id: `u-${id}`,
      parent_id: null,
    });
    expect(unparented.status).toBe(201);
    expect(unparented.body).toMatchObject({ parent_id: null, tool: null, deadline: null });
  });

  it.each<[string, string, unknown, number, string]>([
    ['GET', '/envelopes/missing', undefined, 404, 'EnvelopeNotFound'],
    [
      'POST',
      '/envelopes/missing/final',
      { id: 'missing', status: 'succeeded' },
      404,
      'EnvelopeNotFound',
    ],
    [
      'POST',
      '/envelopes/missing/progress',
      { actor: 'a', status: 'received', current: 0, total: 1 },
      404,
      'EnvelopeNotFound',
    ],
    ['POST', '/envelopes/missing/progress', { actor: 'a' }, 400, 'InvalidRequest'],
    [
      'POST',
      '/envelopes/other/final',
      { id: 'missing', status: 'succeeded' },
      400,
      'InvalidRequest',
    ],
    ['DELETE', '/envelopes/missing', undefined, 404, 'NotFound'],
  ])(
    '%s %s with a bad or unknown target answers %s %s',
    async (method, path, body, code, reason) => {
      const reply = await request(`${gw.url}${path}`, method, body);
      expect(reply.status).toBe(code);
      expect((reply.body.error as Record<string, unknown>).reason).toBe(reason);
    },
  );
});

describe('concurrent envelopes', () => {
  it('gives each of several envelopes started at once its own result', async () => {
    const ids = await Promise.all(
      Array.from({ length: 8 }, (_, i) => callTool(gw.url, 'double-then-add', { value: i })),
    );
    expect(new Set(ids).size).toBe(8);

    await Promise.all(
      ids.map((id, i) => final(id, { status: 'succeeded', result: { value: i * 2 + 5 } })),
    );
    const results = await Promise.all(ids.map(async (id) => (await status(id)).result));
    expect(results).toEqual(Array.from({ length: 8 }, (_, i) => ({ value: i * 2 + 5 })));
  });
});

describe('deadlines', () => {
  it('lets work finished just under the timeout succeed', async () => {
    const id = await callTool(gw.url, 'three-seconds', { value: 1 });
    const created = Date.parse((await status(id)).created_at as string);
    await new Promise((r) => setTimeout(r, 2000));
    const reply = await final(id, { status: 'succeeded', result: { value: 2 } });
    expect(reply.body).toEqual({ applied: true, status: 'succeeded' });
    expect(Date.now() - created).toBeLessThan(3000);

    await new Promise((r) => setTimeout(r, Math.max(0, created + 3500 - Date.now())));
    expect((await status(id)).status).toBe('succeeded');
  });

  it('marks an envelope failed with reason timeout once its deadline passes', async () => {
    const id = await callTool(gw.url, 'quick', { value: 1 });
    const started = Date.now();
    const failed = await until(async () => {
      const s = await status(id);
      return s.status === 'failed' ? s : undefined;
    }, 15_000);
    // Deadline 1 s + one sweep interval, with room for a loaded test machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(failed.error).toMatchObject({ reason: 'timeout', actor: 'slow', current: 0 });

    const late = await final(id, { status: 'succeeded', result: { value: 2 } });
    expect(late.body).toEqual({ applied: false, status: 'failed' });
  });

  it('holds a wait-mode call until the final status and returns the result', async () => {
    await gw.queues.ensureQueue('asya-waiter');
    const call = request(`${gw.url}/tools/call`, 'POST', {
      name: 'wait-for-it',
      arguments: { value: 3 },
    });
    const delivery = await until(() => gw.queues.receive('asya-waiter', { waitMs: 500 }));
    const envelope = JSON.parse(delivery.body.toString('utf8')) as { id: string };
    await final(envelope.id, { status: 'succeeded', result: { value: 6 } });

    const reply = await call;
    expect(reply.body).toMatchObject({
      isError: false,
      id: envelope.id,
      status: 'succeeded',
      result: { value: 6 },
    });
  });
});
