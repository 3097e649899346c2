import { describe, expect, it } from 'vitest';
import { ArgumentValidator } from '../src/tools/arguments.ts';

const validator = new ArgumentValidator([
  {
    name: 'add',
    description: '',
    inputSchema: {
      type: 'object',
      properties: { value: { type: 'number' }, when: { type: 'string', format: 'date-time' } },
      required: ['value'],
      additionalProperties: false,
    },
    actors: ['add'],
    timeoutSeconds: 10,
    progress: true,
    mode: 'async',
  },
]);

describe('ArgumentValidator', () => {
  it.each<[unknown, boolean, string]>([
    [{ value: 1 }, true, 'required argument present'],
    [{ value: 1, when: '2026-01-01T00:00:00Z' }, true, 'formatted argument valid'],
    [{}, false, 'required argument missing'],
    [{ value: 'one' }, false, 'wrong type'],
    [{ value: 1, extra: true }, false, 'unknown argument'],
    [{ value: 1, when: 'yesterday' }, false, 'format checked'],
  ])('%j -> ok %s (%s)', (args, ok) => {
    expect(validator.check('add', args).ok).toBe(ok);
  });

  it('reports an unknown tool as a failed check', () => {
    expect(validator.check('nope', {}).ok).toBe(false);
  });
});
