/**
 * The factory every component uses: a validated config in, an unstarted Transport out.
 * Adding a broker means adding a variant to `TransportConfig` and a case here; the switch is
 * exhaustive, so the compiler points at every place that must learn the new kind.
 */
import type { Logger } from '@asya/telemetry';
import { validateTransportConfig, type TransportConfig } from './config.ts';
import { EmbeddedTransport } from './embedded/embedded-transport.ts';
import type { Transport } from './transport.ts';

export interface CreateTransportOptions {
  /** Logger for lifecycle events; defaults to a `transport` JSON logger on stderr. */
  logger?: Logger;
}

/**
 * Creates the transport described by `config` (validated again here, so a config built in
 * code gets the same checks as one parsed from JSON). Call `start()` before use, or let the
 * first operation connect; call `close()` when done.
 *
 * @throws TransportError `InvalidConfig` when the config is not valid.
 */
export function createTransport(
  config: TransportConfig,
  options: CreateTransportOptions = {},
): Transport {
  const valid = validateTransportConfig(config);
  switch (valid.kind) {
    case 'embedded':
      return new EmbeddedTransport({
        path: valid.path,
        ...(valid.maxMessageBytes === undefined ? {} : { maxMessageBytes: valid.maxMessageBytes }),
        ...(options.logger === undefined ? {} : { logger: options.logger }),
      });
  }
}
