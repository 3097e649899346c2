import { describe, expect, it } from 'vitest';
import { checkReferences, type LoadedDocument } from '../src/index.ts';

const v = 'asya.dev/v1alpha1';
const at = (doc: unknown, line = 1): LoadedDocument => ({ file: 'r.yaml', line, doc });
const transport = at({ apiVersion: v, kind: 'Transport', metadata: { name: 'local' }, spec: {} });
const actor = (name: string, ref = 'local') =>
  at({
    apiVersion: v,
    kind: 'AsyncActor',
    metadata: { name },
    spec: { transportRef: { name: ref } },
  });
const pipeline = (actors: string[]) =>
  at({ apiVersion: v, kind: 'Pipeline', metadata: { name: 'p' }, spec: { actors } });

describe('checkReferences', () => {
  it('accepts a folder whose references all resolve', () => {
    expect(checkReferences([transport, actor('a'), actor('b'), pipeline(['a', 'b', 'a'])])).toEqual(
      [],
    );
  });

  it.each([
    [
      'a Pipeline actor without an AsyncActor',
      [transport, actor('a'), pipeline(['a', 'x'])],
      'UnknownActor',
      'spec.actors[1]',
    ],
    [
      'a transportRef without a Transport',
      [actor('a', 'sqs')],
      'UnknownTransport',
      'spec.transportRef.name',
    ],
    [
      'a name declared twice for one kind',
      [transport, actor('a'), actor('a')],
      'Duplicate',
      'metadata.name',
    ],
  ])('reports %s', (_case, documents, reason, path) => {
    expect(checkReferences(documents)).toEqual([
      expect.objectContaining({ file: 'r.yaml', reason, path }),
    ]);
  });

  it('ignores documents of other API groups and documents without a name', () => {
    const others = [at({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }), at([1])];
    expect(checkReferences([...others, at({ apiVersion: v, kind: 'Pipeline' })])).toEqual([]);
  });
});
