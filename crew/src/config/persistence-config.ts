/**
 * Where happy-end and error-end keep finished envelopes, as in the Crew resource's
 * `spec.happyEnd.persistence` / `spec.errorEnd.persistence`.
 */
import { CrewError } from './crew-error.ts';

export type PersistenceConfig =
  | { type: 'none' }
  | { type: 'file'; path: string }
  | { type: 's3'; bucket: string; prefix?: string };

/**
 * Parses `ASYA_PERSISTENCE` (JSON). Missing or empty means `{"type":"none"}`.
 *
 * @throws CrewError `InvalidConfig` for bad JSON or fields, `UnsupportedPersistence` for `s3`
 *   (declared by the Crew resource, not implemented by this crew yet).
 */
export function parsePersistence(json: string | undefined): PersistenceConfig {
  if (json === undefined || json.trim() === '') return { type: 'none' };

  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw invalid('is not valid JSON', err);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('must be a JSON object');
  }

  const record = value as Record<string, unknown>;
  switch (record.type) {
    case 'none':
      return { type: 'none' };
    case 'file': {
      if (typeof record.path !== 'string' || record.path.trim() === '') {
        throw invalid('type "file" needs a non-empty "path"');
      }
      return { type: 'file', path: record.path };
    }
    case 's3':
      throw unsupportedS3();
    default:
      throw invalid('type must be "none", "file" or "s3"');
  }
}

/** The refusal of `s3` persistence, which the Crew resource declares but this crew lacks. */
export function unsupportedS3(): CrewError {
  return new CrewError(
    'UnsupportedPersistence',
    'cannot configure persistence "s3": not supported yet, use "file" or "none"',
  );
}

function invalid(cause: string, err?: unknown): CrewError {
  return new CrewError('InvalidConfig', `cannot configure crew "ASYA_PERSISTENCE": ${cause}`, err);
}
