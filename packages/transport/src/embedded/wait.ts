/**
 * The pause between two polls of a waiting `receive`. It ends early when the caller aborts,
 * when a message is sent to the queue from this process, or when the transport closes;
 * messages sent by other processes are noticed by the next poll.
 */

/** First pause of a waiting receive; it doubles after every empty poll. */
export const MIN_POLL_MS = 5;

/** Longest pause between two polls: the worst extra latency a cross-process send sees. */
export const MAX_POLL_MS = 100;

/** The next pause after `previous`, doubling up to MAX_POLL_MS. */
export function nextPause(previous: number): number {
  return Math.min(previous * 2, MAX_POLL_MS);
}

/** Wakes the waiters of one queue (or of every queue) in this process. */
export class LocalWakeups {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Resolves after `ms`, on abort, or on a wake of `queue`; never rejects. */
  pause(queue: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.get(queue)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      let set = this.waiters.get(queue);
      if (set === undefined) {
        set = new Set();
        this.waiters.set(queue, set);
      }
      set.add(done);
    });
  }

  /** Wakes everyone waiting on `queue`. */
  wake(queue: string): void {
    const set = this.waiters.get(queue);
    if (set === undefined) return;
    this.waiters.delete(queue);
    for (const done of set) done();
  }

  /** Wakes every waiter, e.g. on close. */
  wakeAll(): void {
    for (const queue of [...this.waiters.keys()]) this.wake(queue);
  }
}
