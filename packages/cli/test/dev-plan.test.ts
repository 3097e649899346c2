import { describe, expect, it } from 'vitest';
import { groupResources, type LoadedDocument } from '@asya/resources';
import { planDev } from '../src/index.ts';

const api = 'asya.dev/v1alpha1';
const transport = {
  apiVersion: api,
  kind: 'Transport',
  metadata: { name: 'local' },
  spec: {
    embedded: { path: 'q.sqlite' },
    queues: { namePrefix: 'dev-', visibilityTimeoutSeconds: 5 },
  },
};
const crew = {
  apiVersion: api,
  kind: 'Crew',
  metadata: { name: 'crew' },
  spec: { happyEnd: { persistence: { type: 'file', path: 'ok' } } },
};
const actor = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: api,
  kind: 'AsyncActor',
  metadata: { name },
  spec: { handler: 'mod.fn', ...spec },
});
const pipeline = (actors: unknown[]) => ({
  apiVersion: api,
  kind: 'Pipeline',
  metadata: { name: 'tool' },
  spec: { actors, tool: { inputSchema: { type: 'object' } } },
});

function docs(...values: unknown[]): LoadedDocument[] {
  return values.map((doc, i) => ({ file: `/r/dir/f${i}.yaml`, line: 1, doc }));
}

describe('planDev', () => {
  it('plans one runtime and sidecar per used actor, queues, tools and paths in the state dir', () => {
    const groups = groupResources(
      docs(
        transport,
        crew,
        actor('a', { mode: 'envelope', timeoutSeconds: 7 }),
        actor('b'),
        actor('unused'),
        pipeline(['a', 'b']),
      ),
    );
    const plan = planDev(groups, '/state');

    expect(plan.actors).toEqual([
      {
        name: 'a',
        handler: 'mod.fn',
        mode: 'envelope',
        timeoutSeconds: 7,
        handlerPath: '/r/dir',
        queue: 'dev-a',
      },
      {
        name: 'b',
        handler: 'mod.fn',
        mode: 'payload',
        timeoutSeconds: 300,
        handlerPath: '/r/dir',
        queue: 'dev-b',
      },
    ]);
    expect(plan.queues).toEqual(['dev-a', 'dev-b', 'dev-happy-end', 'dev-error-end']);
    expect(plan.tools).toEqual([
      { name: 'tool', actors: ['a', 'b'], inputSchema: { type: 'object' } },
    ]);
    expect(plan.transport).toEqual({ kind: 'embedded', path: '/state/q.sqlite' });
    expect(plan.visibilityTimeoutMs).toBe(5000);
    expect(plan.happyEnd).toEqual({ type: 'file', path: '/state/ok' });
    expect(plan.errorEnd).toEqual({ type: 'none' });
  });

  it.each([
    ['a pipeline actor without AsyncActor', docs(transport, crew, pipeline(['missing']))],
    ['no transport', docs(crew, actor('a'), pipeline(['a']))],
    [
      'two transports',
      docs(
        transport,
        { ...transport, metadata: { name: 'other' } },
        crew,
        actor('a'),
        pipeline(['a']),
      ),
    ],
    [
      'a transport that is not embedded',
      docs({ ...transport, spec: { sqs: {} } }, crew, actor('a'), pipeline(['a'])),
    ],
    ['no crew', docs(transport, actor('a'), pipeline(['a']))],
    ['no pipeline', docs(transport, crew, actor('a'))],
    [
      'an actor without handler',
      docs(transport, crew, { ...actor('a'), spec: {} }, pipeline(['a'])),
    ],
    [
      's3 persistence',
      docs(
        transport,
        { ...crew, spec: { errorEnd: { persistence: { type: 's3' } } } },
        actor('a'),
        pipeline(['a']),
      ),
    ],
  ])('refuses %s with reason InvalidResources', (_reason, documents) => {
    expect(() => planDev(groupResources(documents), '/state')).toThrow(
      expect.objectContaining({ reason: 'InvalidResources' }),
    );
  });
});
