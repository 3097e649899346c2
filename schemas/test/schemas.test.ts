import { describe, expect, it } from 'vitest';
import {
  bundleSchema,
  commonSchemaFiles,
  kinds,
  resourceSchema,
  type JsonSchema,
} from '@asya/schemas';

/** Every `properties` entry below `schema`, with its dotted path. */
function properties(schema: JsonSchema, path = ''): Array<[string, JsonSchema]> {
  const found: Array<[string, JsonSchema]> = [];
  const own = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, child] of Object.entries(own)) {
    const at = path === '' ? name : `${path}.${name}`;
    found.push([at, child], ...properties(child, at));
  }
  const items = schema.items as JsonSchema | undefined;
  if (items) found.push(...properties(items, `${path}[]`));
  return found;
}

const specAndStatus = kinds.flatMap((k) => [
  [k.specFile, bundleSchema(k.specFile)] as const,
  [k.statusFile, bundleSchema(k.statusFile)] as const,
]);

describe('resource schemas', () => {
  it.each(specAndStatus)('describes every field of %s', (_file, schema) => {
    const undocumented = properties(schema)
      .filter(([, child]) => typeof child.description !== 'string' || child.description === '')
      .map(([path]) => path);

    expect(undocumented).toEqual([]);
  });

  it.each(kinds.map((k) => [k.statusFile]))(
    'reports conditions and observedGeneration in %s',
    (file) => {
      const status = bundleSchema(file) as { properties: Record<string, JsonSchema> };
      const conditions = status.properties.conditions as JsonSchema & { items: JsonSchema };

      expect(status.properties.observedGeneration).toMatchObject({ type: 'integer', minimum: 0 });
      expect(conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
      expect(conditions.items.required).toEqual([
        'type',
        'status',
        'reason',
        'message',
        'lastTransitionTime',
      ]);
    },
  );

  it.each([
    ['AsyncActor', 'mode', 'payload'],
    ['AsyncActor', 'timeoutSeconds', 300],
    ['Pipeline', 'progress', true],
    ['Pipeline', 'mode', 'async'],
  ] as const)('keeps the shared default of %s spec.%s', (kind, field, value) => {
    const spec = bundleSchema(kinds.find((k) => k.kind === kind)?.specFile ?? '') as {
      properties: Record<string, JsonSchema>;
    };

    expect(spec.properties[field]?.default).toEqual(value);
  });

  it('closes every object that declares properties, unless it preserves unknown fields', () => {
    for (const kind of kinds) {
      for (const [path, child] of properties(resourceSchema(kind.kind))) {
        if (!child.properties) continue;
        const open = child['x-kubernetes-preserve-unknown-fields'] === true;
        expect({ path, additionalProperties: child.additionalProperties }).toEqual({
          path,
          additionalProperties: open ? undefined : false,
        });
      }
    }
  });

  it.each(commonSchemaFiles.map((f) => [f]))(
    'gives the shared schema %s a title and description',
    (file) => {
      const schema = bundleSchema(file);

      expect(typeof schema.title).toBe('string');
      expect(typeof schema.description).toBe('string');
    },
  );

  it('uses the shortNames and plurals kubectl users type', () => {
    expect(kinds.map((k) => [k.kind, k.plural, k.shortNames])).toEqual([
      ['AsyncActor', 'asyncactors', ['aa']],
      ['Transport', 'transports', ['tp']],
      ['Pipeline', 'pipelines', ['pl']],
      ['Crew', 'crews', ['crw']],
    ]);
  });
});
