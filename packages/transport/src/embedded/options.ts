/**
 * Checks of the numeric arguments of the embedded transport, and its queue defaults. Bad
 * values are caller bugs, reported as `InvalidArgument` rather than clamped.
 */
import { TransportError } from '../errors.ts';
import { deadLetterQueueName, validateQueueName } from '../naming.ts';
import type { QueueOptions } from '../transport.ts';

/** Visibility timeout of a queue created without one, like SQS. */
export const DEFAULT_VISIBILITY_TIMEOUT_MS = 30_000;

/** Deliveries before dead-lettering when only a dead-letter queue name is given. */
export const DEFAULT_MAX_DELIVERIES = 5;

/** Longest visibility timeout or release delay: 12 hours, like SQS. */
export const MAX_VISIBILITY_TIMEOUT_MS = 12 * 60 * 60 * 1000;

/** Largest accepted `maxDeliveries`. */
export const MAX_MAX_DELIVERIES = 1000;

/** Queue settings after defaults are applied; `undefined` fields were not given. */
export interface ResolvedQueueOptions {
  visibilityTimeoutMs: number | undefined;
  deadLetter: { queue: string; maxDeliveries: number } | undefined;
}

/**
 * Validates QueueOptions of `queue`. Giving only `maxDeliveries` names the dead-letter queue
 * `<queue>-dlq`; giving only `deadLetterQueue` bounds deliveries at 5.
 *
 * @throws TransportError `InvalidArgument` or `InvalidQueueName`.
 */
export function resolveQueueOptions(queue: string, options: QueueOptions): ResolvedQueueOptions {
  const visibilityTimeoutMs =
    options.visibilityTimeoutMs === undefined
      ? undefined
      : checkMs(options.visibilityTimeoutMs, 'visibilityTimeoutMs', `ensure queue "${queue}"`);

  if (options.deadLetterQueue === undefined && options.maxDeliveries === undefined) {
    return { visibilityTimeoutMs, deadLetter: undefined };
  }

  const dlq =
    options.deadLetterQueue === undefined
      ? deadLetterQueueName(queue)
      : validateQueueName(options.deadLetterQueue);
  if (dlq === queue) {
    throw invalidArgument(`ensure queue "${queue}"`, 'deadLetterQueue must differ from the queue');
  }

  const max = options.maxDeliveries ?? DEFAULT_MAX_DELIVERIES;
  if (!Number.isInteger(max) || max < 1 || max > MAX_MAX_DELIVERIES) {
    throw invalidArgument(
      `ensure queue "${queue}"`,
      `maxDeliveries must be an integer from 1 to ${MAX_MAX_DELIVERIES}`,
    );
  }
  return { visibilityTimeoutMs, deadLetter: { queue: dlq, maxDeliveries: max } };
}

/**
 * Checks a duration in milliseconds: an integer from 0 to 12 hours.
 *
 * @throws TransportError `InvalidArgument`.
 */
export function checkMs(value: unknown, name: string, action: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_VISIBILITY_TIMEOUT_MS
  ) {
    throw invalidArgument(
      action,
      `${name} must be an integer from 0 to ${MAX_VISIBILITY_TIMEOUT_MS} milliseconds`,
    );
  }
  return value;
}

/**
 * Checks a wait in milliseconds: a non-negative integer (no upper bound: a consumer may
 * wait as long as it likes, and stops with its AbortSignal).
 *
 * @throws TransportError `InvalidArgument`.
 */
export function checkWaitMs(value: unknown, action: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidArgument(action, 'waitMs must be a non-negative integer');
  }
  return value;
}

function invalidArgument(action: string, cause: string): TransportError {
  return new TransportError('InvalidArgument', `cannot ${action}: ${cause}`);
}
