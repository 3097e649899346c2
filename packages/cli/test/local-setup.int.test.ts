import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, type DevPlan } from '../src/index.ts';
import {
  checkPortFree,
  freePort,
  prepareStateDir,
  releaseStateDir,
} from '../src/dev/local-setup.ts';

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

describe('state directory', () => {
  const plan = { actors: [{ name: 'a' }] } as unknown as DevPlan;

  it.each([
    ['a deep state directory gets temporary sockets, removed on release', 'x'.repeat(120), false],
    ['a short state directory keeps its sockets inside', 's', true],
  ])('%s', async (_reason, leaf, kept) => {
    const root = await mkdtemp(join(tmpdir(), 'asya-state-'));
    const dirs = await prepareStateDir(join(root, leaf), plan);
    expect(existsSync(join(dirs.sockets, 'a'))).toBe(true);

    await releaseStateDir(dirs);

    expect(existsSync(dirs.sockets)).toBe(kept);
    await rm(root, { recursive: true, force: true });
  });
});
