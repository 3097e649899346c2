/**
 * The gateway as one long-lived object: database (external PostgreSQL, or an embedded PGlite
 * when no URL is configured), migrations, transport, HTTP server and the deadline sweep.
 * `start()` brings them up in that order and `close()` takes them down in reverse; both are
 * idempotent.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createLogger, type Logger } from '@asya/telemetry';
import { createTransport, queueName, type Transport } from '@asya/transport';
import type { GatewayConfig } from './config/config.ts';
import { EmbeddedPostgres } from './embedded-db/embedded-postgres.ts';
import { EnvelopeRoutes } from './http/envelope-routes.ts';
import { createRouter } from './http/router.ts';
import { McpEndpoint } from './mcp/mcp-endpoint.ts';
import { EnvelopeStore } from './store/envelope-store.ts';
import { migrate } from './store/migrations.ts';
import { DeadlineSweeper } from './tools/deadline-sweeper.ts';
import { ToolCalls } from './tools/tool-calls.ts';

export const GATEWAY_VERSION = '0.1.0';

export interface GatewayDeps {
  /** A transport to use instead of one created from `config.transport`; not closed by us. */
  transport?: Transport;
  logger?: Logger;
}

export interface Gateway {
  /** Starts everything. Idempotent. Resolves to the bound base URL (`http://host:port`). */
  start(): Promise<string>;
  /** Stops everything, ending open streams. Idempotent. */
  close(): Promise<void>;
  /** The store, once started (for tools and tests that inspect state). */
  readonly store: EnvelopeStore | undefined;
  /** The PostgreSQL URL in use, once started. */
  readonly databaseUrl: string | undefined;
}

interface Running {
  url: string;
  databaseUrl: string;
  store: EnvelopeStore;
  close: () => Promise<void>;
}

/** Creates an unstarted gateway. */
export function createGateway(config: GatewayConfig, deps: GatewayDeps = {}): Gateway {
  const log = deps.logger ?? createLogger('gateway');
  let starting: Promise<Running> | undefined;
  let running: Running | undefined;

  return {
    start() {
      starting ??= open(config, deps, log).then((r) => (running = r));
      return starting.then((r) => r.url);
    },
    async close() {
      const pending = starting;
      if (pending === undefined) return;
      starting = undefined;
      running = undefined;
      const r = await pending.catch(() => undefined);
      await r?.close();
    },
    get store() {
      return running?.store;
    },
    get databaseUrl() {
      return running?.databaseUrl;
    },
  };
}

async function open(config: GatewayConfig, deps: GatewayDeps, log: Logger): Promise<Running> {
  const cleanup: (() => Promise<void>)[] = [];
  const closeAll = async (): Promise<void> => {
    for (const step of cleanup.reverse())
      await step().catch((err: unknown) => log.warn({ err }, 'close step failed'));
  };

  try {
    // 1. Database: the configured server, else an embedded one.
    let databaseUrl = config.databaseUrl;
    let poolSize = 10;
    if (databaseUrl === undefined) {
      const embedded = new EmbeddedPostgres(
        config.dataDir === undefined ? {} : { dataDir: config.dataDir },
      );
      cleanup.push(() => embedded.close());
      databaseUrl = await embedded.start();
      poolSize = 8;
      log.info({ name: config.dataDir ?? 'memory' }, 'embedded database started');
    }
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
    pool.on('error', (err) => log.warn({ err }, 'idle database connection failed'));
    cleanup.push(() => pool.end());

    // 2. Schema.
    const applied = await migrate(pool);
    if (applied.length > 0) log.info({ name: applied.join(',') }, 'database migrated');

    // 3. Transport.
    const transport = deps.transport ?? createTransport(config.transport);
    if (deps.transport === undefined) cleanup.push(() => transport.close());
    await transport.start();

    // 4. HTTP.
    const store = new EnvelopeStore(pool);
    const shutdown = new AbortController();
    cleanup.push(() => Promise.resolve(shutdown.abort()));
    let baseUrl = '';
    const toolCalls = new ToolCalls({
      tools: config.tools,
      store,
      transport,
      queueOf: (actor) => queueName(actor, config.queuePrefix),
      baseUrl: () => baseUrl,
      pollIntervalMs: config.pollIntervalMs,
      log,
    });
    const server = createServer(
      createRouter({
        guard: {
          ...(config.allowUnauthenticated && config.token === undefined
            ? {}
            : { token: config.token }),
          allowedOrigins: config.allowedOrigins,
          allowedHosts: config.allowedHosts,
          listenHost: config.host,
        },
        toolCalls,
        envelopes: new EnvelopeRoutes({ store, maxBodyBytes: config.maxBodyBytes, log }),
        mcp: new McpEndpoint({
          toolCalls,
          maxBodyBytes: config.maxBodyBytes,
          version: GATEWAY_VERSION,
          log,
        }),
        store,
        health: () =>
          pool.query('SELECT 1').then(
            () => true,
            () => false,
          ),
        maxBodyBytes: config.maxBodyBytes,
        pollIntervalMs: config.pollIntervalMs,
        signal: shutdown.signal,
        log,
      }),
    );
    const url = await listen(server, config.port, config.host);
    cleanup.push(() => stopServer(server));
    baseUrl = config.publicUrl?.replace(/\/$/, '') ?? url;

    // 5. Deadlines.
    const sweeper = new DeadlineSweeper(store, config.sweepIntervalMs, log);
    sweeper.start();
    cleanup.push(() => sweeper.close());

    log.info({ name: url, transport: transport.kind }, 'gateway started');
    return { url, databaseUrl, store, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shown}:${address.port}`);
    });
  });
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
