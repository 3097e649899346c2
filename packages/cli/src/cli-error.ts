/**
 * The one error type of the CLI. `exitCode` is what the process exits with: 1 when the
 * envelope failed, 2 for bad input or resources, 3 when the local system could not start
 * or the gateway could not be reached.
 */
export type CliErrorReason =
  | 'InvalidResources'
  | 'InvalidArguments'
  | 'UnreadableFile'
  | 'UnknownTool'
  | 'StartFailed'
  | 'ChildGaveUp'
  | 'StateDirBusy'
  | 'GatewayUnreachable'
  | 'GatewayRefused'
  | 'EnvelopeFailed';

const exitCodes: Record<CliErrorReason, number> = {
  InvalidResources: 2,
  InvalidArguments: 2,
  UnreadableFile: 2,
  UnknownTool: 2,
  StartFailed: 3,
  ChildGaveUp: 3,
  StateDirBusy: 3,
  GatewayUnreachable: 3,
  GatewayRefused: 3,
  EnvelopeFailed: 1,
};

export class CliError extends Error {
  readonly reason: CliErrorReason;
  readonly exitCode: number;

  constructor(reason: CliErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.reason = reason;
    this.exitCode = exitCodes[reason];
  }
}
