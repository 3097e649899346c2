/**
 * Failures of one call to the runtime, as a closed set of reasons. The pump decides from the
 * reason alone what happens to the message: `RuntimeUnavailable`, `ConnectionLost` and
 * `Aborted` are the sidecar's side (release for redelivery); `Timeout`, `FrameTooLarge` and
 * `InvalidResponse` are terminal for the message (one error-end envelope).
 */
export type RuntimeCallReason =
  /** Nothing was sent: no ready file, no socket, or the connection was refused. */
  | 'RuntimeUnavailable'
  /** The request was sent but the connection ended before a whole response arrived. */
  | 'ConnectionLost'
  /** No response within the processing timeout; the connection was closed. */
  | 'Timeout'
  /** The caller's signal ended the call (shutdown); the connection was closed. */
  | 'Aborted'
  /** The request or the announced response is over the maximum frame size. */
  | 'FrameTooLarge'
  /** The response is not a JSON array. */
  | 'InvalidResponse';

export class RuntimeCallError extends Error {
  readonly reason: RuntimeCallReason;

  constructor(reason: RuntimeCallReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeCallError';
    this.reason = reason;
  }
}

/** Error codes of the socket layer that mean "no runtime is listening right now". */
const unavailableCodes = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'ENOTSOCK', 'EAGAIN']);

/** Maps a socket error to a call reason, given whether the connection was established. */
export function socketErrorReason(err: unknown, connected: boolean): RuntimeCallReason {
  if (connected) return 'ConnectionLost';
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && unavailableCodes.has(code) ? 'RuntimeUnavailable' : 'ConnectionLost';
}

/**
 * True when the failure means the runtime process is gone (no socket, or nobody listening on
 * it), as opposed to a busy one: the caller should then wait for a fresh ready file.
 */
export function runtimeGone(err: unknown): boolean {
  if (!(err instanceof RuntimeCallError) || err.reason !== 'RuntimeUnavailable') return false;
  const code = (err.cause as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ECONNREFUSED';
}
