/**
 * The sidecar as a separate process (`bin/asya-sidecar.js`) on the embedded transport, for
 * tests that must signal or SIGKILL it, or read its exit code and log lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/asya-sidecar.js', import.meta.url));

export interface SidecarProcessOptions {
  actor: string;
  socketDir: string;
  /** Path of the embedded transport's SQLite file. */
  queuesPath: string;
  /** Added to (and overriding) the environment built from the options above. */
  env?: Record<string, string>;
  /** `pipe` makes `child.stderr` readable, for tests that check log lines (default `ignore`). */
  stderr?: 'pipe' | 'ignore';
}

/** Spawns a sidecar with only PATH from this process's environment; logs at error level. */
export function spawnSidecar(options: SidecarProcessOptions): ChildProcess {
  return spawn(process.execPath, [bin], {
    env: {
      PATH: process.env.PATH ?? '',
      ASYA_LOG_LEVEL: 'error',
      ASYA_ACTOR_NAME: options.actor,
      ASYA_SOCKET_DIR: options.socketDir,
      ASYA_TRANSPORT: JSON.stringify({ kind: 'embedded', path: options.queuesPath }),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', options.stderr ?? 'ignore'],
  });
}
