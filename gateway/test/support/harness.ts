/**
 * Test harness: a real gateway on an embedded PGlite (served over the socket server) and the
 * real embedded transport, in a temp directory of its own, on a free port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@asya/telemetry';
import { createTransport, type Transport } from '@asya/transport';
import { parseConfig, type GatewayConfigInput } from '../../src/config/config.ts';
import { createGateway, type Gateway } from '../../src/gateway.ts';

export const TOKEN = 'test-token';

export interface TestGateway {
  url: string;
  gateway: Gateway;
  /** A second handle on the gateway's queue file, to look at what it published. */
  queues: Transport;
  dir: string;
  close(): Promise<void>;
}

export const numberSchema = {
  type: 'object',
  properties: { value: { type: 'number' } },
  required: ['value'],
};

/** Starts a gateway; `maxMessageBytes` limits the embedded transport's message size. */
export async function startGateway(
  overrides: Partial<GatewayConfigInput> = {},
  dir?: string,
  maxMessageBytes?: number,
): Promise<TestGateway> {
  const workDir = dir ?? (await mkdtemp(join(tmpdir(), 'asya-gateway-')));
  const transport = {
    kind: 'embedded' as const,
    path: join(workDir, 'queues.sqlite'),
    ...(maxMessageBytes === undefined ? {} : { maxMessageBytes }),
  };
  const config = parseConfig({
    port: 0,
    token: TOKEN,
    transport,
    sweepIntervalMs: 200,
    pollIntervalMs: 100,
    tools: [
      { name: 'double-then-add', actors: ['double', 'add-five'], inputSchema: numberSchema },
      { name: 'quick', actors: ['slow'], inputSchema: numberSchema, timeoutSeconds: 1 },
      { name: 'three-seconds', actors: ['slow'], inputSchema: numberSchema, timeoutSeconds: 3 },
      {
        name: 'wait-for-it',
        actors: ['waiter'],
        inputSchema: numberSchema,
        mode: 'wait',
        timeoutSeconds: 10,
      },
    ],
    ...overrides,
  });
  const logger = createLogger('gateway');
  logger.level = process.env.ASYA_LOG_LEVEL ?? 'error';
  const gateway = createGateway(config, { logger });
  const url = await gateway.start();
  const queues = createTransport(transport);
  await queues.start();
  return {
    url,
    gateway,
    queues,
    dir: workDir,
    async close() {
      await queues.close();
      await gateway.close();
      if (dir === undefined) await rm(workDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** JSON request with the bearer token (unless `token` is null). */
export async function request(
  url: string,
  method: string,
  body?: unknown,
  options: { token?: string | null; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...options.headers,
  };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method, headers };
  if (options.raw !== undefined) init.body = options.raw;
  else if (body !== undefined && method !== 'GET') init.body = JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** Calls a tool over REST and returns the envelope id (fails the test otherwise). */
export async function callTool(base: string, name: string, args: unknown): Promise<string> {
  const reply = await request(`${base}/tools/call`, 'POST', { name, arguments: args });
  if (reply.status !== 200 || reply.body.isError !== false) {
    throw new Error(`tool call failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body.id as string;
}

export async function until<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
