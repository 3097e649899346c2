import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until } from './support/harness.ts';

// Starting a process (tsx, then PGlite) is slow on a loaded machine; the timeouts allow it.
const bin = new URL('../bin/asya-gateway.js', import.meta.url).pathname;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [bin], { env: { ...process.env, ...env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exit, stderr: () => stderr };
}

describe('asya-gateway process', () => {
  it('serves with the config file and env overrides, then exits 0 on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asya-gateway-'));
    try {
      const config = join(dir, 'gateway.json');
      const transport = { kind: 'embedded', path: join(dir, 'queues.sqlite') };
      await writeFile(
        config,
        JSON.stringify({
          token: 'from-file',
          transport,
          tools: [{ name: 'echo', actors: ['echo'] }],
        }),
      );
      const port = await freePort();
      const proc = run({
        ASYA_GATEWAY_CONFIG: config,
        ASYA_GATEWAY_PORT: String(port),
        ASYA_GATEWAY_TOKEN: 'from-env',
      });
      try {
        await until(
          () =>
            fetch(`http://127.0.0.1:${port}/health`).then(
              (r) => (r.ok ? true : undefined),
              () => undefined,
            ),
          120_000,
        );
        const tools = await fetch(`http://127.0.0.1:${port}/tools`, {
          headers: { authorization: 'Bearer from-env' },
        });
        expect(tools.status).toBe(200);
        expect(
          ((await tools.json()) as { tools: { name: string }[] }).tools.map((t) => t.name),
        ).toEqual(['echo']);
      } finally {
        proc.child.kill('SIGTERM');
      }
      expect(await proc.exit).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('exits 1 with reason InvalidConfig when no token is configured', async () => {
    const proc = run({
      ASYA_GATEWAY_CONFIG: '',
      ASYA_TRANSPORT: '{"kind":"embedded","path":"/tmp/x.sqlite"}',
      ASYA_GATEWAY_TOKEN: '',
    });
    expect(await proc.exit).toBe(1);
    expect(proc.stderr()).toContain('"reason":"InvalidConfig"');
  }, 120_000);
});
