/**
 * The one place where SQLite failures become TransportErrors, so every operation of the
 * embedded transport reports the same reasons for the same trouble.
 */
import { TransportError } from '../errors.ts';

interface CodedError {
  code?: unknown;
  message?: unknown;
}

/**
 * Maps an error thrown by better-sqlite3 to a TransportError; TransportErrors pass through.
 * `action` completes the message `cannot <action>: <cause>`.
 *
 * - a foreign-key violation means the queue of the message does not exist: `QueueNotFound`;
 * - everything else (busy past the timeout, I/O, disk full, not a database) is
 *   `ConnectionFailed`, which callers treat as retryable.
 */
export function toTransportError(err: unknown, action: string): TransportError {
  if (err instanceof TransportError) return err;

  const code = sqliteCode(err);
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new TransportError('QueueNotFound', `cannot ${action}: queue does not exist`, {
      cause: err,
    });
  }

  const detail = code ?? (err instanceof Error ? err.message : 'unknown error');
  return new TransportError('ConnectionFailed', `cannot ${action}: ${detail}`, { cause: err });
}

function sqliteCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as CodedError).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}
