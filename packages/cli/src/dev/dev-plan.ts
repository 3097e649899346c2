/**
 * What `asya dev` will run, computed from the resources of a folder without any I/O: one
 * runtime + sidecar per AsyncActor used, the gateway with one tool per Pipeline, the crew,
 * all on the single embedded Transport. This is the local counterpart of the composition
 * functions: the same resources, rendered into processes instead of Deployments.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import type { LocatedResource, ResourceGroups } from '@asya/resources';
import { DEFAULT_QUEUE_PREFIX, queueName } from '@asya/transport';
import { CliError } from '../cli-error.ts';

export interface DevActor {
  name: string;
  handler: string;
  mode: 'payload' | 'envelope';
  timeoutSeconds: number;
  /** Folder of the resource file: where the handler module is looked up. */
  handlerPath: string;
  queue: string;
}

export interface DevTool {
  name: string;
  actors: string[];
  inputSchema: Record<string, unknown>;
}

export type DevPersistence = { type: 'none' } | { type: 'file'; path: string };

export interface DevPlan {
  actors: DevActor[];
  tools: DevTool[];
  /** The Pipeline resources, handed to the gateway as they are. */
  pipelines: unknown[];
  transport: { kind: 'embedded'; path: string };
  queuePrefix: string;
  visibilityTimeoutMs?: number;
  /** Every queue to create before anything starts: actors, then happy-end and error-end. */
  queues: string[];
  happyEnd: DevPersistence;
  errorEnd: DevPersistence;
}

/**
 * Checks that the resources form one runnable system and plans it. Relative paths in the
 * Transport (`spec.embedded.path`) and the Crew persistence are resolved against `stateDir`.
 *
 * @throws CliError `InvalidResources` naming the resource (`file:line`) and the problem.
 */
export function planDev(groups: ResourceGroups, stateDir: string): DevPlan {
  const transport = onlyTransport(groups);
  const spec = transport.resource.spec;
  const embedded = record(spec.embedded);
  if (!embedded) fail(transport, 'the Transport must use spec.embedded for asya dev');
  const queues = record(spec.queues) ?? {};
  const queuePrefix =
    typeof queues.namePrefix === 'string' ? queues.namePrefix : DEFAULT_QUEUE_PREFIX;
  const path = typeof embedded.path === 'string' ? embedded.path : 'queues.sqlite';

  if (groups.pipelines.size === 0) fail(undefined, 'no Pipeline resource found');
  const crew = onlyCrew(groups);

  const used = new Set<string>();
  const tools = [...groups.pipelines.values()].map((p) => toolOf(p, groups, used));
  const actors = [...used].map((name) => actorOf(groups.actors.get(name)!, queuePrefix));

  const plan: DevPlan = {
    actors,
    tools,
    pipelines: [...groups.pipelines.values()].map((p) => p.resource),
    transport: { kind: 'embedded', path: within(stateDir, path) },
    queuePrefix,
    queues: [
      ...actors.map((a) => a.queue),
      ...['happy-end', 'error-end'].map((n) => queueName(n, queuePrefix)),
    ],
    happyEnd: persistenceOf(crew, 'happyEnd', stateDir),
    errorEnd: persistenceOf(crew, 'errorEnd', stateDir),
  };
  if (typeof queues.visibilityTimeoutSeconds === 'number') {
    plan.visibilityTimeoutMs = queues.visibilityTimeoutSeconds * 1000;
  }
  return plan;
}

function onlyTransport(groups: ResourceGroups): LocatedResource {
  const all = [...groups.transports.values()];
  if (all.length !== 1) {
    fail(all[1], `asya dev needs exactly one Transport, found ${all.length}`);
  }
  return all[0]!;
}

function onlyCrew(groups: ResourceGroups): LocatedResource {
  const all = [...groups.crews.values()];
  if (all.length !== 1) fail(all[1], `asya dev needs exactly one Crew, found ${all.length}`);
  return all[0]!;
}

function toolOf(pipeline: LocatedResource, groups: ResourceGroups, used: Set<string>): DevTool {
  const { metadata, spec } = pipeline.resource;
  const actors = spec.actors;
  if (!Array.isArray(actors) || actors.length === 0) {
    fail(pipeline, `Pipeline "${metadata.name}" needs a non-empty spec.actors list`);
  }
  for (const actor of actors) {
    if (typeof actor !== 'string' || !groups.actors.has(actor)) {
      fail(
        pipeline,
        `Pipeline "${metadata.name}" uses actor "${String(actor)}" with no AsyncActor`,
      );
    }
    used.add(actor);
  }
  const tool = record(spec.tool) ?? {};
  return {
    name: typeof tool.name === 'string' ? tool.name : metadata.name,
    actors: actors as string[],
    inputSchema: record(tool.inputSchema) ?? { type: 'object' },
  };
}

function actorOf(located: LocatedResource, prefix: string): DevActor {
  const { metadata, spec } = located.resource;
  if (typeof spec.handler !== 'string' || !/^[\w.]+\.\w+$/.test(spec.handler)) {
    fail(located, `AsyncActor "${metadata.name}" needs spec.handler as "module.function"`);
  }
  const mode = spec.mode ?? 'payload';
  if (mode !== 'payload' && mode !== 'envelope') {
    fail(located, `AsyncActor "${metadata.name}": spec.mode must be "payload" or "envelope"`);
  }
  const timeout = spec.timeoutSeconds ?? 300;
  if (typeof timeout !== 'number' || timeout <= 0) {
    fail(located, `AsyncActor "${metadata.name}": spec.timeoutSeconds must be positive`);
  }
  let queue: string;
  try {
    queue = queueName(metadata.name, prefix);
  } catch (err) {
    fail(located, (err as Error).message);
  }
  return {
    name: metadata.name,
    handler: spec.handler,
    mode,
    timeoutSeconds: timeout,
    handlerPath: resolve(dirname(located.file)),
    queue,
  };
}

function persistenceOf(crew: LocatedResource, key: string, stateDir: string): DevPersistence {
  const section = record(crew.resource.spec[key]);
  const persistence = record(section?.persistence);
  const type = persistence?.type ?? 'none';
  if (type === 'none') return { type: 'none' };
  if (type === 'file') {
    const path = typeof persistence?.path === 'string' ? persistence.path : key;
    return { type: 'file', path: within(stateDir, path) };
  }
  return fail(
    crew,
    `Crew spec.${key}.persistence.type ${JSON.stringify(type)} is not supported by asya dev`,
  );
}

function within(stateDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(stateDir, path);
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function fail(at: LocatedResource | undefined, cause: string): never {
  const where = at ? `${at.file}:${at.line}: ` : '';
  throw new CliError('InvalidResources', `${where}cannot plan asya dev: ${cause}`);
}
