import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, GatewayClient } from '../src/index.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A web server answering every path with `status` and the given body. */
async function serve(body: string, status = 200): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('GatewayClient against a server that is not a gateway', () => {
  it.each([
    ['status read', (c: GatewayClient) => c.envelope('abc')],
    ['tool call', (c: GatewayClient) => c.callTool('t', {})],
    ['wait for final', (c: GatewayClient) => c.waitForFinal('abc')],
  ])('a %s answered with HTML fails with GatewayRefused', async (_reason, act) => {
    const client = new GatewayClient(await serve('<html>not a gateway</html>'));
    const error = await act(client).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).reason).toBe('GatewayRefused');
  });
});

describe('GatewayClient refusals', () => {
  it.each([
    ['an unknown tool is bad input', 404, 'ToolNotFound', 'UnknownTool'],
    ['an unknown envelope is a refusal', 404, 'EnvelopeNotFound', 'GatewayRefused'],
    ['a wrong token is a refusal', 401, 'Unauthorized', 'GatewayRefused'],
  ])('%s', async (_reason, status, gatewayReason, cliReason) => {
    const body = JSON.stringify({ error: { reason: gatewayReason, message: 'cannot x "y": z' } });
    const client = new GatewayClient(await serve(body, status));
    const error = (await client.callTool('t', {}).catch((err: unknown) => err)) as CliError;
    expect(error.reason).toBe(cliReason);
    expect(error.message).toContain(gatewayReason);
    expect(error.message).not.toContain('{');
  });
});
