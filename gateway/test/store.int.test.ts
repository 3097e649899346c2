/**
 * The store on real databases: the embedded PGlite, and the real PostgreSQL started by
 * `test/infra/up` (`ASYA_TEST_POSTGRES_URL`; each run gets its own schema there). Without that
 * setting the PostgreSQL cases fail with a message saying how to start it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgres } from '../src/embedded-db/embedded-postgres.ts';
import { EnvelopeStore } from '../src/store/envelope-store.ts';
import { migrate } from '../src/store/migrations.ts';
import { callTool, request, startGateway } from './support/harness.ts';

interface Backend {
  name: string;
  /** Returns a factory of pools on one fresh, empty database (or schema). */
  open(): Promise<{ pool: () => pg.Pool; close: () => Promise<void> }>;
}

const pglite: Backend = {
  name: 'embedded PGlite',
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'asya-store-'));
    const db = new EmbeddedPostgres({ dataDir: join(dir, 'pg') });
    const url = await db.start();
    return {
      pool: () => new pg.Pool({ connectionString: url, max: 4 }),
      async close() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

const external = process.env.ASYA_TEST_POSTGRES_URL ?? process.env.ASYA_TEST_DATABASE_URL;
const postgres: Backend = {
  name: 'PostgreSQL',
  async open() {
    if (!external) {
      throw new Error(
        'ASYA_TEST_POSTGRES_URL is not set: run eval "$(test/infra/up postgres)" first',
      );
    }
    const schema = `asya_test_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Pool({ connectionString: external, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    return {
      pool: () =>
        new pg.Pool({ connectionString: external, max: 4, options: `-c search_path=${schema}` }),
      async close() {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  },
};

const backends = [pglite, postgres];

describe.each(backends)('store on $name', (backend) => {
  let db: Awaited<ReturnType<Backend['open']>>;
  let pool: pg.Pool;
  let store: EnvelopeStore;

  beforeAll(async () => {
    db = await backend.open();
    pool = db.pool();
    store = new EnvelopeStore(pool);
  });

  afterAll(async () => {
    await pool?.end();
    await db?.close();
  });

  it('applies migrations once even when two gateways start together', async () => {
    const other = db.pool();
    try {
      const [a, b] = await Promise.all([migrate(pool), migrate(other)]);
      expect([...a, ...b]).toEqual([1]);
      expect(await migrate(pool)).toEqual([]);
      const { rows } = await pool.query('SELECT version FROM schema_migrations');
      expect(rows).toEqual([{ version: 1 }]);
    } finally {
      await other.end();
    }
  });

  it('applies exactly one of many concurrent finals and records the others', async () => {
    const id = randomUUID();
    await store.create({ id, tool: 't', actors: ['a'], current: 0 });

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.finish(
          id,
          i % 2 === 0
            ? { status: 'succeeded', result: i }
            : { status: 'failed', error: { reason: 'r', message: 'm' } },
        ),
      ),
    );
    expect(outcomes.filter((o) => o?.applied)).toHaveLength(1);
    const kinds = (await store.events(id)).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'final')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'final_ignored')).toHaveLength(7);
  });

  it('numbers events 1, 2, 3... per envelope under concurrent reports', async () => {
    const id = randomUUID();
    await store.create({ id, tool: 't', actors: ['a', 'b'], current: 0 });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.progress(id, {
          actor: 'a',
          status: i % 2 ? 'processing' : 'received',
          current: 0,
          total: 2,
        }),
      ),
    );
    const ids = (await store.events(id)).map((e) => e.event_id);
    expect(ids).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
    expect((await store.get(id))?.progress).toBe(25);
  });

  it('expires only open envelopes past their deadline', async () => {
    const past = new Date(Date.now() - 1000);
    const open = randomUUID();
    const done = randomUUID();
    const future = randomUUID();
    await store.create({ id: open, tool: 't', actors: ['a'], current: 0, deadline: past });
    await store.create({ id: done, tool: 't', actors: ['a'], current: 0, deadline: past });
    await store.finish(done, { status: 'succeeded', result: 1 });
    await store.create({
      id: future,
      tool: 't',
      actors: ['a'],
      current: 0,
      deadline: new Date(Date.now() + 60_000),
    });

    const expired = (await store.expireOverdue()).map((r) => r.id);
    expect(expired).toContain(open);
    expect(expired).not.toContain(done);
    expect(expired).not.toContain(future);
    expect((await store.get(open))?.error).toMatchObject({
      reason: 'timeout',
      actor: 'a',
      current: 0,
    });
    expect((await store.get(done))?.status).toBe('succeeded');
  });
});

describe('embedded PGlite data directory', () => {
  it('keeps data and migrations across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asya-store-'));
    try {
      const id = randomUUID();
      const first = new EmbeddedPostgres({ dataDir: dir });
      const pool1 = new pg.Pool({ connectionString: await first.start(), max: 2 });
      expect(await migrate(pool1)).toEqual([1]);
      await new EnvelopeStore(pool1).create({ id, tool: 't', actors: ['a'], current: 0 });
      await pool1.end();
      await first.close();

      const second = new EmbeddedPostgres({ dataDir: dir });
      const pool2 = new pg.Pool({ connectionString: await second.start(), max: 2 });
      expect(await migrate(pool2)).toEqual([]);
      expect((await new EnvelopeStore(pool2).get(id))?.status).toBe('pending');
      await pool2.end();
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('gateway on PostgreSQL', () => {
  it('serves a tool call from creation to the final status', async () => {
    if (!external) throw new Error('ASYA_TEST_POSTGRES_URL is not set');
    const schema = `asya_gw_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Pool({ connectionString: external, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = new URL(external);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const gw = await startGateway({ databaseUrl: url.toString() });
    try {
      const id = await callTool(gw.url, 'double-then-add', { value: 10 });
      await request(`${gw.url}/envelopes/${id}/final`, 'POST', {
        id,
        status: 'succeeded',
        result: { value: 25 },
      });
      const reply = await request(`${gw.url}/envelopes/${id}`, 'GET');
      expect(reply.body).toMatchObject({
        status: 'succeeded',
        progress: 100,
        result: { value: 25 },
      });
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.envelopes`);
      expect(rows).toEqual([{ n: 1 }]);
    } finally {
      await gw.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
