/**
 * The local machinery under `asya dev`: the state directory, the queues created before
 * anything starts, and how a child process is described (node bin scripts of the workspace
 * packages, a free port for the gateway). No process is started here.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_SOCKET_NAME } from '@asya/runtime';
import { createLogger } from '@asya/telemetry';
import { createTransport } from '@asya/transport';
import { CliError } from '../cli-error.ts';
import type { DevPlan } from './dev-plan.ts';
import type { ChildSpec } from './supervisor.ts';

export interface StateDirs {
  logs: string;
  sockets: string;
  /** True when `sockets` is a temporary directory outside the state directory. */
  temporarySockets?: boolean;
}

/**
 * Creates the state directory (ignored by Git through its own `.gitignore`). Sockets of a
 * previous run are removed; queues and gateway data are kept, so unfinished work resumes.
 * Unix socket paths are limited to about 100 bytes, so a deep state directory gets its
 * sockets in a temporary directory instead.
 */
export async function prepareStateDir(stateDir: string, plan: DevPlan): Promise<StateDirs> {
  await mkdir(stateDir, { recursive: true });
  await writeFile(join(stateDir, '.gitignore'), '*\n');
  const logs = join(stateDir, 'logs');
  await mkdir(logs, { recursive: true });

  let sockets = join(stateDir, 'sockets');
  let temporarySockets = false;
  const longest = Math.max(0, ...plan.actors.map((a) => a.name.length));
  if (sockets.length + longest + `/${RUNTIME_SOCKET_NAME}`.length + 2 > 100) {
    sockets = await mkdtemp(join(tmpdir(), 'asya-sockets-'));
    temporarySockets = true;
  } else {
    await rm(sockets, { recursive: true, force: true });
  }
  for (const actor of plan.actors) await mkdir(join(sockets, actor.name), { recursive: true });
  return { logs, sockets, ...(temporarySockets ? { temporarySockets } : {}) };
}

/** Removes what `prepareStateDir` put outside the state directory (temporary sockets). */
export async function releaseStateDir(dirs: StateDirs): Promise<void> {
  if (dirs.temporarySockets) await rm(dirs.sockets, { recursive: true, force: true });
}

export async function createQueues(plan: DevPlan): Promise<void> {
  // The CLI's own transport logs would only clutter the human summary on stderr.
  const logger = createLogger('asya-dev');
  logger.level = 'warn';
  const transport = createTransport(plan.transport, { logger });
  try {
    await transport.start();
    const options = plan.visibilityTimeoutMs
      ? { visibilityTimeoutMs: plan.visibilityTimeoutMs }
      : {};
    for (const queue of plan.queues) await transport.ensureQueue(queue, options);
  } catch (err) {
    throw new CliError(
      'StartFailed',
      `cannot create queues in "${plan.transport.path}": ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    await transport.close();
  }
}

export function nodeChild(
  name: string,
  bin: string,
  logs: string,
  env: Record<string, string>,
): ChildSpec {
  return {
    name,
    command: process.execPath,
    args: [bin],
    env: { ...process.env, ...env },
    logFile: join(logs, `${name}.log`),
  };
}

/** The bin script of a workspace package, found next to its entry file. */
export function binOf(pkg: string, script: string): string {
  const entry = fileURLToPath(import.meta.resolve(pkg));
  return resolve(dirname(entry), '..', 'bin', script);
}

/**
 * Checks that the gateway can listen on `port` before anything starts, so a port in use is
 * one clear error instead of a gateway crashing until it is given up on.
 *
 * @throws CliError `StartFailed` naming the port and the cause (e.g. `EADDRINUSE`).
 */
export function checkPortFree(port: number): Promise<void> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new CliError('StartFailed', `cannot use port ${port}: ${err.code ?? err.message}`)),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort()));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
