/**
 * Resolves the `$ref`s between schema files into one self-contained schema. The CRD generator,
 * the TypeScript generator and the offline validator all read schemas through here, so they
 * see exactly the same tree.
 *
 * Conventions of the schema files this relies on:
 * - a `$ref` is a relative file path (`../common/scaling.schema.json`), never a JSON pointer;
 * - keywords beside a `$ref` (usually `description`) override the referenced schema's own;
 * - an object with `properties` and no `additionalProperties` is closed: the bundle adds
 *   `additionalProperties: false` (a structural CRD rejects unknown fields the same way),
 *   unless it is marked `x-kubernetes-preserve-unknown-fields`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A JSON Schema node (draft-07 subset with `x-kubernetes-*` extensions). */
export type JsonSchema = { [keyword: string]: unknown };

/** Where a `$ref` points, for `BundleOptions.replaceRef`. */
export interface RefTarget {
  /**
   * Path of the referenced file relative to the schemas folder,
   * e.g. `common/scaling.schema.json`.
   */
  file: string;
  /** The referenced schema's `title`, if any. */
  title: string | undefined;
}

export interface BundleOptions {
  /**
   * Called for each `$ref` before it is inlined; a schema returned here is used instead of
   * the referenced one (the sibling keywords of the `$ref` are still merged over it).
   */
  replaceRef?: (target: RefTarget) => JsonSchema | undefined;
}

/** Absolute path of the folder holding the schema files. */
export const schemasDir = join(dirname(new URL(import.meta.url).pathname), '..');

const cache = new Map<string, JsonSchema>();

/**
 * Reads one schema file (path relative to the schemas folder) as parsed JSON, unresolved.
 * Throws when the file is missing or is not a JSON object.
 */
export function readSchemaFile(file: string): JsonSchema {
  const cached = cache.get(file);
  if (cached) return structuredClone(cached);

  const parsed: unknown = JSON.parse(readFileSync(join(schemasDir, file), 'utf8'));
  if (!isSchema(parsed)) throw new Error(`cannot read schema "${file}": not a JSON object`);
  cache.set(file, parsed);
  return structuredClone(parsed);
}

/**
 * Returns the schema of `file` (relative to the schemas folder) with every `$ref` inlined,
 * `$schema` and `$id` removed, and closed objects made explicit.
 */
export function bundleSchema(file: string, options: BundleOptions = {}): JsonSchema {
  const root = readSchemaFile(file);
  delete root.$schema;
  delete root.$id;
  return resolveNode(root, file, options, [file]);
}

function resolveNode(
  node: JsonSchema,
  file: string,
  options: BundleOptions,
  stack: string[],
): JsonSchema {
  const ref = node.$ref;
  if (typeof ref === 'string') {
    const siblings = { ...node };
    delete siblings.$ref;
    const target = join(dirname(file), ref);
    if (stack.includes(target)) {
      throw new Error(`cannot bundle schema "${file}": $ref cycle through "${target}"`);
    }
    const referenced = readSchemaFile(target);
    const title = typeof referenced.title === 'string' ? referenced.title : undefined;
    const replaced = options.replaceRef?.({
      file: relative(schemasDir, join(schemasDir, target)),
      title,
    });
    const base = replaced ?? resolveNode(referenced, target, options, [...stack, target]);
    delete base.$schema;
    delete base.$id;
    return { ...base, ...resolveChildren(siblings, file, options, stack) };
  }
  return resolveChildren(node, file, options, stack);
}

function resolveChildren(
  node: JsonSchema,
  file: string,
  options: BundleOptions,
  stack: string[],
): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isSchema(value)) {
      const properties: JsonSchema = {};
      for (const [name, child] of Object.entries(value)) {
        properties[name] = isSchema(child) ? resolveNode(child, file, options, stack) : child;
      }
      out[key] = properties;
    } else if (
      (key === 'items' || key === 'additionalProperties' || key === 'not') &&
      isSchema(value)
    ) {
      out[key] = resolveNode(value, file, options, stack);
    } else if ((key === 'anyOf' || key === 'allOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((v: unknown) =>
        isSchema(v) ? resolveNode(v, file, options, stack) : v,
      );
    } else {
      out[key] = value;
    }
  }
  const open = out['x-kubernetes-preserve-unknown-fields'] === true;
  if (isSchema(out.properties) && out.additionalProperties === undefined && !open) {
    out.additionalProperties = false;
  }
  return out;
}

/** True for a JSON object (not null, not an array): the shape of every schema node. */
export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
