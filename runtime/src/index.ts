/**
 * The Python runtime as seen from TypeScript: where its script lives and the names of the
 * files it creates, so the CLI and the sidecar can spawn it (`python3 <runtimeScriptPath>`)
 * and wait for it. The protocol itself is in docs/architecture/protocols/sidecar-runtime.md.
 */
import { fileURLToPath } from 'node:url';

/** Absolute path of `runtime/asya_runtime.py`. */
export const runtimeScriptPath: string = fileURLToPath(
  new URL('../asya_runtime.py', import.meta.url),
);

/** File name of the runtime's Unix socket inside `ASYA_SOCKET_DIR`. */
export const RUNTIME_SOCKET_NAME = 'asya-runtime.sock';

/** File name of the ready file the runtime writes inside `ASYA_SOCKET_DIR` once it listens. */
export const RUNTIME_READY_FILE_NAME = 'runtime-ready';

/**
 * Exit codes of the runtime process: `config` for bad settings or a handler that cannot be
 * loaded (do not restart blindly); `restart` when the handler timed out or the sidecar hung
 * up mid-request (restart it and wait for the ready file again).
 */
export const RuntimeExitCodes = {
  ok: 0,
  config: 1,
  restart: 75,
} as const;
