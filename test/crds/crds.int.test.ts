/**
 * The generated CRDs against a real API server (`eval "$(test/infra/up kube)"` sets
 * KUBECONFIG and puts kubectl on PATH): every CRD is accepted and structural, every resource
 * file under clusters/ and examples/ is accepted, every invalid resource of the shared table
 * is rejected by the server and by `asya validate` with the same reason and field, and
 * `kubectl explain` / `kubectl get` show the descriptions and printer columns.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { bundleSchema, kinds } from '@asya/schemas';
import { isAsyaDocument, loadResources } from '@asya/resources';
import { requireServiceEnv, uniqueName } from '../infra/service-env.ts';
import { fieldErrors, kubectl, kubectlOk } from './kubectl.ts';
import { actor, invalidCases } from './invalid-resources.ts';

const repoRoot = join(new URL('.', import.meta.url).pathname, '../..');
const namespace = uniqueName('asya-crds');
const manager = ['--field-manager=asya-crds-test'];

// Fail the whole file, never skip it, when there is no API server to talk to.
requireServiceEnv('kube', 'KUBECONFIG');

const resourceFiles = [
  ...(await loadResources(join(repoRoot, 'clusters'))),
  ...(await loadResources(join(repoRoot, 'examples'))),
].filter((d) => isAsyaDocument(d.doc));

beforeAll(async () => {
  await kubectlOk([
    'apply',
    '--server-side',
    '--force-conflicts',
    ...manager,
    '-f',
    join(repoRoot, 'apis/crds'),
  ]);
  await kubectlOk([
    'wait',
    '--for=condition=Established',
    '--timeout=60s',
    ...kinds.map((k) => `crd/${k.plural}.asya.dev`),
  ]);
  await kubectlOk(['create', 'namespace', namespace]);
});

afterAll(async () => {
  await kubectl(['delete', 'namespace', namespace, '--wait=false']);
});

/**
 * Applies one object in the test namespace the way GitOps tools do, strict about fields. A
 * namespace written in the file is replaced by the test namespace.
 */
function apply(doc: unknown): ReturnType<typeof kubectl> {
  const object = structuredClone(doc) as { metadata?: { namespace?: string } };
  if (object.metadata) delete object.metadata.namespace;
  const args = ['apply', '--server-side', '--validate=strict', ...manager, '-n', namespace];
  return kubectl([...args, '-f', '-'], JSON.stringify(object));
}

