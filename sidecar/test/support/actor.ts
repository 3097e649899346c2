/**
 * One actor for integration tests: a supervised Python runtime and an in-process sidecar
 * built from environment variables exactly as `main()` reads them, on a shared SQLite file.
 */
import { mkdtempSync } from 'node:fs';
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
  const sidecar = createSidecar(config);
  await sidecar.start();

  return {
    name: options.name,
    socketDir,
    runtime,
    sidecar,
    async stop() {
      await sidecar.close(2000);
      await runtime.stop();
    },
  };
}

/** A fresh temp folder for one test file. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `asya-${prefix}-`));
}
