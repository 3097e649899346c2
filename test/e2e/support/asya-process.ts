/**
 * Runs the real `asya` command (packages/cli/bin/asya.js) as a child process, the way a user
 * does, and collects what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const bin = fileURLToPath(new URL('../../../packages/cli/bin/asya.js', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `asya <args>` to the end. */
export function runAsya(args: string[], timeoutMs = 150_000): Promise<Finished> {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repoRoot, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningDev {
  child: ChildProcess;
  url: string;
  token: string;
  stderr: () => string;
  /** SIGTERM, then resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts a long-running `asya dev <args>` and resolves once it printed its gateway. */
export function startDev(args: string[], timeoutMs = 120_000): Promise<RunningDev> {
  const child = spawn(process.execPath, [bin, 'dev', ...args], { cwd: repoRoot, stdio: 'pipe' });
  let stderr = '';
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`asya dev did not become ready:\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => reject(new Error(`asya dev exited ${code}:\n${stderr}`)));

    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /gateway\s+(http:\/\/\S+)/.exec(stderr)?.[1];
      const token = /token\s+(\S+)/.exec(stderr)?.[1];
      if (url && token && stderr.includes('ready;')) {
        clearTimeout(timer);
        resolve({
          child,
          url,
          token,
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}
