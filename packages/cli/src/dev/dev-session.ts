/**
 * One running `asya dev` system: the queues, the gateway, a runtime and a sidecar per actor,
 * and the two crew actors, all as supervised local processes sharing one embedded transport.
 *
 * Start order matters: queues first (every sender finds its destination), then the gateway
 * (sidecars and crew report to it), then the actors and the crew. Stopping is the reverse of
 * nothing in particular: every child gets SIGTERM at once, each finishes its message in hand.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  formatProblem,
  groupResources,
  loadResources,
  ResourceError,
  validateDocuments,
} from '@asya/resources';
import { RUNTIME_READY_FILE_NAME, runtimeScriptPath } from '@asya/runtime';
import { CliError } from '../cli-error.ts';
import { GatewayClient } from '../gateway-client/gateway-client.ts';
import { planDev, type DevActor, type DevPlan, type DevPersistence } from './dev-plan.ts';
import {
  binOf,
  checkPortFree,
  createQueues,
  freePort,
  releaseStateDir,
  nodeChild,
  prepareStateDir,
  type StateDirs,
} from './local-setup.ts';
import { clearLeftovers, STATE_DIR_ENV, writeProcessRecord } from './process-record.ts';
import { Supervisor, type ChildSpec } from './supervisor.ts';

export interface DevSessionOptions {
  folder: string;
  /** Default `<folder>/.asya`. */
  stateDir?: string;
  /** Python interpreter of the runtimes (default `python3`). */
  python?: string;
  /** Gateway port (default: a free one). */
  port?: number;
  /** Human progress lines (stderr). */
  report: (line: string) => void;
}

// Generous: on a loaded two-core machine the embedded database alone can take a minute.
const STARTUP_TIMEOUT_MS = 120_000;
// On Ctrl-C a sidecar gets this long to finish the message in hand before it releases it for
// redelivery; the supervisor waits a little longer before it kills, so the release happens.
const SIDECAR_SHUTDOWN_GRACE_SECONDS = 8;
const STOP_GRACE_MS = (SIDECAR_SHUTDOWN_GRACE_SECONDS + 2) * 1000;

export class DevSession {
  /** Resolves with the error when a child crashed too often and was given up on. */
  readonly failure: Promise<CliError>;

  private constructor(
    readonly plan: DevPlan,
    readonly stateDir: string,
    readonly client: GatewayClient,
    readonly token: string,
    private readonly supervisor: Supervisor,
    failure: Promise<CliError>,
    private readonly dirs?: StateDirs,
  ) {
    this.failure = failure;
  }

  get url(): string {
    return this.client.url;
  }

  /**
   * Loads, checks and starts everything; resolves once the gateway is healthy and every
   * actor process is spawned.
   *
   * @throws CliError `InvalidResources` for bad resource files, `StartFailed` when the
   *   gateway does not become healthy, `ChildGaveUp` when a child keeps crashing at start.
   */
  static async start(options: DevSessionOptions): Promise<DevSession> {
    const folder = resolve(options.folder);
    const stateDir = resolve(options.stateDir ?? join(folder, '.asya'));
    const plan = planDev(await loadGroups(folder), stateDir);
    const leftovers = await clearLeftovers(stateDir);
    if (leftovers.length > 0) {
      options.report(`stopped processes left by an earlier asya dev: ${leftovers.join(', ')}`);
    }
    const dirs = await prepareStateDir(stateDir, plan);
    await createQueues(plan);

    const token = randomBytes(24).toString('base64url');
    if (options.port !== undefined) await checkPortFree(options.port);
    const port = options.port ?? (await freePort());
    const client = new GatewayClient(`http://127.0.0.1:${port}`, token);

    let resolveFailure: (err: CliError) => void = () => {};
    const failure = new Promise<CliError>((r) => (resolveFailure = r));
    const supervisor = new Supervisor({
      graceMs: STOP_GRACE_MS,
      report: (line) => options.report(line),
      onGiveUp: (name, detail) =>
        resolveFailure(new CliError('ChildGaveUp', `cannot keep "${name}" running: ${detail}`)),
      onSpawn: (pids) => {
        try {
          writeProcessRecord(stateDir, pids);
        } catch (err) {
          options.report(`cannot write processes.json: ${(err as Error).message}`);
        }
      },
    });
    const session = new DevSession(plan, stateDir, client, token, supervisor, failure, dirs);

    // Everything starts at once: the gateway's port is chosen up front, and sidecars and
    // crew retry their reports, so nobody needs the gateway to be up before them.
    try {
      await session.startGateway(port, dirs.logs);
      for (const actor of plan.actors) session.startActor(actor, dirs, options.python ?? 'python3');
      session.startCrew('happy-end', plan.happyEnd, dirs.logs);
      session.startCrew('error-end', plan.errorEnd, dirs.logs);
      await session.waitForGateway(join(dirs.logs, 'gateway.log'));
    } catch (err) {
      await session.stop();
      throw err;
    }
    return session;
  }

