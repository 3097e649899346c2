/**
 * One actor for integration tests: a supervised Python runtime and an in-process sidecar
 * built from environment variables exactly as `main()` reads them, on a shared SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSidecar, loadConfig, type Sidecar } from '../../src/index.ts';
import { RuntimeProcess } from './runtime-process.ts';

export interface TestActorOptions {
  name: string;
  /** Path of the SQLite file of the embedded transport. */
  queuesPath: string;
  handler: string;
  mode?: 'payload' | 'envelope';
  runtimeEnv?: Record<string, string>;
  sidecarEnv?: Record<string, string>;
}

export interface TestActor {
  name: string;
  socketDir: string;
  runtime: RuntimeProcess;
  sidecar: Sidecar;
  /** Closes the sidecar and starts a new one with the same configuration. */
  restartSidecar(): Promise<void>;
  stop(): Promise<void>;
}

export async function startActor(options: TestActorOptions): Promise<TestActor> {
  const socketDir = mkdtempSync(join(tmpdir(), `asya-sock-${options.name}-`));
  const runtime = new RuntimeProcess({
    socketDir,
    handler: options.handler,
    mode: options.mode ?? 'payload',
    env: { TEST_ACTOR: options.name, ...options.runtimeEnv },
  });
  await runtime.start();

  const config = loadConfig({
    ASYA_ACTOR_NAME: options.name,
    ASYA_SOCKET_DIR: socketDir,
    ASYA_TRANSPORT: JSON.stringify({ kind: 'embedded', path: options.queuesPath }),
    ...options.sidecarEnv,
  });
  const actor: TestActor = {
    name: options.name,
    socketDir,
    runtime,
    sidecar: createSidecar(config),
    async restartSidecar() {
      await actor.sidecar.close(2000);
      actor.sidecar = createSidecar(config);
      await actor.sidecar.start();
    },
    async stop() {
      await actor.sidecar.close(2000);
      await runtime.stop();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
  await actor.sidecar.start();
  return actor;
}

/** A fresh temp folder for one test file. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `asya-${prefix}-`));
}
