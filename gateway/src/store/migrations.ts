/**
 * Versioned schema migrations. Each migration runs once, in order, inside one transaction
 * that also records it in `schema_migrations`. A transaction-scoped advisory lock serialises
 * gateways starting at the same time: the second one waits, then sees the versions the first
 * one recorded and applies nothing. Migrations are append-only: never edit a released one.
 */
import type { Pool } from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Arbitrary constant identifying the gateway's migration lock (`asya` in ASCII). */
const MIGRATION_LOCK_KEY = 0x61737961;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'envelopes and events',
    sql: `
      CREATE TABLE envelopes (
        id            text PRIMARY KEY,
        parent_id     text,
        tool          text,
        actors        text[] NOT NULL,
        current       integer NOT NULL DEFAULT 0,
        status        text NOT NULL
                      CHECK (status IN ('pending', 'running', 'succeeded', 'failed')),
        progress      double precision NOT NULL DEFAULT 0
                      CHECK (progress >= 0 AND progress <= 100),
        message       text,
        result        jsonb,
        error         jsonb,
        headers       jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        deadline      timestamptz,
        last_event_id bigint NOT NULL DEFAULT 0
      );
      CREATE INDEX envelopes_open_deadline ON envelopes (deadline)
        WHERE status IN ('pending', 'running');
      CREATE INDEX envelopes_parent ON envelopes (parent_id);
      CREATE TABLE envelope_events (
        envelope_id text NOT NULL REFERENCES envelopes (id) ON DELETE CASCADE,
        event_id    bigint NOT NULL,
        kind        text NOT NULL,
        data        jsonb NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (envelope_id, event_id)
      );
    `,
  },
];

/**
 * Applies the migrations not yet recorded. Safe to call from several gateways at once and on
 * every start. Returns the versions this call applied (empty when up to date). Rolls back and
 * rethrows on any error.
 */
export async function migrate(
  pool: Pool,
  list: readonly Migration[] = migrations,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);

    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(done.rows.map((row) => row.version));
    const pending = [...list]
      .sort((a, b) => a.version - b.version)
      .filter((m) => !applied.has(m.version));

    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }

    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