describe('CRDs on the API server', () => {
  it.each(kinds.map((k) => [k.kind, k.plural]))(
    'accepts the %s CRD as structural with the asya category',
    async (_kind, plural) => {
      const crd = JSON.parse(
        await kubectlOk(['get', 'crd', `${plural}.asya.dev`, '-o', 'json']),
      ) as {
        spec: { names: { categories: string[] } };
        status: { conditions: Array<{ type: string; status: string }> };
      };

      const conditions = Object.fromEntries(crd.status.conditions.map((c) => [c.type, c.status]));
      expect(conditions).toMatchObject({ Established: 'True', NamesAccepted: 'True' });
      expect(conditions.NonStructuralSchema).toBeUndefined();
      expect(crd.spec.names.categories).toEqual(['asya']);
    },
  );

  it.each(resourceFiles.map((d) => [`${relative(repoRoot, d.file)}:${d.line}`, d.doc]))(
    'accepts %s',
    async (_where, doc) => {
      const result = await apply(doc);

      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );
});

describe('invalid resources', () => {
  let offline: Map<string, Array<{ path: string; reason: string }>>;

  beforeAll(() => {
    // One file per case, checked by the real `asya validate` command in one run.
    const dir = mkdtempSync(join(tmpdir(), 'asya-crds-invalid-'));
    invalidCases.forEach((c, i) => writeFileSync(join(dir, `case-${i}.yaml`), stringify(c.doc)));
    const cli = spawnSync('node', [join(repoRoot, 'packages/cli/bin/asya.js'), 'validate', dir], {
      encoding: 'utf8',
    });
    rmSync(dir, { recursive: true, force: true });
    expect(cli.status).not.toBe(0);

    offline = new Map();
    for (const line of cli.stdout.split('\n')) {
      const match = /case-(\d+)\.yaml:\d+: (\w+)(?: (\S+))?: /.exec(line);
      if (!match) continue;
      const [, index = '', reason = '', path = ''] = match;
      offline.set(index, [...(offline.get(index) ?? []), { path, reason }]);
    }
  });

  it.each(invalidCases.map((c, i) => ({ ...c, i })))(
    'rejects $problem with $reason at "$path" on the server and offline',
    async ({ doc, reason, path, i }) => {
      const result = await apply(doc);

      expect(result.code).not.toBe(0);
      expect(fieldErrors(result.stderr)).toContainEqual({ path, reason });
      expect(offline.get(String(i))).toContainEqual({ path, reason });
    },
  );
});

describe('kubectl explain and get', () => {
  const explained = [
    ['asyncactors', 'asyncactor/asyncactor.spec.schema.json', ['handler']],
    ['asyncactors', 'common/scaling.schema.json', ['scaling', 'minReplicas']],
    ['transports', 'transport/transport.spec.schema.json', ['queues', 'namePrefix']],
    ['transports', 'transport/identity.schema.json', ['identity', 'scope']],
    ['pipelines', 'pipeline/pipeline.spec.schema.json', ['tool', 'inputSchema']],
    ['crews', 'crew/persistence.schema.json', ['happyEnd', 'persistence', 'type']],
  ] as const;

  it.each(explained)(
    'explains %s.spec.%s from the schema description',
    async (plural, file, fields) => {
      const output = await kubectlOk(['explain', `${plural}.spec.${fields.join('.')}`]);

      const expected = describedField(file, fields);
      expect(squash(output)).toContain(squash(expected));
    },
  );

  it('shows the printer columns and status values of an actor', async () => {
    expect((await apply(actor('columns'))).code).toBe(0);
    const status = {
      status: {
        readyReplicas: 2,
        queue: 'asya-columns',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Available',
            message: 'ready',
            lastTransitionTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    };
    await kubectlOk([
      'patch',
      'asyncactor',
      'columns',
      '-n',
      namespace,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);

    const table = await kubectlOk(['get', 'asyncactor', 'columns', '-n', namespace]);
    const wide = await kubectlOk(['get', 'aa', 'columns', '-n', namespace, '-o', 'wide']);

    const [header = '', row = ''] = table.trim().split('\n');
    expect(header.split(/\s+/)).toEqual([
      'NAME',
      'TRANSPORT',
      'HANDLER',
      'READY',
      'REASON',
      'REPLICAS',
      'AGE',
    ]);
    expect(row.split(/\s+/).slice(0, 6)).toEqual([
      'columns',
      'sqs',
      'echo.process',
      'True',
      'Available',
      '2',
    ]);
    expect(wide.split('\n')[0]?.split(/\s+/)).toContain('QUEUE');
    expect(wide).toContain('asya-columns');
  });

  it('lists every kind under the asya category', async () => {
    const output = await kubectlOk(['get', 'asya', '-n', namespace, '-o', 'name']);

    const listedKinds = new Set(
      output
        .trim()
        .split('\n')
        .map((line) => line.split('/')[0]),
    );
    expect([...listedKinds].sort()).toEqual(kinds.map((k) => `${k.singular}.asya.dev`).sort());
  });
});

function describedField(file: string, fields: readonly string[]): string {
  // The last field is looked up in the file; earlier ones may live in the spec schema.
  const schema = bundleSchema(file) as { properties?: Record<string, { description?: string }> };
  const last = fields[fields.length - 1] ?? '';
  return schema.properties?.[last]?.description ?? '';
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
