export { Pump, type PumpOptions } from './pump.ts';
export { processDelivery, type ProcessDeps } from './process-delivery.ts';
export { publishAndAck, reasonOf, release, type SettleDeps } from './settle.ts';
export { releaseDelayMs, receiveRetryDelayMs } from './backoff.ts';
export { Leases, type LeaseOptions } from './leases.ts';
