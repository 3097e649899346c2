import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateResource } from '@asya/apis';
import {
  actor,
  crew,
  invalidCases,
  pipeline,
  transport,
} from '../../test/crds/invalid-resources.ts';

describe('validateResource', () => {
  it.each(invalidCases)('rejects $problem with $reason at "$path"', ({ doc, reason, path }) => {
    const result = validateResource(doc);

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => ({ reason: e.reason, path: e.path }))).toContainEqual({
      reason,
      path,
    });
  });

  it('applies the documented defaults to a minimal actor', () => {
    const result = validateResource(actor('echo'));

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.resource.spec).toMatchObject({
      mode: 'payload',
      runtime: 'python',
      timeoutSeconds: 300,
      concurrency: 1,
      replicas: 1,
      deletionPolicy: 'Delete',
    });
  });

  it('fills scaling bounds so that a scaling block alone turns KEDA on', () => {
    const result = validateResource(actor('scaled', { scaling: {} }));

    expect(result.ok && result.resource.spec).toMatchObject({
      scaling: { enabled: true, minReplicas: 0, maxReplicas: 10, queueLength: 5 },
    });
  });

  it('defaults the queue prefix and dead-letter policy of a Transport', () => {
    const result = validateResource(transport('local', { embedded: { path: 'q.sqlite' } }));

    expect(result.ok && result.resource.spec).toMatchObject({
      queues: { namePrefix: 'asya-', visibilityTimeoutSeconds: 330 },
      deadLetter: { enabled: true, maxDeliveries: 5 },
    });
  });

  it('defaults a Pipeline to async mode with progress', () => {
    const result = validateResource(pipeline('p'));

    expect(result.ok && result.resource.spec).toMatchObject({ mode: 'async', progress: true });
  });

  it('accepts a Crew with file persistence on both ends', () => {
    const doc = crew('c', {
      happyEnd: { persistence: { type: 'file', path: 'out/ok' } },
      errorEnd: { persistence: { type: 'file', path: 'out/failed' } },
    });

    expect(validateResource(doc)).toMatchObject({ ok: true, kind: 'Crew' });
  });

  it('leaves the input document unchanged', () => {
    const doc = actor('echo');
    const before = structuredClone(doc);

    validateResource(doc);

    expect(doc).toEqual(before);
  });

  it('accepts the status a controller writes', () => {
    const doc = {
      ...actor('echo'),
      status: {
        observedGeneration: 2,
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            message: '',
            lastTransitionTime: '2026-01-01T00:00:00Z',
            observedGeneration: 2,
          },
        ],
        readyReplicas: 1,
      },
    };

    expect(validateResource(doc).ok).toBe(true);
  });

  it.each([
    ['not a mapping', ['a'], 'InvalidResource'],
    ['an unknown kind', { apiVersion: 'asya.dev/v1alpha1', kind: 'Actor' }, 'UnknownKind'],
    ['another version', { ...actor('x'), apiVersion: 'asya.dev/v1' }, 'UnsupportedVersion'],
  ])('rejects a document that is %s', (_case, doc, reason) => {
    const result = validateResource(doc);

    expect(result.ok ? [] : result.errors.map((e) => e.reason)).toEqual([reason]);
  });

  it('accepts every resource file under clusters/base', () => {
    for (const name of ['transport-sqs.yaml', 'transport-rabbitmq.yaml', 'crew.yaml']) {
      const doc: unknown = parse(
        readFileSync(new URL(`../../clusters/base/${name}`, import.meta.url), 'utf8'),
      );
      expect(validateResource(doc)).toMatchObject({ ok: true });
    }
  });
});
