import { describe, expect, it } from 'vitest';
import { parseTools, toolsFromPipelines } from '../src/config/tools.ts';
import { reasonOf } from './support/reason.ts';

function pipeline(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'asya.dev/v1alpha1', kind: 'Pipeline', metadata: { name }, spec };
}

describe('toolsFromPipelines', () => {
  it('maps a pipeline to a tool with defaults', () => {
    const [tool] = toolsFromPipelines([pipeline('summarise', { actors: ['split', 'join'] })]);
    expect(tool).toEqual({
      name: 'summarise',
      description: '',
      inputSchema: { type: 'object' },
      actors: ['split', 'join'],
      timeoutSeconds: 300,
      progress: true,
      mode: 'async',
    });
  });

  it('takes the tool name, description, schema, timeout, progress and mode from the spec', () => {
    const schema = { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] };
    const [tool] = toolsFromPipelines([
      pipeline('p1', {
        actors: ['a'],
        tool: { name: 'custom_name', description: 'does a', inputSchema: schema },
        timeoutSeconds: 30,
        progress: false,
        mode: 'wait',
      }),
    ]);
    expect(tool).toMatchObject({
      name: 'custom_name',
      description: 'does a',
      inputSchema: schema,
      timeoutSeconds: 30,
      progress: false,
      mode: 'wait',
    });
  });

  it.each([
    ['empty route', pipeline('p', { actors: [] })],
    ['missing spec', { metadata: { name: 'p' } }],
    ['actor name with upper case', pipeline('p', { actors: ['Bad'] })],
    ['unknown mode', pipeline('p', { actors: ['a'], mode: 'sometimes' })],
    ['zero timeout', pipeline('p', { actors: ['a'], timeoutSeconds: 0 })],
    [
      'schema that is not an object schema',
      pipeline('p', { actors: ['a'], tool: { inputSchema: { type: 'string' } } }),
    ],
    [
      'schema that does not compile',
      pipeline('p', {
        actors: ['a'],
        tool: { inputSchema: { type: 'object', properties: { x: { type: 'nope' } } } },
      }),
    ],
    ['tool name with spaces', pipeline('p', { actors: ['a'], tool: { name: 'a b' } })],
  ])('rejects a pipeline with %s', (_reason, raw) => {
    expect(reasonOf(() => toolsFromPipelines([raw]))).toBe('InvalidPipeline');
  });

  it('rejects two pipelines exposing the same tool name', () => {
    const pipelines = [
      pipeline('a', { actors: ['x'] }),
      pipeline('b', { actors: ['y'], tool: { name: 'a' } }),
    ];
    expect(reasonOf(() => toolsFromPipelines(pipelines))).toBe('InvalidPipeline');
  });
});

describe('parseTools', () => {
  it('applies defaults to a tool given directly', () => {
    const [tool] = parseTools([{ name: 'echo', actors: ['echo'] }]);
    expect(tool).toMatchObject({ timeoutSeconds: 300, progress: true, mode: 'async' });
  });

  it('rejects unknown keys so typos are not ignored', () => {
    expect(reasonOf(() => parseTools([{ name: 'echo', actors: ['echo'], timeout: 5 }]))).toBe(
      'InvalidConfig',
    );
  });
});
