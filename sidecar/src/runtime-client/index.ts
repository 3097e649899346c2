export { RuntimeClient, type CallOptions } from './runtime-client.ts';
export { RuntimeCallError, runtimeGone, type RuntimeCallReason } from './errors.ts';
export { RuntimeReadiness, type FileIdentity } from './readiness.ts';
export { encodeFrame, FrameReader, FrameTooLargeError, HEADER_BYTES } from './framing.ts';
