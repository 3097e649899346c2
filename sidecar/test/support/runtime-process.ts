/**
 * A supervised Python runtime for integration tests: spawns `python3 <runtimeScriptPath>`
 * with a test handler and restarts it whenever it exits with code 75 or is killed, as
 * `asya dev` or the kubelet would. Tests can kill it to simulate a crash, and count its starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runtimeScriptPath, RuntimeExitCodes, RUNTIME_READY_FILE_NAME } from '@asya/runtime';

export const handlersDir = fileURLToPath(new URL('../handlers', import.meta.url));

export interface RuntimeProcessOptions {
  socketDir: string;
  /** Function name in `sidecar_handlers.py`. */
  handler: string;
  mode?: 'payload' | 'envelope';
  env?: Record<string, string>;
}

export class RuntimeProcess {
  starts = 0;
  private child: ChildProcess | undefined;
  private stopped = false;
  private restartRequested = false;
  private held = false;
  private exited: Promise<void> = Promise.resolve();

  constructor(private readonly options: RuntimeProcessOptions) {}

  get readyPath(): string {
    return join(this.options.socketDir, RUNTIME_READY_FILE_NAME);
  }

  /** Starts the runtime and waits for its ready file. */
  async start(): Promise<void> {
    this.spawnOnce();
    await this.waitReady();
  }

  /** Waits until the ready file exists. */
  async waitReady(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!existsSync(this.readyPath)) {
      if (Date.now() > until) throw new Error('runtime did not become ready');
      await sleep(20);
    }
  }

  /** Sends a signal to the current process (the supervisor restarts it unless stopped). */
  kill(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
  }

  /** Stops the runtime gracefully (SIGTERM, exit 0) and starts a new one. */
  async restart(): Promise<void> {
    this.restartRequested = true;
    const exited = this.exited;
    this.child?.kill('SIGTERM');
    await exited;
    await this.waitReady();
  }

  /** Kills the runtime with SIGKILL and leaves it down (its ready file stays behind). */
  async crash(): Promise<void> {
    this.held = true;
    const exited = this.exited;
    this.child?.kill('SIGKILL');
    await exited;
  }

  /** Starts the runtime again after `crash()`. */
  async resume(): Promise<void> {
    this.held = false;
    await this.start();
  }

  /** Stops supervising and ends the process. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  private spawnOnce(): void {
    this.starts++;
    const child = spawn('python3', [runtimeScriptPath], {
      env: {
        PATH: process.env.PATH ?? '',
        ASYA_HANDLER: `sidecar_handlers.${this.options.handler}`,
        ASYA_HANDLER_MODE: this.options.mode ?? 'payload',
        ASYA_HANDLER_PATH: handlersDir,
        ASYA_SOCKET_DIR: this.options.socketDir,
        ASYA_LOG_LEVEL: 'warn',
        ...this.options.env,
      },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        resolve();
        // Restart on code 75 (timeout or hang-up) and after a kill, like a supervisor.
        const restart = code === RuntimeExitCodes.restart || code === null || this.restartRequested;
        this.restartRequested = false;
        if (!this.stopped && !this.held && restart) {
          this.spawnOnce();
        }
      });
    });
  }
}
