/**
 * The gateway cases of the catalogue through real processes: one long-running
 * `asya dev test/e2e/fixtures/arithmetic` (gateway, a runtime and a sidecar per actor, crew)
 * called over REST and MCP; results and failures are read back from the gateway's status
 * endpoint and its SSE stream.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startDev, type RunningDev } from './support/asya-process.ts';

interface EnvelopeStatus {
  id: string;
  status: string;
  route: { actors: string[]; current: number };
  total_actors: number;
  progress: number;
  result: { value: number } | null;
  error: Record<string, unknown> | null;
}

interface StreamUpdate {
  kind: string;
  status: string;
  progress: number;
  actor?: string;
  result?: unknown;
}

let dev: RunningDev;
let stateDir: string;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'asya-e2e-gateway-'));
  dev = await startDev([join(repoRoot, 'test/e2e/fixtures/arithmetic'), '--state-dir', stateDir]);
});

afterAll(async () => {
  if (dev === undefined) return;
  expect(dev.child.exitCode, dev.stderr()).toBeNull();
  const exited = once(dev.child, 'exit') as Promise<[number | null, string | null]>;
  dev.child.kill('SIGINT');
  const [code, signal] = await exited;
  expect({ code, signal }, dev.stderr()).toEqual({ code: 0, signal: null });
  await rm(stateDir, { recursive: true, force: true });
});

function authorization(): Record<string, string> {
  return { authorization: `Bearer ${dev.token}` };
}

async function callRest(name: string, args: unknown): Promise<string> {
  const response = await fetch(`${dev.url}/tools/call`, {
    method: 'POST',
    headers: { ...authorization(), 'content-type': 'application/json' },
    body: JSON.stringify({ name, arguments: args }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { id: string; status_url: string };
  expect(body.status_url).toBe(`${dev.url}/envelopes/${body.id}`);
  return body.id;
}

async function callMcp(name: string, args: Record<string, unknown>): Promise<string> {
  const client = new Client({ name: 'asya-e2e', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${dev.url}/mcp`), {
    requestInit: { headers: authorization() },
  });
  await client.connect(transport);
  try {
    const result = await client.callTool({ name, arguments: args });
    expect(result.isError).toBeFalsy();
    return (result.structuredContent as { id: string }).id;
  } finally {
    await client.close();
  }
}

/** Polls `GET /envelopes/{id}` until the status is final. */
async function finalStatus(id: string, timeoutMs = 60_000): Promise<EnvelopeStatus> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${dev.url}/envelopes/${id}`, { headers: authorization() });
    expect(response.status).toBe(200);
    const record = (await response.json()) as EnvelopeStatus;
    if (record.status === 'succeeded' || record.status === 'failed') return record;
    if (Date.now() > end) {
      throw new Error(`envelope ${id} still ${record.status}; asya dev said:\n${dev.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Reads `GET /envelopes/{id}/stream` until the server ends it; returns every update. */
async function readStream(id: string, timeoutMs = 60_000): Promise<StreamUpdate[]> {
  const response = await fetch(`${dev.url}/envelopes/${id}/stream`, {
    headers: { ...authorization(), accept: 'text/event-stream' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const text = await response.text();
  const updates: StreamUpdate[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n');
    if (!lines.includes('event: update')) continue;
    const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
    updates.push(JSON.parse(data.join('\n')) as StreamUpdate);
  }
  return updates;
}

describe('gateway tool calls through asya dev', () => {
  it.each([
    ['REST POST /tools/call', callRest],
    ['MCP tools/call', callMcp],
  ])('runs compute over %s: value 10 becomes 25 after 2 actors', async (_reason, call) => {
    const id = await call('compute', { value: 10 });

    const record = await finalStatus(id);

    expect(record.status, JSON.stringify(record.error)).toBe('succeeded');
    expect(record.result).toEqual({ value: 25 });
    expect(record.total_actors).toBe(2);
    expect(record.route.actors).toEqual(['double', 'add-five']);
    expect(record.progress).toBe(100);
    expect(record.error).toBeNull();
  });

  it('ends broken as failed, naming the failing actor fail at index 1', async () => {
    const id = await callRest('broken', { value: 10 });

    const record = await finalStatus(id);

    expect(record.status).toBe('failed');
    expect(record.result).toBeNull();
    expect(record.error).toMatchObject({
      reason: 'processing_error',
      type: 'ValueError',
      actor: 'fail',
      current: 1,
    });
    expect(record.progress).toBeLessThan(100);
  });

  it('gives each of 8 envelopes started at once its own result', async () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7];
    const ids = await Promise.all(values.map((value) => callRest('compute', { value })));
    expect(new Set(ids).size).toBe(values.length);

    const records = await Promise.all(ids.map((id) => finalStatus(id, 90_000)));

    expect(records.map((r) => r.id)).toEqual(ids);
    expect(records.map((r) => r.status)).toEqual(values.map(() => 'succeeded'));
    expect(records.map((r) => r.result)).toEqual(values.map((v) => ({ value: 2 * v + 5 })));
  });

  it('streams monotonic progress over SSE, reaching 100 only with the final status', async () => {
    const id = await callRest('compute', { value: 1 });

    const updates = await readStream(id);

    expect(updates.length).toBeGreaterThanOrEqual(3);
    expect(updates[0]).toMatchObject({ kind: 'created', status: 'pending', progress: 0 });
    expect(updates.at(-1)).toMatchObject({
      kind: 'final',
      status: 'succeeded',
      progress: 100,
      result: { value: 7 },
    });
    expect(updates.filter((u) => u.kind === 'final')).toHaveLength(1);
    const progress = updates.map((u) => u.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.slice(0, -1).every((p) => p < 100)).toBe(true);
    const reporters = new Set(updates.filter((u) => u.kind === 'progress').map((u) => u.actor));
    expect([...reporters].sort()).toEqual(['add-five', 'double']);
    expect(await finalStatus(id)).toMatchObject({ status: 'succeeded', progress: 100 });
  });
});
