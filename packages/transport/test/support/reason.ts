/**
 * Reads the reason of a TransportError, so tests assert reasons, not messages. Both helpers
 * give undefined when nothing fails and `not a TransportError` for any other error.
 */
import { isTransportError } from '../../src/index.ts';

/** The reason of the error `fn` throws. */
export function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return reasonOfError(err);
  }
}

/** The reason of the error `promise` rejects with. */
export async function rejectionReasonOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    return reasonOfError(err);
  }
}

function reasonOfError(err: unknown): string {
  return isTransportError(err) ? err.reason : 'not a TransportError';
}
