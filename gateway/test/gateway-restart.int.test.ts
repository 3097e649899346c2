import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callTool, request, startGateway, until } from './support/harness.ts';

describe('gateway restart with a persistent embedded database', () => {
  it(
    'keeps envelopes and still times out one ' + 'whose deadline passed while it was down',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'asya-gateway-'));
      try {
        const dataDir = join(dir, 'db');
        const first = await startGateway({ dataDir, sweepIntervalMs: 60_000 }, dir);
        const id = await callTool(first.url, 'quick', { value: 1 });
        await first.close();

        await new Promise((r) => setTimeout(r, 1200));
        const second = await startGateway({ dataDir }, dir);
        try {
          const failed = await until(async () => {
            const reply = await request(`${second.url}/envelopes/${id}`, 'GET');
            return reply.body.status === 'failed' ? reply.body : undefined;
          });
          expect(failed.error).toMatchObject({ reason: 'timeout' });
        } finally {
          await second.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
