/**
 * The SQLite file behind the embedded transport: opening it with the settings that make it
 * safe for several processes at once, and the schema. Statements live in `statements.ts`;
 * queue semantics live in `embedded-transport.ts`.
 *
 * - WAL journal: readers never block the single writer, and a process killed mid-write
 *   leaves the file consistent.
 * - `synchronous = NORMAL`: every commit survives a crash of any process; a power loss may
 *   lose the last commits (accepted for a one-machine development transport).
 * - `busy_timeout`: a process that finds the write lock taken waits for it instead of
 *   failing with SQLITE_BUSY. Every write transaction here is a few statements long.
 * - foreign keys: a message cannot exist without its queue, so `send` to a missing queue
 *   fails atomically and deleting a queue deletes its messages.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { toTransportError } from './sqlite-errors.ts';

export type SqliteDatabase = Database.Database;

/** How long a process waits for another one's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000;

/** Version of the schema below, kept in `meta` for later migrations. */
export const SCHEMA_VERSION = 1;

const schema = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS queues (
  name TEXT PRIMARY KEY,
  visibility_timeout_ms INTEGER NOT NULL,
  dead_letter_queue TEXT,
  max_deliveries INTEGER,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  queue TEXT NOT NULL REFERENCES queues (name) ON DELETE CASCADE,
  body BLOB NOT NULL,
  sent_at INTEGER NOT NULL,
  visible_at INTEGER NOT NULL,
  delivery_count INTEGER NOT NULL DEFAULT 0,
  dead_letter_reason TEXT,
  dead_letter_source TEXT,
  dead_letter_deliveries INTEGER,
  dead_lettered_at INTEGER
) STRICT;

CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue, visible_at, seq);
`;

/**
 * Opens (creating when missing) the database at `path` and brings its schema up to date.
 *
 * @throws TransportError `ConnectionFailed` when the file cannot be created, opened or is
 *   not a database of this schema.
 */
export function openDatabase(path: string): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);

    // busy_timeout first: every later statement, including the switch to WAL, may have to
    // wait for another process that is opening the same file right now.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');

    const migrate = db.transaction(() => {
      db?.exec(schema);
      const row = db?.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as
        { value: string } | undefined;
      if (row === undefined) {
        db?.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
          'schema_version',
          String(SCHEMA_VERSION),
        );
      } else if (Number(row.value) > SCHEMA_VERSION) {
        throw new Error(`schema version ${row.value} is newer than ${SCHEMA_VERSION}`);
      }
    });
    migrate.immediate();
    return db;
  } catch (err) {
    db?.close();
    throw toTransportError(err, `open database "${path}"`);
  }
}
