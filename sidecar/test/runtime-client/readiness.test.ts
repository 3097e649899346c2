import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RuntimeReadiness } from '../../src/runtime-client/index.ts';

let dir: string;
let readyPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'asya-ready-'));
  readyPath = join(dir, 'runtime-ready');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('RuntimeReadiness', () => {
  it('is ready only while the ready file exists', async () => {
    const readiness = new RuntimeReadiness({ readyPath });

    expect(await readiness.isReady()).toBe(false);
    writeFileSync(readyPath, '{}');
    expect(await readiness.isReady()).toBe(true);
  });

  it('waits for a fresh ready file after a restart is expected', async () => {
    writeFileSync(readyPath, 'old');
    const readiness = new RuntimeReadiness({ readyPath });
    await readiness.expectRestart();

    expect(await readiness.isReady()).toBe(false);
    rmSync(readyPath);
    expect(await readiness.isReady()).toBe(false);
    writeFileSync(readyPath, 'new');
    expect(await readiness.isReady()).toBe(true);
  });

  it(
    'is ready at once when a new runtime replaced ' + 'the file before the failure was seen',
    async () => {
      writeFileSync(readyPath, 'old');
      const readiness = new RuntimeReadiness({ readyPath });
      const before = await readiness.snapshot();
      rmSync(readyPath);
      await sleep(5);
      writeFileSync(readyPath, 'new');

      await readiness.expectRestart(before);

      expect(await readiness.isReady()).toBe(true);
    },
  );

  it('accepts the old ready file again once it outlived the stale limit', async () => {
    writeFileSync(readyPath, 'old');
    const readiness = new RuntimeReadiness({ readyPath, staleAfterMs: 50 });
    await readiness.expectRestart();

    expect(await readiness.isReady()).toBe(false);
    await sleep(60);
    expect(await readiness.isReady()).toBe(true);
  });

  it('stops waiting when the signal aborts', async () => {
    const readiness = new RuntimeReadiness({ readyPath, pollMs: 10 });

    const result = await readiness.waitReady(AbortSignal.timeout(50));

    expect(result).toBe(false);
  });
});
