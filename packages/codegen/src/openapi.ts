/**
 * Turns a bundled JSON Schema (draft-07 subset) into the OpenAPI v3 dialect a structural CRD
 * accepts. What changes: `title`, `$comment` and `examples` are dropped; closed objects lose
 * `additionalProperties: false` (a structural schema forbids it beside `properties`, and
 * prunes or, with strict field validation, rejects unknown fields anyway); `const` becomes a
 * one-value `enum`. Keys come out in one fixed order so that generated files never churn.
 */
import { isSchema, type JsonSchema } from '@asya/schemas';

const dropped = new Set(['title', '$comment', 'examples', '$schema', '$id']);

/** Keyword order of the output; keywords not listed follow in alphabetical order. */
const keyOrder = [
  'description',
  'type',
  'format',
  'enum',
  'default',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
  'properties',
  'additionalProperties',
  'items',
  'anyOf',
  'allOf',
  'oneOf',
  'not',
];

/** Returns the structural OpenAPI v3 form of `schema` (input left untouched). */
export function toOpenApi(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (dropped.has(key)) continue;
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'const') {
      out.enum = [value];
    } else if (key === 'properties' && isSchema(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, toOpenApi(asSchema(child))]),
      );
    } else if (
      (key === 'items' || key === 'additionalProperties' || key === 'not') &&
      isSchema(value)
    ) {
      out[key] = toOpenApi(value);
    } else if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v: unknown) => toOpenApi(asSchema(v)));
    } else {
      out[key] = value;
    }
  }
  return orderKeys(out);
}

/** Returns a copy of `object` with its own keys in the canonical order (not recursive). */
export function orderKeys(object: JsonSchema): JsonSchema {
  const rank = (key: string): number => {
    const index = keyOrder.indexOf(key);
    return index === -1 ? keyOrder.length : index;
  };
  const keys = Object.keys(object).sort(
    (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

function asSchema(value: unknown): JsonSchema {
  if (!isSchema(value))
    throw new Error(`cannot convert schema: expected an object, got ${JSON.stringify(value)}`);
  return value;
}
