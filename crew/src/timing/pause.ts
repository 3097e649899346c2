/**
 * Waiting that an abort cuts short, shared by the consumer loop (pause after a transport
 * error) and the gateway reporter (backoff between attempts).
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms`, or as soon as `signal` aborts; never rejects. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch {
    // Aborted: the caller checks its signal and stops.
  }
}
