import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '@asya/transport';
import { startCallbackServer, waitFor, type CallbackServer } from './support/callback-server.ts';

const bin = fileURLToPath(new URL('../bin/asya-crew.js', import.meta.url));
let gateway: CallbackServer | undefined;
const children: ChildProcess[] = [];

afterEach(async () => {
  // A failed assertion must not leave a crew process behind.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await gateway?.close();
});

function exitOf(child: ReturnType<typeof spawn>): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('asya-crew process', () => {
  it('reports an envelope from its queue and exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asya-crew-proc-'));
    const transportConfig = { kind: 'embedded' as const, path: join(dir, 'q.sqlite') };
    gateway = await startCallbackServer();
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        ASYA_CREW_ROLE: 'happy-end',
        ASYA_TRANSPORT: JSON.stringify(transportConfig),
        ASYA_GATEWAY_URL: gateway.url,
        ASYA_PERSISTENCE: JSON.stringify({ type: 'file', path: join(dir, 'out') }),
      },
      stdio: 'ignore',
    });
    children.push(child);
    const exited = exitOf(child);

    const transport = createTransport(transportConfig);
    await transport.ensureQueue('asya-happy-end');
    await transport.send(
      'asya-happy-end',
      JSON.stringify({ id: 'p1', route: { actors: ['a'], current: 1 }, payload: 'ok' }),
    );
    await transport.close();

    await waitFor(() => gateway?.requests.length === 1, 30_000);
    expect(gateway.requests[0]?.body).toMatchObject({ id: 'p1', status: 'succeeded' });
    expect(existsSync(join(dir, 'out', 'p1.json'))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 when persistence asks for s3, which is not supported yet', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asya-crew-proc-'));
    const child = spawn(process.execPath, [bin], {
      env: {
        ...process.env,
        ASYA_CREW_ROLE: 'error-end',
        ASYA_TRANSPORT: JSON.stringify({ kind: 'embedded', path: join(dir, 'q.sqlite') }),
        ASYA_PERSISTENCE: '{"type":"s3","bucket":"b"}',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('UnsupportedPersistence');
  });
});
