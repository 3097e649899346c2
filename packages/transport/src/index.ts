export type { Transport, Delivery, QueueOptions, ReceiveOptions } from './transport.ts';
export { TransportError, isTransportError, type TransportErrorReason } from './errors.ts';
export {
  queueName,
  deadLetterQueueName,
  validateQueueName,
  queueNameProblem,
  MAX_QUEUE_NAME_LENGTH,
  DEFAULT_QUEUE_PREFIX,
  DEAD_LETTER_SUFFIX,
} from './naming.ts';
export {
  parseTransportConfig,
  validateTransportConfig,
  DEFAULT_MAX_MESSAGE_BYTES,
  type TransportConfig,
  type TransportKind,
  type EmbeddedTransportConfig,
} from './config.ts';
export { createTransport, type CreateTransportOptions } from './create.ts';
export { EmbeddedTransport, type EmbeddedTransportOptions } from './embedded/embedded-transport.ts';
export type { EmbeddedDelivery, DeadLetterInfo } from './embedded/message.ts';
export { DEFAULT_VISIBILITY_TIMEOUT_MS, DEFAULT_MAX_DELIVERIES } from './embedded/options.ts';
