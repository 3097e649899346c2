import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RUNTIME_READY_FILE_NAME,
  RUNTIME_SOCKET_NAME,
  RuntimeExitCodes,
  runtimeScriptPath,
} from './index.ts';

describe('runtime entry', () => {
  it('points at the python runtime script by absolute path', () => {
    expect(isAbsolute(runtimeScriptPath)).toBe(true);
    expect(existsSync(runtimeScriptPath)).toBe(true);
    expect(runtimeScriptPath.endsWith('asya_runtime.py')).toBe(true);
  });

  it('names the same socket and ready files as the script', () => {
    const source = readFileSync(runtimeScriptPath, 'utf8');
    expect(source).toContain(`SOCKET_NAME = "${RUNTIME_SOCKET_NAME}"`);
    expect(source).toContain(`READY_FILE_NAME = "${RUNTIME_READY_FILE_NAME}"`);
    expect(source).toContain(`EXIT_CONFIG = ${RuntimeExitCodes.config}`);
    expect(source).toContain(`EXIT_RESTART = ${RuntimeExitCodes.restart}`);
  });
});