  /** Stops every child process (SIGTERM, then SIGKILL after the grace period). */
  async stop(): Promise<void> {
    await this.supervisor.stop();
    if (this.dirs) await releaseStateDir(this.dirs);
  }

  pids(): Record<string, number> {
    return this.supervisor.pids();
  }

  /** Starts a child tagged with the state directory, so a later run can find it. */
  private add(spec: ChildSpec): void {
    this.supervisor.add({ ...spec, env: { ...spec.env, [STATE_DIR_ENV]: this.stateDir } });
  }

  private async startGateway(port: number, logs: string): Promise<void> {
    const config = {
      host: '127.0.0.1',
      port,
      token: this.token,
      dataDir: join(this.stateDir, 'pglite'),
      transport: this.plan.transport,
      queuePrefix: this.plan.queuePrefix,
      pipelines: this.plan.pipelines,
    };
    const configFile = join(this.stateDir, 'gateway.json');
    await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    this.add({
      ...nodeChild('gateway', binOf('@asya/gateway', 'asya-gateway.js'), logs, {
        ASYA_GATEWAY_CONFIG: configFile,
      }),
      stopRound: 1,
    });
  }

  private async waitForGateway(logFile: string): Promise<void> {
    const until = Date.now() + STARTUP_TIMEOUT_MS;
    let gaveUp: CliError | undefined;
    void this.failure.then((err) => (gaveUp = err));
    while (!(await this.client.healthy())) {
      if (gaveUp) throw gaveUp;
      if (Date.now() > until) {
        throw new CliError(
          'StartFailed',
          `cannot start gateway: not healthy after ${STARTUP_TIMEOUT_MS / 1000}s; see ${logFile}`,
        );
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  private startActor(actor: DevActor, dirs: StateDirs, python: string): void {
    const socketDir = join(dirs.sockets, actor.name);
    this.add({
      name: `${actor.name}-runtime`,
      command: python,
      args: [runtimeScriptPath],
      env: {
        ...process.env,
        PYTHONUNBUFFERED: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        ASYA_HANDLER: actor.handler,
        ASYA_HANDLER_MODE: actor.mode,
        ASYA_HANDLER_PATH: actor.handlerPath,
        ASYA_SOCKET_DIR: socketDir,
        ASYA_HANDLER_TIMEOUT_SECONDS: String(actor.timeoutSeconds),
      },
      logFile: join(dirs.logs, `${actor.name}-runtime.log`),
      readyFile: join(socketDir, RUNTIME_READY_FILE_NAME),
      stopRound: 1,
    });
    this.add(
      nodeChild(`${actor.name}-sidecar`, binOf('@asya/sidecar', 'asya-sidecar.js'), dirs.logs, {
        ASYA_ACTOR_NAME: actor.name,
        ASYA_SOCKET_DIR: socketDir,
        ASYA_TRANSPORT: JSON.stringify(this.plan.transport),
        ASYA_QUEUE_PREFIX: this.plan.queuePrefix,
        ASYA_GATEWAY_URL: this.url,
        ASYA_GATEWAY_TOKEN: this.token,
        ASYA_TIMEOUT_SECONDS: String(actor.timeoutSeconds),
        ASYA_SHUTDOWN_GRACE_SECONDS: String(SIDECAR_SHUTDOWN_GRACE_SECONDS),
      }),
    );
  }

  private startCrew(
    role: 'happy-end' | 'error-end',
    persistence: DevPersistence,
    logs: string,
  ): void {
    this.add(
      nodeChild(role, binOf('@asya/crew', 'asya-crew.js'), logs, {
        ASYA_CREW_ROLE: role,
        ASYA_TRANSPORT: JSON.stringify(this.plan.transport),
        ASYA_QUEUE_PREFIX: this.plan.queuePrefix,
        ASYA_GATEWAY_URL: this.url,
        ASYA_GATEWAY_TOKEN: this.token,
        ASYA_PERSISTENCE: JSON.stringify(persistence),
      }),
    );
  }
}

/** Loads the folder and checks it against the schemas, as `asya validate` does. */
async function loadGroups(folder: string) {
  try {
    const documents = await loadResources(folder);
    const { problems } = validateDocuments(documents);
    if (problems.length > 0) {
      const lines = problems.map((p) => `  ${formatProblem(p)}`).join('\n');
      throw new CliError('InvalidResources', `cannot run "${folder}": invalid resources\n${lines}`);
    }
    return groupResources(documents);
  } catch (err) {
    if (err instanceof ResourceError) {
      throw new CliError('InvalidResources', err.message, { cause: err });
    }
    throw err;
  }
}
