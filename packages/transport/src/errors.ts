/**
 * Errors raised by transports. `retryable` tells the caller whether trying again later can
 * help (a broker restart, a locked database) or not (a message over the size limit).
 */
export type TransportErrorReason =
  | 'ConnectionFailed'
  | 'QueueNotFound'
  | 'MessageTooLarge'
  | 'InvalidQueueName'
  | 'InvalidConfig'
  | 'InvalidArgument'
  | 'DeliveryNotFound'
  | 'Closed';

const retryableReasons: ReadonlySet<TransportErrorReason> = new Set(['ConnectionFailed']);

export class TransportError extends Error {
  readonly reason: TransportErrorReason;
  readonly retryable: boolean;

  constructor(reason: TransportErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.reason = reason;
    this.retryable = retryableReasons.has(reason);
  }
}

/** True when `err` is a TransportError, optionally with the given reason. */
export function isTransportError(
  err: unknown,
  reason?: TransportErrorReason,
): err is TransportError {
  return err instanceof TransportError && (reason === undefined || err.reason === reason);
}
