import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, GatewayClient } from '../src/index.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A web server that is not a gateway: every path answers 200 with the given body. */
async function serve(body: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
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
