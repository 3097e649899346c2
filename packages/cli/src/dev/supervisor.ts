/**
 * Keeps the child processes of `asya dev` running. A child that exits while the supervisor is
 * not stopping is restarted after a backoff (0.2 s doubling to 5 s). Exit code 75 is the
 * runtime asking for a fresh start (after a handler timeout): restarted at once, not counted
 * as a crash. More than `maxCrashes` crashes within `crashWindowMs` means something is
 * really broken: the supervisor gives up on that child and calls `onGiveUp`. An exit while
 * the child's `readyFile` exists (it crashed on a message) is restarted but not counted.
 *
 * Each child writes stdout and stderr to its own log file. `stop()` sends SIGTERM to every
 * child, waits `graceMs`, then sends SIGKILL to the rest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { RuntimeExitCodes } from '@asya/runtime';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Children stop in rounds, lowest first (default 0): consumers before what they call. */
  stopRound?: number;
  /**
   * A file the child creates once it is ready and removes when it stops cleanly (the
   * runtime's ready file). An exit while it still exists is a crash while working on a
   * message, not a start-up loop: a message that kills its process is bounded by the
   * sidecar's delivery count, so such exits are restarted without counting towards giving up.
   */
  readyFile?: string;
}

export interface SupervisorOptions {
  /** One human line per lifecycle event (start, restart, give up). */
  report: (line: string) => void;
  onGiveUp: (name: string, detail: string) => void;
  /** Called after every spawn with the current pids (for `processes.json`). */
  onSpawn?: (pids: Record<string, number>) => void;
  maxCrashes?: number;
  crashWindowMs?: number;
  graceMs?: number;
}

const WORKING_CRASH_DELAY_MS = 500;

interface Entry {
  spec: ChildSpec;
  child?: ChildProcess;
  crashes: number[];
  timer?: NodeJS.Timeout;
  exited?: Promise<void>;
}

export class Supervisor {
  private readonly entries = new Map<string, Entry>();
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {
    // Last resort when `asya` exits without stop() (an unexpected error): children are in
    // their own process groups and would outlive it.
    process.once('exit', () => {
      for (const entry of this.entries.values()) {
        if (entry.child && isRunning(entry.child)) entry.child.kill('SIGKILL');
      }
    });
  }

  /** Starts a child and keeps it running until `stop()`. */
  add(spec: ChildSpec): void {
    const entry: Entry = { spec, crashes: [] };
    this.entries.set(spec.name, entry);
    this.spawn(entry);
  }

  /** Pid of every running child, by name. */
  pids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const [name, entry] of this.entries) {
      if (entry.child?.pid !== undefined && isRunning(entry.child)) pids[name] = entry.child.pid;
    }
    return pids;
  }

  /**
   * Stops every child, round by round (`stopRound`): SIGTERM, then SIGKILL for whatever is
   * still running after the grace period. Idempotent.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    const rounds = [...new Set([...this.entries.values()].map((e) => e.spec.stopRound ?? 0))];
    for (const round of rounds.sort((a, b) => a - b)) {
      await this.stopRound(
        [...this.entries.values()].filter((e) => (e.spec.stopRound ?? 0) === round),
      );
    }
  }

  private async stopRound(entries: Entry[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const entry of entries) {
      if (entry.child && isRunning(entry.child)) {
        entry.child.kill('SIGTERM');
        if (entry.exited) waits.push(entry.exited);
      }
    }

    const grace = setTimeout(() => {
      for (const entry of entries) {
        if (entry.child && isRunning(entry.child)) {
          this.options.report(`${entry.spec.name} did not stop in time, killing it`);
          entry.child.kill('SIGKILL');
        }
      }
    }, this.options.graceMs ?? 10_000);
    await Promise.all(waits);
    clearTimeout(grace);
  }

  private spawn(entry: Entry): void {
    const { spec } = entry;
    const log = openSync(spec.logFile, 'a');
    // Own process group: a Ctrl-C in the terminal reaches only `asya`, which then stops the
    // children in order instead of having them all die at once and look like crashes.
    const child = spawn(spec.command, spec.args, {
      env: spec.env,
      stdio: ['ignore', log, log],
      detached: true,
    });
    closeSync(log);
    entry.child = child;
    entry.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        this.exited(entry, code, signal);
      });
    });
    child.once('error', (err) => {
      this.options.report(`${spec.name} could not start: ${err.message}`);
    });
    this.options.onSpawn?.(this.pids());
  }

  private exited(entry: Entry, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping) return;
    const { name } = entry.spec;
    const how = signal ? `signal ${signal}` : `code ${String(code)}`;

    if (code === RuntimeExitCodes.restart) {
      this.options.report(`${name} asked for a restart (exit 75), restarting`);
      this.spawn(entry);
      return;
    }

    if (entry.spec.readyFile !== undefined && existsSync(entry.spec.readyFile)) {
      this.options.report(`${name} exited (${how}) while working, restarting`);
      this.respawnAfter(entry, WORKING_CRASH_DELAY_MS);
      return;
    }

    const now = Date.now();
    const window = this.options.crashWindowMs ?? 30_000;
    entry.crashes = [...entry.crashes.filter((t) => now - t < window), now];
    const max = this.options.maxCrashes ?? 5;
    if (entry.crashes.length > max) {
      this.options.onGiveUp(
        name,
        `exited ${entry.crashes.length} times within ${window / 1000}s ` +
          `(last: ${how}); see ${entry.spec.logFile}`,
      );
      return;
    }

    const delay = Math.min(200 * 2 ** (entry.crashes.length - 1), 5000);
    this.options.report(`${name} exited (${how}), restarting in ${(delay / 1000).toFixed(1)}s`);
    this.respawnAfter(entry, delay);
  }

  /** Spawns the child again after `delayMs`, unless the supervisor is stopping by then. */
  private respawnAfter(entry: Entry, delayMs: number): void {
    entry.timer = setTimeout(() => {
      if (!this.stopping) this.spawn(entry);
    }, delayMs);
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}
