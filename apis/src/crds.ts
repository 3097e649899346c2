/**
 * The generated CustomResourceDefinitions (`apis/crds/*.yaml`) as objects, keyed by kind, for
 * installers and tests that apply them.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { kinds, type KindName } from '@asya/schemas';

/** Absolute path of the folder holding the generated CRD files. */
export const crdsDir = join(dirname(new URL(import.meta.url).pathname), '..', 'crds');

/** Path of the CRD file of `kind`. */
export function crdFile(kind: KindName): string {
  const def = kinds.find((k) => k.kind === kind);
  if (!def) throw new Error(`cannot find CRD "${kind}": unknown kind`);
  return join(crdsDir, `${def.plural}.yaml`);
}

/** Every CRD as a parsed object, keyed by kind. */
export const crds = Object.fromEntries(
  kinds.map((def) => [
    def.kind,
    parse(readFileSync(crdFile(def.kind), 'utf8')) as Record<string, unknown>,
  ]),
) as Record<KindName, Record<string, unknown>>;
