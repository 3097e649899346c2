/**
 * The problems offline validation reports, and how ajv's errors map onto them. Reasons are
 * named after the API server's field error types so that a file rejected by `asya validate`
 * and by the server shows the same reason: `UnsupportedValue` (enum), `RequiredValue`,
 * `UnknownField`, `InvalidType`, `TooLong`, `TooMany`, `Duplicate`, `Forbidden` and
 * `InvalidValue` (bounds, patterns, formats and CEL rules).
 */
import type { ErrorObject } from 'ajv';

export type ValidationReason =
  | 'InvalidResource'
  | 'UnknownKind'
  | 'UnsupportedVersion'
  | 'UnsupportedValue'
  | 'RequiredValue'
  | 'UnknownField'
  | 'InvalidType'
  | 'TooLong'
  | 'TooMany'
  | 'Duplicate'
  | 'Forbidden'
  | 'InvalidValue';

/** One problem in one resource document. */
export interface ValidationIssue {
  /**
   * Path of the offending field, e.g. `spec.scaling.minReplicas` or `spec.env[1].name`;
   * `''` for the document.
   */
  path: string;
  /** The same path as segments, to find the field's line in the source file. */
  segments: Array<string | number>;
  reason: ValidationReason;
  /** One lowercase line saying what is wrong. */
  message: string;
}

/** Joins path segments the way the API server prints field paths. */
export function formatPath(segments: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Splits an ajv `instancePath` (JSON pointer) into segments; array indexes become numbers. */
export function pointerSegments(pointer: string, data: unknown): Array<string | number> {
  const segments: Array<string | number> = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      segments.push(Number(part));
      node = node[Number(part)] as unknown;
    } else {
      segments.push(part);
      node =
        typeof node === 'object' && node !== null
          ? (node as Record<string, unknown>)[part]
          : undefined;
    }
  }
  return segments;
}

/** Maps one ajv error to an issue. */
export function issueFromAjv(error: ErrorObject, data: unknown): ValidationIssue {
  const segments = pointerSegments(error.instancePath, data);
  const params = error.params as Record<string, unknown>;
  const at = (
    extra: string | undefined,
    reason: ValidationReason,
    message: string,
  ): ValidationIssue => {
    const full = extra === undefined ? segments : [...segments, extra];
    return { path: formatPath(full), segments: full, reason, message };
  };

  switch (error.keyword) {
    case 'required':
      return at(String(params.missingProperty), 'RequiredValue', 'required value');
    case 'additionalProperties':
      return at(String(params.additionalProperty), 'UnknownField', 'field not declared in schema');
    case 'enum':
      return at(
        undefined,
        'UnsupportedValue',
        `supported values: ${listValues(params.allowedValues)}`,
      );
    case 'const':
      return at(
        undefined,
        'UnsupportedValue',
        `supported value: ${JSON.stringify(params.allowedValue)}`,
      );
    case 'type':
      return at(undefined, 'InvalidType', `must be of type ${String(params.type)}`);
    case 'maxLength':
      return at(undefined, 'TooLong', `may not be longer than ${String(params.limit)} characters`);
    case 'maxItems':
    case 'maxProperties':
      return at(undefined, 'TooMany', `must have at most ${String(params.limit)} entries`);
    default:
      return at(undefined, 'InvalidValue', error.message ?? `fails ${error.keyword}`);
  }
}

function listValues(values: unknown): string {
  return Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values);
}

const celReasons: Record<string, ValidationReason> = {
  FieldValueRequired: 'RequiredValue',
  FieldValueForbidden: 'Forbidden',
  FieldValueDuplicate: 'Duplicate',
  FieldValueInvalid: 'InvalidValue',
};

/** The reason of a failed CEL rule, from the rule's own `reason` field (default `InvalidValue`). */
export function celReason(reason: string | undefined): ValidationReason {
  return (reason === undefined ? undefined : celReasons[reason]) ?? 'InvalidValue';
}
