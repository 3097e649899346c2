/**
 * Errors of the crew. `InvalidConfig` and `UnsupportedPersistence` stop the process at start;
 * `StoreFailed` makes the consumer release the message for redelivery.
 */
export type CrewErrorReason = 'InvalidConfig' | 'UnsupportedPersistence' | 'StoreFailed';

export class CrewError extends Error {
  readonly reason: CrewErrorReason;

  constructor(reason: CrewErrorReason, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CrewError';
    this.reason = reason;
  }
}
