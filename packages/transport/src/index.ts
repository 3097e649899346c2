export type { Transport, Delivery, QueueOptions, ReceiveOptions } from './transport.ts';
export { TransportError, type TransportErrorReason } from './errors.ts';
