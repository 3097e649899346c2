/**
 * Wake-ups for readers of envelope events (SSE streams, waiting tool calls). A write on this
 * gateway wakes its readers at once; writes by another replica are found by polling, so a
 * reader waits at most `pollMs` for them. The database stays the only source of truth:
 * a wake-up only says "read again".
 */
import { EventEmitter } from 'node:events';

export class Changes {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open SSE stream listens; the default limit of 10 is a leak warning, not a cap.
    this.emitter.setMaxListeners(0);
  }

  /** Signals that envelope `id` has new events. */
  notify(id: string): void {
    this.emitter.emit(id);
  }

  /**
   * Resolves when envelope `id` changes on this gateway, after `pollMs`, or when `signal`
   * aborts, whichever comes first. Never rejects.
   */
  wait(id: string, pollMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        this.emitter.off(id, done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      this.emitter.on(id, done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
