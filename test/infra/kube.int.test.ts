import {
  ApiextensionsV1Api,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  type V1Pod,
} from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { requireServiceEnv, uniqueName } from './service-env.ts';

/** Polls `read` every 250 ms until it returns a value, or fails after `timeoutMs`. */
async function eventually<T>(what: string, timeoutMs: number, read: () => Promise<T | undefined>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`cannot observe ${what}: timed out`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface Kube {
  config: KubeConfig;
  core: CoreV1Api;
  apps: AppsV1Api;
  namespace: string;
}

describe('kubernetes from test/infra/up', () => {
  let kube: Promise<Kube> | undefined;

  /** The clients and a namespace of this run, made on first use so that every test fails
   *  by itself (reason MissingServiceEnv) when KUBECONFIG is not exported. */
  function connect(): Promise<Kube> {
    kube ??= (async () => {
      const config = new KubeConfig();
      config.loadFromFile(requireServiceEnv('kube', 'KUBECONFIG'));
      const core = config.makeApiClient(CoreV1Api);
      const namespace = uniqueName('infra-smoke');
      await core.createNamespace({ body: { metadata: { name: namespace } } });
      return { config, core, apps: config.makeApiClient(AppsV1Api), namespace };
    })();
    return kube;
  }

  afterAll(async () => {
    const created = await kube?.catch(() => undefined);
    await created?.core.deleteNamespace({ name: created.namespace });
  });

  it('lists namespaces through the API server', async () => {
    const { core, namespace } = await connect();
    const list = await core.listNamespace();
    const names = list.items.map((item) => item.metadata?.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', namespace]));
  });

  it('turns a Deployment into a ReplicaSet and a Pending Pod', async () => {
    const { core, apps, namespace } = await connect();
    const labels = { app: 'infra-smoke' };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'infra-smoke' },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
          },
        },
      },
    });

    const replicaSets = await eventually('a ReplicaSet', 30_000, async () => {
      const list = await apps.listNamespacedReplicaSet({ namespace });
      return list.items.length > 0 ? list.items : undefined;
    });
    const pod = await eventually<V1Pod>('a Pod', 30_000, async () => {
      const list = await core.listNamespacedPod({ namespace });
      return list.items[0];
    });

    expect(replicaSets[0]?.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'Deployment',
      name: 'infra-smoke',
    });
    expect(pod.metadata?.ownerReferences?.[0]?.kind).toBe('ReplicaSet');
    // No kubelet runs, so the Pod is never scheduled onto a node.
    expect(pod.status?.phase).toBe('Pending');
  });

  it.each([
    ['scaledobjects.keda.sh', 'ScaledObject, used to scale actors on queue depth'],
    ['triggerauthentications.keda.sh', 'TriggerAuthentication, the broker credentials'],
    ['clustertriggerauthentications.keda.sh', 'ClusterTriggerAuthentication, shared credentials'],
  ])('has the KEDA CRD %s established (%s)', async (name) => {
    const { config } = await connect();
    const extensions = config.makeApiClient(ApiextensionsV1Api);

    const crd = await extensions.readCustomResourceDefinition({ name });

    const established = crd.status?.conditions?.find((c) => c.type === 'Established');
    expect(established?.status).toBe('True');
  });
});
