import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TOKEN, type TestGateway } from './support/harness.ts';

let gw: TestGateway;
let client: Client;

beforeAll(async () => {
  gw = await startGateway();
  client = new Client({ name: 'gateway-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(`${gw.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
  });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await gw?.close();
});

const accept = 'application/json, text/event-stream';

function initialize(protocolVersion: string) {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion, capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
  };
}

async function post(body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${gw.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('MCP at /mcp', () => {
  it('lists every tool with its input schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'double-then-add',
      'quick',
      'three-seconds',
      'wait-for-it',
    ]);
    const tool = tools.find((t) => t.name === 'double-then-add');
    expect(tool?.inputSchema).toMatchObject({ type: 'object', required: ['value'] });
  });

  it('starts an envelope on tools/call and answers with its id and links', async () => {
    const result = await client.callTool({ name: 'double-then-add', arguments: { value: 10 } });

    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as Record<string, unknown>;
    const id = structured.id as string;
    expect(structured).toMatchObject({
      status: 'pending',
      status_url: `${gw.url}/envelopes/${id}`,
      stream_url: `${gw.url}/envelopes/${id}/stream`,
    });
    const [text] = result.content as { type: string; text: string }[];
    expect(JSON.parse(text!.text)).toEqual(structured);

    const delivery = await gw.queues.receive('asya-double', { waitMs: 2000 });
    expect(JSON.parse(delivery!.body.toString('utf8'))).toMatchObject({
      id,
      payload: { value: 10 },
    });
    await gw.queues.ack(delivery!);
  });

  it('answers a missing required argument with a tool error result', async () => {
    const result = await client.callTool({ name: 'double-then-add', arguments: {} });
    expect(result.isError).toBe(true);
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    await expect(client.callTool({ name: 'no-such-tool', arguments: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParams,
    });
  });

  it.each(SUPPORTED_PROTOCOL_VERSIONS.slice(0, 4))(
    'answers initialize for protocol %s',
    async (version) => {
      const reply = await post(initialize(version), { authorization: `Bearer ${TOKEN}` });
      expect(reply.status).toBe(200);
      expect(reply.body.result).toMatchObject({
        protocolVersion: version,
        serverInfo: { name: 'asya-gateway' },
      });
    },
  );

  it.each(['GET', 'DELETE'])(
    'answers %s with 405 because the endpoint is stateless',
    async (method) => {
      const response = await fetch(`${gw.url}/mcp`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/event-stream' },
        signal: AbortSignal.timeout(5000),
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    },
  );

  it('requires the bearer token', async () => {
    const reply = await post(initialize('2025-06-18'), {});
    expect(reply.status).toBe(401);
  });

  it('rejects a foreign Origin even with the token', async () => {
    const reply = await post(initialize('2025-06-18'), {
      authorization: `Bearer ${TOKEN}`,
      origin: 'https://evil.example',
    });
    expect(reply.status).toBe(403);
    expect((reply.body.error as Record<string, unknown>).reason).toBe('ForbiddenOrigin');
  });

  it('accepts a loopback Origin', async () => {
    const reply = await post(initialize('2025-06-18'), {
      authorization: `Bearer ${TOKEN}`,
      origin: 'http://localhost:6274',
    });
    expect(reply.status).toBe(200);
  });

  it('rejects a rebound Host name on a loopback listener', async () => {
    const url = new URL(`${gw.url}/mcp`);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: '/mcp',
          method: 'POST',
          headers: { host: `evil.example:${url.port}`, authorization: `Bearer ${TOKEN}`, accept },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(initialize('2025-06-18')));
    });
    expect(status).toBe(403);
  });
});
