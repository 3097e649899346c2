/**
 * Stable reason codes shared by errors, error envelopes, logs and metrics. The first three are
 * the runtime's codes from the wire contract; the rest are added by the sidecar and the crew.
 */
export const Reasons = {
  ProcessingError: 'processing_error',
  MsgParsingError: 'msg_parsing_error',
  ConnectionError: 'connection_error',
  RouteMismatch: 'route_mismatch',
  Timeout: 'timeout',
  HopLimitExceeded: 'hop_limit_exceeded',
  DeadlineExceeded: 'deadline_exceeded',
  RuntimeUnavailable: 'runtime_unavailable',
  InvalidRuntimeResponse: 'invalid_runtime_response',
  MessageTooLarge: 'message_too_large',
} as const;

export type Reason = (typeof Reasons)[keyof typeof Reasons];
