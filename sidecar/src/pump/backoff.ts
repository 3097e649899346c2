/**
 * Delay before a released message is delivered again: 250 ms on the first delivery, doubling
 * per delivery, capped at 30 s, so a runtime that is restarting or a broker that is down is
 * not hammered while messages wait safely on their queue.
 */
export function releaseDelayMs(deliveryCount: number): number {
  const exponent = Math.min(Math.max(deliveryCount, 1) - 1, 10);
  return Math.min(250 * 2 ** exponent, 30_000);
}

/** Delay after a failed receive (broker unreachable), by consecutive failures. */
export function receiveRetryDelayMs(failures: number): number {
  return Math.min(200 * 2 ** Math.min(failures, 8), 10_000);
}
