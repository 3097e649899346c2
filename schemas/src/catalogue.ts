/**
 * Every schema file by role, bundled: the shared building blocks under `common/` and the
 * spec and status schema of each kind, keyed by kind name.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleSchema, schemasDir, type JsonSchema } from './bundle.ts';
import { kinds, type KindName } from './kinds.ts';

/** Files under `common/`, relative to the schemas folder, sorted. */
export const commonSchemaFiles: readonly string[] = readdirSync(join(schemasDir, 'common'))
  .filter((name) => name.endsWith('.schema.json'))
  .sort()
  .map((name) => `common/${name}`);

/** Every shared schema, bundled, keyed by its title (`Condition`, `ScalingPolicy`, ...). */
export const commonSchemas: Readonly<Record<string, JsonSchema>> = Object.fromEntries(
  commonSchemaFiles.map((file) => {
    const schema = bundleSchema(file);
    return [String(schema.title), schema];
  }),
);

/** The bundled spec schema of each kind. */
export const specSchemas = Object.fromEntries(
  kinds.map((k) => [k.kind, bundleSchema(k.specFile)]),
) as Record<KindName, JsonSchema>;

/** The bundled status schema of each kind. */
export const statusSchemas = Object.fromEntries(
  kinds.map((k) => [k.kind, bundleSchema(k.statusFile)]),
) as Record<KindName, JsonSchema>;
