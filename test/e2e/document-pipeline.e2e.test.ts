/**
 * The example pipeline end to end through the real CLI: `asya dev <folder> --call` with a real
 * text file, an empty file and a binary file; then a long-running `asya dev` where processes
 * are killed mid-work and the envelope must still reach a final state.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runAsya, startDev, type RunningDev } from './support/asya-process.ts';

const example = join(repoRoot, 'examples/document-pipeline');

interface Analysis {
  title?: string;
  stats: { words: number; sentences: number; lines: number; characters: number };
  language: { code: string };
  keywords: { term: string; count: number; score: number }[];
  summary: { sentences: string[]; text: string };
}

async function stateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'asya-e2e-'));
}

describe('asya dev --call on the document pipeline', () => {
  it('analyses a real text file and prints stats, keywords and summary as JSON', async () => {
    const file = join(repoRoot, 'docs/motivation.md');
    const run = await runAsya([
      'dev',
      example,
      '--state-dir',
      await stateDir(),
      '--call',
      'analyze-document',
      '--file',
      file,
      '--json',
      '{"title":"motivation"}',
    ]);

    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as Analysis;
    const text = await readFile(file, 'utf8');
    expect(result.title).toBe('motivation');
    expect(result.stats.characters).toBe(text.length);
    expect(result.stats.words).toBeGreaterThan(100);
    expect(result.language.code).toBe('en');
    expect(result.keywords).toHaveLength(10);
    expect(result.summary.sentences.length).toBeGreaterThan(0);
    for (const sentence of result.summary.sentences) {
      expect(text.replace(/\s+/g, ' ')).toContain(sentence.slice(0, 30));
    }
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'input text is empty'],
    [
      'a binary file',
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0xff, 0xfe, 0x00]),
      'input is not text',
    ],
  ])('ends %s in error-end and says why', async (_reason, bytes, message) => {
    const dir = await stateDir();
    const file = join(dir, 'input');
    await writeFile(file, bytes);

    const run = await runAsya([
      'dev',
      example,
      '--state-dir',
      dir,
      '--call',
      'analyze-document',
      '--file',
      file,
    ]);

    expect(run.code, run.stderr).toBe(1);
    const outcome = JSON.parse(run.stdout) as { status: string; error: Record<string, unknown> };
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({
      reason: 'processing_error',
      type: 'ValueError',
      actor: 'text-stats',
      current: 0,
    });
    expect(outcome.error.message).toContain(message);
    expect(run.stderr).toContain(message);
  });
});

describe('asya dev keeps envelopes when processes die mid-work', () => {
  let dev: RunningDev;
  let dir: string;

  beforeAll(async () => {
    dir = await stateDir();
    dev = await startDev([join(repoRoot, 'test/e2e/fixtures/slow-pipeline'), '--state-dir', dir]);
  });

  afterAll(async () => {
    expect(await dev.stop()).toBe(0);
  });

  async function gateway(path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await fetch(`${dev.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${dev.token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  async function pidOf(name: string): Promise<number> {
    const pids = JSON.parse(await readFile(join(dir, 'processes.json'), 'utf8')) as Record<
      string,
      number
    >;
    return pids[name]!;
  }

  async function poll<T>(read: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > end) throw new Error(`timed out; asya dev said:\n${dev.stderr()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it.each([
    ['sidecar', 'slow-sidecar'],
    ['runtime', 'slow-runtime'],
  ])('finishes an envelope when its %s is killed mid-work', async (_reason, victim) => {
    const marker = join(dir, `${victim}.marker`);
    const started = await gateway('/tools/call', {
      name: 'slow-work',
      arguments: { seconds: 3, marker },
    });
    const id = started.id as string;

    // Kill the process as soon as the handler has started on the envelope.
    await poll(
      async () => ((await readFile(marker, 'utf8').catch(() => '')) ? true : undefined),
      60_000,
    );
    const pid = await pidOf(victim);
    process.kill(pid, 'SIGKILL');

    const final = await poll(async () => {
      const record = await gateway(`/envelopes/${id}`);
      return record.status === 'succeeded' || record.status === 'failed' ? record : undefined;
    }, 150_000);

    expect(final.status).toBe('succeeded');
    const result = final.result as { attempts_seen: number };
    expect(result.attempts_seen).toBeGreaterThanOrEqual(2);
    expect(await pidOf(victim)).not.toBe(pid);
    expect(dev.stderr()).toContain(`${victim} exited (signal SIGKILL)`);
  });
});
