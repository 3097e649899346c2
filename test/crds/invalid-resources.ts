/**
 * Resources that must be rejected, with the reason and field path both the API server and
 * `asya validate` report. Shared by the offline unit tests (`apis/test/`) and the API server
 * tests (`crds.int.test.ts`) so the two stay the same table.
 */

export interface InvalidCase {
  /** What is wrong, as a sentence fragment. */
  problem: string;
  reason: string;
  path: string;
  doc: Record<string, unknown>;
}

const v = 'asya.dev/v1alpha1';

export function actor(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: v,
    kind: 'AsyncActor',
    metadata: { name },
    spec: {
      transportRef: { name: 'sqs' },
      handler: 'echo.process',
      image: 'python:3.12-slim',
      ...spec,
    },
  };
}

export function transport(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: v, kind: 'Transport', metadata: { name }, spec };
}

export function pipeline(
  name: string,
  spec: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: v,
    kind: 'Pipeline',
    metadata: { name },
    spec: { actors: ['a', 'b'], tool: { description: 'Does a then b.' }, ...spec },
  };
}

export function crew(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: v,
    kind: 'Crew',
    metadata: { name },
    spec: { transportRef: { name: 'sqs' }, ...spec },
  };
}

function withoutTransport(doc: Record<string, unknown>): Record<string, unknown> {
  const spec = { ...(doc.spec as Record<string, unknown>) };
  delete spec.transportRef;
  return { ...doc, spec };
}

export const invalidCases: InvalidCase[] = [
  {
    problem: 'a mode outside the enum',
    reason: 'UnsupportedValue',
    path: 'spec.mode',
    doc: actor('bad-enum', { mode: 'stream' }),
  },
  {
    problem: 'minReplicas above maxReplicas',
    reason: 'InvalidValue',
    path: 'spec.scaling.minReplicas',
    doc: actor('min-above-max', { scaling: { minReplicas: 5, maxReplicas: 2 } }),
  },
  {
    problem: 'a negative timeout',
    reason: 'InvalidValue',
    path: 'spec.timeoutSeconds',
    doc: actor('negative-timeout', { timeoutSeconds: -5 }),
  },
  {
    problem: 'an unknown field',
    reason: 'UnknownField',
    path: 'spec.replica',
    doc: actor('unknown-field', { replica: 3 }),
  },
  {
    problem: 'an actor without a transport',
    reason: 'RequiredValue',
    path: 'spec.transportRef',
    doc: withoutTransport(actor('no-transport')),
  },
  {
    problem: 'a Transport without a broker',
    reason: 'InvalidValue',
    path: 'spec',
    doc: transport('no-broker', { queues: { namePrefix: 'dev-' } }),
  },
  {
    problem: 'a Transport with two brokers',
    reason: 'InvalidValue',
    path: 'spec',
    doc: transport('two-brokers', { sqs: { region: 'eu-west-1' }, embedded: { path: 'q.sqlite' } }),
  },
  {
    problem: 'static credentials without a Secret',
    reason: 'InvalidValue',
    path: 'spec.identity.secretRef',
    doc: transport('no-secret', { sqs: { region: 'eu-west-1' }, identity: { type: 'secret' } }),
  },
  {
    problem: 'a queue prefix too long for SQS names',
    reason: 'TooLong',
    path: 'spec.queues.namePrefix',
    doc: transport('long-prefix', {
      embedded: { path: 'q' },
      queues: { namePrefix: 'environment-' + 'x' },
    }),
  },
  {
    problem: 'a handler without a module',
    reason: 'InvalidValue',
    path: 'spec.handler',
    doc: actor('bad-handler', { handler: 'process' }),
  },
  {
    problem: 'a timeout given as a string',
    reason: 'InvalidType',
    path: 'spec.timeoutSeconds',
    doc: actor('string-timeout', { timeoutSeconds: '30' }),
  },
  {
    problem: 'an actor name longer than a DNS label',
    reason: 'InvalidValue',
    path: '',
    doc: actor('a'.repeat(70)),
  },
  {
    problem: 'an actor named like a crew actor',
    reason: 'InvalidValue',
    path: '',
    doc: actor('happy-end'),
  },
  {
    problem: 'a route naming error-end',
    reason: 'InvalidValue',
    path: 'spec.actors',
    doc: pipeline('ends-early', { actors: ['a', 'error-end'] }),
  },
  {
    problem: 'wait mode without a timeout',
    reason: 'RequiredValue',
    path: 'spec.timeoutSeconds',
    doc: pipeline('wait-forever', { mode: 'wait' }),
  },
  {
    problem: 'a tool input schema that is not an object schema',
    reason: 'UnsupportedValue',
    path: 'spec.tool.inputSchema.type',
    doc: pipeline('array-input', { tool: { description: 'x', inputSchema: { type: 'array' } } }),
  },
  {
    problem: 'S3 persistence without a bucket',
    reason: 'InvalidValue',
    path: 'spec.happyEnd.persistence.bucket',
    doc: crew('no-bucket', { happyEnd: { persistence: { type: 's3' } } }),
  },
  {
    problem: 'retry delays the wrong way round',
    reason: 'InvalidValue',
    path: 'spec.errorEnd.retry.initialDelaySeconds',
    doc: crew('bad-retry', {
      errorEnd: { retry: { initialDelaySeconds: 60, maxDelaySeconds: 10 } },
    }),
  },
  {
    problem: 'duplicate environment variables',
    reason: 'Duplicate',
    path: 'spec.env',
    doc: actor('dup-env', {
      env: [
        { name: 'A', value: '1' },
        { name: 'A', value: '2' },
      ],
    }),
  },
  {
    problem: 'a pod template container named like the sidecar',
    reason: 'InvalidValue',
    path: 'spec.podTemplate.spec.containers',
    doc: actor('sidecar-name', {
      podTemplate: { spec: { containers: [{ name: 'asya-sidecar', image: 'x' }] } },
    }),
  },
  {
    problem: 'a runtime container overriding the command',
    reason: 'InvalidValue',
    path: 'spec.podTemplate.spec.containers',
    doc: actor('runtime-command', {
      podTemplate: { spec: { containers: [{ name: 'asya-runtime', command: ['python'] }] } },
    }),
  },
];
