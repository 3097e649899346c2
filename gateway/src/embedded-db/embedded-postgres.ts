/**
 * An embedded PostgreSQL for running the gateway without a database server: PGlite (Postgres
 * compiled to WebAssembly, in this process) served over the PostgreSQL wire protocol on a
 * loopback port, so the store talks to it through the same `pg` code it uses with a real
 * server. PGlite runs one query at a time; the socket server multiplexes several client
 * connections onto it (`maxConnections`), keeping a transaction's statements together.
 *
 * Owns: the PGlite instance and the socket server. Does not own: the data directory's
 * lifetime (given by the caller; absent means in memory).
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** Data directory, created when missing; reused across restarts. Absent: in memory. */
  dataDir?: string;
  /** Loopback port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Client connections served at once (default 32); a pool must stay below it. */
  maxConnections?: number;
}

export class EmbeddedPostgres {
  private db: PGlite | undefined;
  private server: PGLiteSocketServer | undefined;
  private url: string | undefined;
  private starting: Promise<string> | undefined;

  constructor(private readonly options: EmbeddedPostgresOptions = {}) {}

  /** Connections the server accepts; size a `pg.Pool` below this. */
  get maxConnections(): number {
    return this.options.maxConnections ?? 32;
  }

  /** Starts PGlite and the socket server. Idempotent. Resolves to the connection URL. */
  start(): Promise<string> {
    this.starting ??= this.open();
    return this.starting;
  }

  private async open(): Promise<string> {
    if (this.options.dataDir !== undefined) await mkdir(this.options.dataDir, { recursive: true });
    const db = await PGlite.create(
      this.options.dataDir === undefined ? {} : { dataDir: this.options.dataDir },
    );
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: this.options.port ?? 0,
      maxConnections: this.maxConnections,
    });
    try {
      await server.start();
    } catch (err) {
      await db.close();
      throw err;
    }
    this.db = db;
    this.server = server;
    this.url = `postgres://postgres@${server.getServerConn()}/postgres`;
    return this.url;
  }

  /** Stops serving and closes PGlite, flushing the data directory. Idempotent. */
  async close(): Promise<void> {
    const starting = this.starting;
    if (starting === undefined) return;
    await starting.catch(() => undefined);
    this.starting = undefined;
    const { server, db } = this;
    this.server = undefined;
    this.db = undefined;
    this.url = undefined;
    await server?.stop();
    await db?.close();
  }
}
