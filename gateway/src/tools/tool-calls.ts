/**
 * Calling a tool: validate the arguments, store a pending envelope, publish it to the first
 * actor's queue, and answer with the envelope id and its links. In `wait` mode the call is
 * held until the envelope is final or its deadline passes (the deadline sweep then marks it
 * failed, so a waiting call always ends with a final status or at the deadline).
 *
 * Owns: the envelope the gateway creates. Does not own: routing after the first queue (the
 * sidecars) or the final status (happy-end / error-end / the deadline sweep).
 */
import { randomUUID } from 'node:crypto';
import { Headers, type Envelope } from '@asya/envelope';
import type { Transport } from '@asya/transport';
import type { Logger } from '@asya/telemetry';
import type { Tool } from '../config/tools.ts';
import { GatewayError } from '../errors.ts';
import type { EnvelopeStore } from '../store/envelope-store.ts';
import type { EnvelopeRecord } from '../store/records.ts';
import { isFinal } from '../store/status.ts';
import { ArgumentValidator } from './arguments.ts';

export interface ToolCallResult {
  id: string;
  status_url: string;
  /** Present when the tool reports progress. */
  stream_url?: string;
  status: EnvelopeRecord['status'];
  /** `wait` mode, when final. */
  result?: unknown;
  error?: EnvelopeRecord['error'];
}

/** A call either starts an envelope or is refused for its arguments (a tool-level error). */
export type ToolCallOutcome =
  { ok: true; value: ToolCallResult } | { ok: false; reason: 'InvalidArguments'; message: string };

export interface ToolCallsOptions {
  tools: readonly Tool[];
  store: EnvelopeStore;
  transport: Transport;
  /** Maps an actor name to its queue name. */
  queueOf: (actor: string) => string;
  /** Base URL of links handed back to callers, read at call time (known once bound). */
  baseUrl: () => string;
  pollIntervalMs: number;
  log: Logger;
}

export class ToolCalls {
  private readonly tools: Map<string, Tool>;
  private readonly validator: ArgumentValidator;
  private readonly ensured = new Set<string>();

  constructor(private readonly options: ToolCallsOptions) {
    this.tools = new Map(options.tools.map((tool) => [tool.name, tool]));
    this.validator = new ArgumentValidator(options.tools);
  }

  list(): Tool[] {
    return [...this.tools.values()];
  }

  /**
   * Starts one envelope on tool `name`. Throws GatewayError `ToolNotFound`, or
   * `PublishFailed` (the envelope is then marked failed with reason `publish_failed`).
   * `signal` only stops a `wait` call from waiting; the envelope keeps running.
   */
  async call(name: string, args: unknown, signal?: AbortSignal): Promise<ToolCallOutcome> {
    const tool = this.tools.get(name);
    if (tool === undefined) {
      throw new GatewayError('ToolNotFound', `cannot call tool "${name}": no such tool`);
    }

    const check = this.validator.check(name, args ?? {});
    if (!check.ok) return { ok: false, reason: 'InvalidArguments', message: check.message };

    const deadline = new Date(Date.now() + tool.timeoutSeconds * 1000);
    const envelope: Envelope = {
      id: randomUUID(),
      route: { actors: [...tool.actors], current: 0 },
      headers: { [Headers.deadline]: deadline.toISOString() },
      payload: args ?? {},
    };
    let record = await this.options.store.create({
      id: envelope.id,
      tool: tool.name,
      actors: envelope.route.actors,
      current: 0,
      headers: envelope.headers ?? {},
      deadline,
    });

    await this.publish(envelope, tool);
    this.options.log.debug({ envelope_id: envelope.id, name: tool.name }, 'envelope published');

    if (tool.mode === 'wait') record = await this.waitForFinal(envelope.id, deadline, signal);
    return { ok: true, value: this.describe(record, tool) };
  }

  private async publish(envelope: Envelope, tool: Tool): Promise<void> {
    const first = envelope.route.actors[0] as string;
    const queue = this.options.queueOf(first);
    try {
      if (!this.ensured.has(queue)) {
        await this.options.transport.ensureQueue(queue);
        this.ensured.add(queue);
      }
      await this.options.transport.send(queue, JSON.stringify(envelope));
    } catch (err) {
      const message = `cannot publish envelope "${envelope.id}": ${(err as Error).message}`;
      await this.options.store.finish(envelope.id, {
        status: 'failed',
        error: { reason: 'publish_failed', message, actor: first, current: 0 },
      });
      this.options.log.warn(
        { envelope_id: envelope.id, queue, name: tool.name, err },
        'publish failed',
      );
      throw new GatewayError('PublishFailed', message, { cause: err });
    }
  }

  private async waitForFinal(
    id: string,
    deadline: Date,
    signal?: AbortSignal,
  ): Promise<EnvelopeRecord> {
    // A little past the deadline, so the sweep (or a replica's sweep) has written the timeout.
    const giveUpAt = deadline.getTime() + 2 * this.options.pollIntervalMs + 1000;
    for (;;) {
      const record = await this.options.store.get(id);
      if (record === undefined)
        throw new GatewayError('EnvelopeNotFound', `cannot wait for envelope "${id}": gone`);
      if (isFinal(record.status) || Date.now() >= giveUpAt || signal?.aborted) return record;
      await this.options.store.changes.wait(id, this.options.pollIntervalMs, signal);
    }
  }

  private describe(record: EnvelopeRecord, tool: Tool): ToolCallResult {
    const base = this.options.baseUrl();
    const out: ToolCallResult = {
      id: record.id,
      status_url: `${base}/envelopes/${record.id}`,
      status: record.status,
    };
    if (tool.progress) out.stream_url = `${base}/envelopes/${record.id}/stream`;
    if (isFinal(record.status)) {
      if (record.result !== null) out.result = record.result;
      if (record.error !== null) out.error = record.error;
    }
    return out;
  }
}
