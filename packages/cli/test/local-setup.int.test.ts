import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../src/index.ts';
import { checkPortFree, freePort } from '../src/dev/local-setup.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

describe('checkPortFree', () => {
  it('refuses a port another process listens on with StartFailed', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;

    const error = await checkPortFree(port).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).reason).toBe('StartFailed');
    expect((error as CliError).message).toContain(String(port));
  });

  it('accepts a free port and leaves it free', async () => {
    const port = await freePort();
    await expect(checkPortFree(port)).resolves.toBeUndefined();
    await expect(checkPortFree(port)).resolves.toBeUndefined();
  });
});
