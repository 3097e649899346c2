/**
 * Progress reports to a real HTTP server standing in for the gateway: the callback contract
 * (paths, bodies, bearer token), fan-out child registration, and a gateway that fails or is
 * unreachable never holding up the pump.
 */
process.env.ASYA_LOG_LEVEL ??= 'error';

import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startActor, tempDir, type TestActor } from './support/actor.ts';
import { TestQueues } from './support/queues.ts';

interface Received {
  path: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}

const dir = tempDir('progress');
const queuesPath = join(dir, 'queues.sqlite');
const queues = new TestQueues(queuesPath);
const received: Received[] = [];
let server: Server;
let failing = false;
const actors: TestActor[] = [];

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({ path: req.url ?? '', auth: req.headers.authorization, body });
      res.writeHead(failing ? 500 : 200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await queues.start();
  const env = { ASYA_GATEWAY_URL: gateway, ASYA_GATEWAY_TOKEN: 'secret' };
  actors.push(
    await startActor({ name: 'fan', handler: 'fan_out', queuesPath, sidecarEnv: env }),
    await startActor({ name: 'echo', handler: 'echo', queuesPath, sidecarEnv: env }),
    await startActor({
      name: 'lonely',
      handler: 'echo',
      queuesPath,
      // A port nobody listens on: every report fails to connect.
      sidecarEnv: { ASYA_GATEWAY_URL: 'http://127.0.0.1:9' },
    }),
  );
});

afterAll(async () => {
  await Promise.all(actors.map((actor) => actor.stop()));
  await queues.close();
  rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => server.close(resolve));
});

async function waitFor(count: number, filter: (r: Received) => boolean): Promise<Received[]> {
  const until = Date.now() + 10_000;
  for (;;) {
    const found = received.filter(filter);
    if (found.length >= count || Date.now() > until) return found;
    await sleep(20);
  }
}

describe('progress reports', () => {
  it('reports received, processing and completed, and registers fan-out children', async () => {
    await queues.send('fan', {
      id: 'p-1',
      route: { actors: ['fan', 'echo'], current: 0 },
      payload: {},
    });
    await queues.take('happy-end', 3);

    const progress = await waitFor(6, (r) => r.path === '/envelopes/p-1/progress');
    const children = await waitFor(2, (r) => r.path === '/envelopes');

    const fanReports = progress.filter((r) => r.body.actor === 'fan').map((r) => r.body);
    expect(fanReports.map((b) => b.status)).toEqual(['received', 'processing', 'completed']);
    expect(fanReports.every((b) => b.current === 0 && b.total === 2)).toBe(true);
    expect(typeof fanReports[2]?.duration_ms).toBe('number');
    expect(progress.every((r) => r.auth === 'Bearer secret')).toBe(true);
    expect(
      children.map((r) => r.body).sort((x, y) => String(x.id).localeCompare(String(y.id))),
    ).toEqual([
      { id: 'p-1-1', parent_id: 'p-1', route: { actors: ['fan', 'echo'], current: 1 } },
      { id: 'p-1-2', parent_id: 'p-1', route: { actors: ['fan', 'echo'], current: 1 } },
    ]);
    const echoReports = await waitFor(3, (r) => r.path === '/envelopes/p-1-2/progress');
    expect(echoReports.map((r) => [r.body.actor, r.body.current, r.body.total])).toContainEqual([
      'echo',
      1,
      2,
    ]);
  });

  it('keeps processing while the gateway answers 500', async () => {
    failing = true;
    await queues.send('echo', { id: 'p-2', route: { actors: ['echo'], current: 0 }, payload: 2 });

    const done = await queues.takeOne('happy-end', 'p-2', 5000);

    expect(done.payload).toBe(2);
    failing = false;
  });

  it('keeps processing when the gateway cannot be reached', async () => {
    const started = Date.now();
    await queues.send('lonely', {
      id: 'p-3',
      route: { actors: ['lonely'], current: 0 },
      payload: 3,
    });

    const done = await queues.takeOne('happy-end', 'p-3', 5000);

    expect(done.payload).toBe(3);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
