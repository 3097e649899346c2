/**
 * The gateway's one error type. `reason` is a stable CamelCase code shared by logs, HTTP
 * error bodies and tests; `status` is the HTTP status the REST surface answers with.
 */
export type GatewayErrorReason =
  | 'InvalidConfig'
  | 'InvalidPipeline'
  | 'InvalidRequest'
  | 'MalformedJson'
  | 'BodyTooLarge'
  | 'Unauthorized'
  | 'ForbiddenOrigin'
  | 'ForbiddenHost'
  | 'NotFound'
  | 'ToolNotFound'
  | 'EnvelopeNotFound'
  | 'ParentNotFound'
  | 'InvalidArguments'
  | 'PublishFailed'
  | 'DatabaseUnavailable';

const statusOf: Record<GatewayErrorReason, number> = {
  InvalidConfig: 500,
  InvalidPipeline: 500,
  InvalidRequest: 400,
  MalformedJson: 400,
  BodyTooLarge: 413,
  Unauthorized: 401,
  ForbiddenOrigin: 403,
  ForbiddenHost: 403,
  NotFound: 404,
  ToolNotFound: 404,
  EnvelopeNotFound: 404,
  ParentNotFound: 404,
  InvalidArguments: 200,
  PublishFailed: 502,
  DatabaseUnavailable: 503,
};

export class GatewayError extends Error {
  readonly reason: GatewayErrorReason;
  readonly status: number;

  constructor(reason: GatewayErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GatewayError';
    this.reason = reason;
    this.status = statusOf[reason];
  }
}

/** True when `err` is a GatewayError with the given reason. */
export function hasReason(err: unknown, reason: GatewayErrorReason): boolean {
  return err instanceof GatewayError && err.reason === reason;
}
