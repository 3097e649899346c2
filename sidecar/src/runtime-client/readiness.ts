/**
 * Knows when the runtime can take a call: its `runtime-ready` file exists. After a timeout
 * the sidecar hangs up and the runtime restarts (it removes the ready file and exits 75; its
 * supervisor starts a fresh one), so for a while the old ready file may still be on disk.
 * `expectRestart()` remembers that file's identity (best taken with `snapshot()` before the
 * call); `waitReady()` then waits for a fresh file.
 * If the old file outlives `staleAfterMs` (a runtime that never restarts), it is accepted
 * again rather than blocking the actor forever.
 */
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ReadinessOptions {
  readyPath: string;
  /** Poll interval (default 100 ms). */
  pollMs?: number;
  /** How long an old ready file may linger after `expectRestart()` (default 30 s). */
  staleAfterMs?: number;
}

/** What tells two ready files apart: a new runtime writes a new file (new inode, new time). */
export interface FileIdentity {
  ino: number;
  mtimeMs: number;
}

export class RuntimeReadiness {
  private readonly readyPath: string;
  private readonly pollMs: number;
  private readonly staleAfterMs: number;
  private stale: { identity: FileIdentity; since: number } | undefined;

  constructor(options: ReadinessOptions) {
    this.readyPath = options.readyPath;
    this.pollMs = options.pollMs ?? 100;
    this.staleAfterMs = options.staleAfterMs ?? 30_000;
  }

  /**
   * The identity of the ready file now, to pass to `expectRestart` if the call that follows
   * fails. Taken before the call, so a runtime that restarts quickly is not mistaken for the
   * one that went away.
   */
  snapshot(): Promise<FileIdentity | undefined> {
    return this.identity();
  }

  /**
   * Marks a ready file as belonging to a runtime that is going away: `previous` (from
   * `snapshot()` before the failed call), or else the file on disk now.
   */
  async expectRestart(previous?: FileIdentity): Promise<void> {
    const identity = previous ?? (await this.identity());
    this.stale = identity ? { identity, since: Date.now() } : undefined;
  }

  /** True when a fresh ready file exists now. */
  async isReady(): Promise<boolean> {
    const identity = await this.identity();
    if (!identity) {
      // The old runtime is gone: whatever file appears next belongs to a new one.
      this.stale = undefined;
      return false;
    }
    if (!this.stale) return true;

    const same =
      identity.ino === this.stale.identity.ino && identity.mtimeMs === this.stale.identity.mtimeMs;
    if (!same || Date.now() - this.stale.since >= this.staleAfterMs) {
      this.stale = undefined;
      return true;
    }
    return false;
  }

  /**
   * Resolves once the runtime is ready; resolves false when `signal` aborts first.
   * `onWait` is called once if the first check finds the runtime not ready (for a log line).
   */
  async waitReady(signal?: AbortSignal, onWait?: () => void): Promise<boolean> {
    let first = true;
    while (!signal?.aborted) {
      if (await this.isReady()) return true;
      if (first) onWait?.();
      first = false;
      try {
        await sleep(this.pollMs, undefined, { signal });
      } catch {
        return false;
      }
    }
    return false;
  }

  private async identity(): Promise<FileIdentity | undefined> {
    try {
      const info = await stat(this.readyPath);
      return { ino: info.ino, mtimeMs: info.mtimeMs };
    } catch {
      return undefined;
    }
  }
}
