/**
 * Reads the reason of a GatewayError thrown by `fn`: undefined when it does not throw,
 * `NotAGatewayError` when it throws anything else, so tests assert reasons, not messages.
 */
import { GatewayError } from '../../src/errors.ts';

export function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof GatewayError ? err.reason : 'NotAGatewayError';
  }
}
