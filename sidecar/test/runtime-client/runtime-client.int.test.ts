/**
 * The runtime client against a small Unix socket server that misbehaves on purpose, one way
 * per case: every socket failure must map to its reason.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame, RuntimeClient } from '../../src/runtime-client/index.ts';

const maxFrameBytes = 1024;
let server: Server | undefined;
const dirs: string[] = [];

function socketDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'asya-client-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Starts a server whose connections are handled by `onRequest` once a request arrived. */
async function serve(onRequest: (socket: Socket, request: Buffer) => void): Promise<RuntimeClient> {
  const client = new RuntimeClient({ socketDir: socketDir(), maxFrameBytes });
  server = createServer((socket) => {
    socket.once('data', (chunk) => onRequest(socket, chunk.subarray(4)));
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server?.listen(client.socketPath, resolve));
  return client;
}

function reply(body: string | Buffer): (socket: Socket) => void {
  return (socket) => socket.write(encodeFrame(body, 1 << 20));
}

function halfFrame(socket: Socket): void {
  const frame = encodeFrame(JSON.stringify(['x'.repeat(100)]), maxFrameBytes);
  socket.end(frame.subarray(0, 20));
}

describe('RuntimeClient', () => {
  it(
    'sends one frame and resolves with the response ' + 'array, even when it arrives in pieces',
    async () => {
      const client = await serve((socket, request) => {
        const frame = encodeFrame(`[${request.toString('utf8')}]`, maxFrameBytes);
        socket.write(frame.subarray(0, 3));
        setTimeout(() => socket.write(frame.subarray(3)), 20);
      });

      const response = await client.call('{"id":"x"}', { timeoutMs: 2000 });

      expect(response).toEqual([{ id: 'x' }]);
    },
  );

  it.each([
    ['the response is not JSON', reply('nope'), 'InvalidResponse'],
    ['the response is not an array', reply('{"a":1}'), 'InvalidResponse'],
    ['the response announces more than the limit', reply('x'.repeat(2000)), 'FrameTooLarge'],
    ['the runtime closes without answering', (s: Socket) => s.end(), 'ConnectionLost'],
    ['the runtime dies halfway through its answer', halfFrame, 'ConnectionLost'],
    ['the runtime never answers', () => {}, 'Timeout'],
  ])('fails with a reason when %s', async (_reason, behaviour, expected) => {
    const client = await serve(behaviour);

    const failure = client.call('{}', { timeoutMs: 300 });

    await expect(failure).rejects.toMatchObject({ reason: expected });
  });

  it('fails with RuntimeUnavailable when no runtime listens', async () => {
    const client = new RuntimeClient({
      socketDir: socketDir(),
      maxFrameBytes,
    });

    await expect(client.call('{}', { timeoutMs: 300 })).rejects.toMatchObject({
      reason: 'RuntimeUnavailable',
    });
  });

  it('refuses a request over the frame limit without connecting', async () => {
    let connections = 0;
    const client = await serve(() => {});
    server?.on('connection', () => connections++);

    const failure = client.call('x'.repeat(2000), { timeoutMs: 300 });

    await expect(failure).rejects.toMatchObject({ reason: 'FrameTooLarge' });
    expect(connections).toBe(0);
  });

  it('ends the call with Aborted when its signal aborts', async () => {
    const client = await serve(() => {});
    const controller = new AbortController();

    const failure = client.call('{}', { timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);

    await expect(failure).rejects.toMatchObject({ reason: 'Aborted' });
  });
});
