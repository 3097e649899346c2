/**
 * Errors raised while reading resource files. Every message starts with `file:line:` so a
 * person can jump to the offending document.
 */
export type ResourceErrorReason =
  'UnreadableFolder' | 'InvalidYaml' | 'InvalidResource' | 'UnknownKind' | 'DuplicateResource';

export class ResourceError extends Error {
  readonly reason: ResourceErrorReason;
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(
    reason: ResourceErrorReason,
    message: string,
    where?: { file: string; line: number },
    options?: { cause?: unknown },
  ) {
    super(where ? `${where.file}:${where.line}: ${message}` : message, options);
    this.name = 'ResourceError';
    this.reason = reason;
    this.file = where?.file;
    this.line = where?.line;
  }
}
