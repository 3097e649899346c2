/**
 * Checks a document against the parts of a schema that JSON Schema cannot express and the
 * API server enforces: CEL rules (`x-kubernetes-validations`) and the uniqueness of keys in
 * `x-kubernetes-list-type: map` and items in `set` lists. Runs on the document after defaults
 * are applied, as the server does.
 */
import { isSchema, type CelRule, type JsonSchema } from '@asya/schemas';
import { CelEvalError, compileCel, type CompiledRule } from '../cel/index.ts';
import { isMap } from '../is-map.ts';
import { celReason, formatPath, type ValidationIssue } from './issues.ts';

const compiled = new Map<string, CompiledRule>();

function compiledRule(rule: string): CompiledRule {
  let fn = compiled.get(rule);
  if (!fn) {
    fn = compileCel(rule);
    compiled.set(rule, fn);
  }
  return fn;
}

/**
 * Compiles every CEL rule found in `schema` (so a rule outside the supported subset fails at
 * start-up, not on some later document). Throws `CelSyntaxError`.
 */
export function compileRules(schema: JsonSchema): void {
  for (const rule of rulesOf(schema)) compiledRule(rule.rule);
  for (const child of childSchemas(schema)) compileRules(child);
}

/**
 * Returns the rule and list-uniqueness problems of `value` under `schema`. A rule that cannot
 * be evaluated (a field of the wrong type, already reported by the schema check) is skipped
 * and counted in `unevaluated`.
 */
export function checkRules(
  schema: JsonSchema,
  value: unknown,
  segments: Array<string | number> = [],
  found: { issues: ValidationIssue[]; unevaluated: number } = { issues: [], unevaluated: 0 },
): { issues: ValidationIssue[]; unevaluated: number } {
  if (value === undefined) return found;

  for (const rule of rulesOf(schema)) {
    try {
      if (compiledRule(rule.rule)(value)) continue;
    } catch (err) {
      if (!(err instanceof CelEvalError)) throw err;
      found.unevaluated += 1;
      continue;
    }
    const at = [...segments, ...fieldPathSegments(rule.fieldPath)];
    const message = rule.message ?? `failed rule: ${rule.rule}`;
    found.issues.push({
      path: formatPath(at),
      segments: at,
      reason: celReason(rule.reason),
      message,
    });
  }

  if (Array.isArray(value)) {
    checkListUniqueness(schema, value, segments, found.issues);
    const items = schema.items;
    if (isSchema(items))
      value.forEach((item, i) => checkRules(items, item, [...segments, i], found));
    return found;
  }
  if (!isMap(value)) return found;

  const properties = isSchema(schema.properties) ? schema.properties : {};
  for (const [key, child] of Object.entries(value)) {
    const sub = properties[key] ?? schema.additionalProperties;
    if (isSchema(sub)) checkRules(sub, child, [...segments, key], found);
  }
  return found;
}

function checkListUniqueness(
  schema: JsonSchema,
  list: unknown[],
  segments: Array<string | number>,
  issues: ValidationIssue[],
): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType !== 'map' && listType !== 'set') return;
  const keys = Array.isArray(schema['x-kubernetes-list-map-keys'])
    ? (schema['x-kubernetes-list-map-keys'] as string[])
    : [];

  const seen = new Set<string>();
  list.forEach((item, i) => {
    const identity =
      listType === 'map' && isMap(item)
        ? JSON.stringify(keys.map((k) => item[k]))
        : JSON.stringify(item);
    if (!seen.has(identity)) {
      seen.add(identity);
      return;
    }
    // Reported on the list, as server-side apply does, naming the repeated key.
    const message = `duplicate entries for key ${identity} (item ${i})`;
    issues.push({ path: formatPath(segments), segments, reason: 'Duplicate', message });
  });
}

function rulesOf(schema: JsonSchema): CelRule[] {
  const rules = schema['x-kubernetes-validations'];
  return Array.isArray(rules) ? (rules as CelRule[]) : [];
}

function childSchemas(schema: JsonSchema): JsonSchema[] {
  const children: unknown[] = [schema.items, schema.additionalProperties];
  if (isSchema(schema.properties)) children.push(...Object.values(schema.properties));
  for (const key of ['anyOf', 'allOf', 'oneOf']) {
    if (Array.isArray(schema[key])) children.push(...(schema[key] as unknown[]));
  }
  return children.filter(isSchema);
}

/** `.a.b` -> ['a', 'b'] (the only fieldPath form our rules use). */
function fieldPathSegments(fieldPath: string | undefined): string[] {
  if (!fieldPath) return [];
  return fieldPath.split('.').filter((part) => part !== '');
}
