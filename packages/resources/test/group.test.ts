import { describe, expect, it } from 'vitest';
import { groupResources, type LoadedDocument } from '../src/index.ts';

const api = 'asya.dev/v1alpha1';

function doc(value: unknown, line = 1, file = 'r.yaml'): LoadedDocument {
  return { file, line, doc: value };
}

describe('groupResources', () => {
  it('keys each kind by metadata.name and keeps other documents aside', () => {
    const groups = groupResources([
      doc({ apiVersion: api, kind: 'AsyncActor', metadata: { name: 'a' }, spec: {} }),
      doc({ apiVersion: api, kind: 'Pipeline', metadata: { name: 'p' }, spec: {} }),
      doc({ apiVersion: api, kind: 'Transport', metadata: { name: 't' } }),
      doc({ apiVersion: api, kind: 'Crew', metadata: { name: 'c' }, spec: {} }),
      doc({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }),
    ]);

    expect([...groups.actors.keys()]).toEqual(['a']);
    expect([...groups.pipelines.keys()]).toEqual(['p']);
    expect(groups.transports.get('t')?.resource.spec).toEqual({});
    expect([...groups.crews.keys()]).toEqual(['c']);
    expect(groups.others).toHaveLength(1);
  });

  it.each([
    ['a scalar document', 'not a mapping', 'InvalidResource'],
    [
      'an unknown asya kind',
      { apiVersion: api, kind: 'Actor', metadata: { name: 'x' } },
      'UnknownKind',
    ],
    ['a missing name', { apiVersion: api, kind: 'Crew', metadata: {} }, 'InvalidResource'],
    [
      'a list as spec',
      { apiVersion: api, kind: 'Crew', metadata: { name: 'c' }, spec: [] },
      'InvalidResource',
    ],
  ])('rejects %s', (_reason, value, expected) => {
    expect(() => groupResources([doc(value, 7)])).toThrow(
      expect.objectContaining({ reason: expected, line: 7 }),
    );
  });

  it('rejects two resources of one kind with the same name, naming the first', () => {
    const actor = { apiVersion: api, kind: 'AsyncActor', metadata: { name: 'a' }, spec: {} };
    expect(() => groupResources([doc(actor, 1, 'x.yaml'), doc(actor, 9, 'y.yaml')])).toThrow(
      expect.objectContaining({ reason: 'DuplicateResource', file: 'y.yaml', line: 9 }),
    );
  });
});
