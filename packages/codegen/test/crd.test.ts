import { describe, expect, it } from 'vitest';
import { kinds, type JsonSchema } from '@asya/schemas';
import { compileCel } from '@asya/apis';
import { buildCrd, toOpenApi } from '@asya/codegen';

interface CrdVersion {
  subresources: unknown;
  additionalPrinterColumns: Array<{ name: string }>;
  schema: { openAPIV3Schema: JsonSchema };
}

function version(kind: (typeof kinds)[number]): CrdVersion {
  const crd = buildCrd(kind) as { spec: { versions: CrdVersion[] } };
  const [first] = crd.spec.versions;
  if (!first) throw new Error('no version');
  return first;
}

/** Every schema node below `schema` (properties, items, additionalProperties, anyOf). */
function nodes(schema: JsonSchema): JsonSchema[] {
  const children: unknown[] = [schema.items, schema.additionalProperties];
  children.push(...Object.values((schema.properties ?? {}) as Record<string, unknown>));
  children.push(...((schema.anyOf ?? []) as unknown[]));
  const objects = children.filter((c): c is JsonSchema => typeof c === 'object' && c !== null);
  return [schema, ...objects.flatMap(nodes)];
}

describe('toOpenApi', () => {
  it('drops titles and closed-object markers and turns const into enum', () => {
    const out = toOpenApi({
      title: 'X',
      type: 'object',
      properties: { a: { const: 'b', title: 'A', description: 'a' } },
      additionalProperties: false,
    });

    expect(out).toEqual({ type: 'object', properties: { a: { description: 'a', enum: ['b'] } } });
  });

  it('writes keywords in one fixed order whatever the input order', () => {
    const out = toOpenApi({
      maximum: 2,
      type: 'integer',
      default: 1,
      description: 'd',
      minimum: 0,
    });

    expect(Object.keys(out)).toEqual(['description', 'type', 'default', 'minimum', 'maximum']);
  });
});

describe('buildCrd', () => {
  it.each(kinds.map((k) => [k.kind, k]))(
    'gives %s a status subresource, printer columns and a closed structural schema',
    (_kind, kind) => {
      const v = version(kind);

      expect(v.subresources).toEqual({ status: {} });
      expect(v.additionalPrinterColumns.map((c) => c.name)).toContain('Ready');
      for (const node of nodes(v.schema.openAPIV3Schema)) {
        expect(node.title).toBeUndefined();
        expect(node.additionalProperties).not.toBe(false);
        const typed = typeof node.type === 'string' || node['x-kubernetes-int-or-string'] === true;
        expect(typed).toBe(true);
      }
    },
  );

  it.each(kinds.map((k) => [k.kind, k]))(
    'writes only CEL rules that offline validation can evaluate for %s',
    (_kind, kind) => {
      const rules = nodes(version(kind).schema.openAPIV3Schema).flatMap(
        (node) => (node['x-kubernetes-validations'] ?? []) as Array<{ rule: string }>,
      );

      for (const { rule } of rules) expect(() => compileCel(rule)).not.toThrow();
    },
  );
});
