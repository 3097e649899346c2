/**
 * Offline validation of Asya resource documents against the same schemas the CRDs are
 * generated from: ajv for the JSON Schema part (types, enums, bounds, patterns, unknown
 * fields, defaults), then the CEL rules and list-key uniqueness on the defaulted document.
 * Validators are compiled once, when this module is imported.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  API_GROUP,
  API_VERSION,
  kinds,
  resourceSchema,
  type KindName,
  type JsonSchema,
} from '@asya/schemas';
import { isMap } from '../is-map.ts';
import { formatPath, issueFromAjv, type ValidationIssue } from './issues.ts';
import { checkRules, compileRules } from './rules.ts';

/** Keywords the API server understands and ajv should accept as annotations. */
const kubernetesKeywords = [
  'x-kubernetes-validations',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-int-or-string',
  'x-kubernetes-map-type',
];

export type ValidationResult =
  | { ok: true; kind: KindName; resource: Record<string, unknown> }
  | { ok: false; kind: KindName | undefined; errors: ValidationIssue[] };

interface CompiledKind {
  schema: JsonSchema;
  validate: ValidateFunction;
}

// ajv-formats is CommonJS: under Node's ESM interop its plugin is reached through `.default`.
const addFormats = addFormatsModule.default;

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, useDefaults: true });
addFormats(ajv);
for (const keyword of kubernetesKeywords) ajv.addKeyword({ keyword });

const compiledKinds = new Map<KindName, CompiledKind>(
  kinds.map((def) => {
    const schema = resourceSchema(def.kind);
    compileRules(schema);
    return [def.kind, { schema, validate: ajv.compile(schema) }];
  }),
);

/**
 * Validates one parsed document as an Asya resource. On success returns the resource with
 * the schema defaults applied (the input is never modified); on failure every problem found.
 * As on the API server, CEL rules are checked only once the schema check passes.
 */
export function validateResource(doc: unknown): ValidationResult {
  if (!isMap(doc))
    return failure(undefined, [issue([], 'InvalidResource', 'document is not a mapping')]);

  const kind = doc.kind;
  const def = kinds.find((k) => k.kind === kind);
  if (!def) {
    const shown = typeof kind === 'string' ? `"${kind}"` : 'no kind';
    return failure(undefined, [
      issue(['kind'], 'UnknownKind', `${shown} is not an ${API_GROUP} kind`),
    ]);
  }
  if (doc.apiVersion !== API_VERSION) {
    const message = `apiVersion must be ${API_VERSION}, got ${JSON.stringify(doc.apiVersion)}`;
    return failure(def.kind, [issue(['apiVersion'], 'UnsupportedVersion', message)]);
  }

  const compiled = compiledKinds.get(def.kind);
  if (!compiled) throw new Error(`cannot validate kind "${def.kind}": no compiled schema`);
  const resource = structuredClone(doc);
  if (!compiled.validate(resource)) {
    const errors = (compiled.validate.errors ?? []).map((e) => issueFromAjv(e, resource));
    return failure(def.kind, dedupe(errors));
  }

  // Like the API server, rules run only on a document that passed the schema check.
  const rules = checkRules(compiled.schema, resource);
  if (rules.unevaluated > 0) {
    rules.issues.push(issue([], 'InvalidValue', 'a validation rule could not be evaluated'));
  }
  if (rules.issues.length > 0) return failure(def.kind, rules.issues);
  return { ok: true, kind: def.kind, resource };
}

function failure(kind: KindName | undefined, errors: ValidationIssue[]): ValidationResult {
  return { ok: false, kind, errors };
}

function issue(
  segments: Array<string | number>,
  reason: ValidationIssue['reason'],
  message: string,
): ValidationIssue {
  return { path: formatPath(segments), segments, reason, message };
}

/** ajv reports an `anyOf` failure once per branch; keep one issue per path and reason. */
function dedupe(errors: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.path}\u0000${e.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
