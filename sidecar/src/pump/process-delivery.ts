/**
 * What happens to one delivery, from raw bytes to ack or release. Each paragraph below is one
 * step; every path ends in `publishAndAck` or `release`, so no message is ever dropped.
 */
import {
  ERROR_END,
  parseEnvelope,
  Reasons,
  unparsableErrorEnvelope,
  type Envelope,
} from '@asya/envelope';
import type { Delivery } from '@asya/transport';
import type { ProgressReporter } from '../progress/index.ts';
import { admit, routeResponse, toErrorEnd, type Outgoing } from '../route/index.ts';
import {
  RuntimeCallError,
  runtimeGone,
  type FileIdentity,
  type RuntimeClient,
  type RuntimeReadiness,
} from '../runtime-client/index.ts';
import { publishAndAck, release, type SettleDeps } from './settle.ts';

export interface ProcessDeps extends SettleDeps {
  client: RuntimeClient;
  readiness: RuntimeReadiness;
  reporter: ProgressReporter;
  /** Processing timeout of one runtime call. */
  timeoutMs: number;
  /** Deliveries after which a runtime that keeps dying on this message ends it at error-end. */
  maxAttempts: number;
  now: () => number;
}

/**
 * Processes one delivery. `signal` aborts the runtime call (shutdown); the delivery is then
 * released. Never throws.
 */
export async function processDelivery(
  deps: ProcessDeps,
  delivery: Delivery,
  signal: AbortSignal,
): Promise<void> {
  const { ctx, logger } = deps;

  // Parse. A body that is not an envelope still reaches error-end, raw content preserved.
  const parsed = parseEnvelope(delivery.body);
  if (!parsed.ok) {
    const fallbackId = `unparsable-${delivery.messageId}`;
    const envelope = unparsableErrorEnvelope(parsed.raw, parsed.message, fallbackId, ctx.actor);
    logger.warn({ envelope_id: envelope.id, reason: parsed.reason }, 'message not parsable');
    await publishAndAck(deps, delivery, [{ destination: ERROR_END, envelope }]);
    return;
  }

  // Admit: route, deadline and hop checks, before the runtime is bothered at all.
  const admission = admit(
    { envelope: parsed.envelope, attempt: delivery.deliveryCount, now: deps.now() },
    ctx,
  );
  const log = logger.child({
    envelope_id: parsed.envelope.id,
    route_step: parsed.envelope.route.current,
  });
  if (admission.kind === 'reject') {
    // No progress report: the envelope is not this actor's to process; error-end reports it.
    log.debug({ reason: errorCode(admission.outgoing) }, 'envelope rejected');
    await publishAndAck(deps, delivery, [admission.outgoing], parsed.envelope);
    return;
  }
  const input = admission.envelope;
  deps.reporter.progress(input, 'received');

  // Call the runtime, bounded by the processing timeout and by the envelope's deadline.
  const started = deps.now();
  const untilDeadline = admission.deadline === undefined ? Infinity : admission.deadline - started;
  const timeoutMs = Math.max(1, Math.min(deps.timeoutMs, untilDeadline));
  deps.reporter.progress(input, 'processing');
  const generation = await deps.readiness.snapshot();
  let response: unknown[];
  try {
    response = await deps.client.call(JSON.stringify(input), { timeoutMs, signal });
  } catch (err) {
    const failure = await onCallFailure(deps, { delivery, input, err, generation }, timeoutMs);
    if (failure) await publishAndAck(deps, delivery, [failure], input);
    return;
  }

  // Route the response, register fan-out children, publish, ack.
  const routed = routeResponse(input, admission.hops, response, ctx);
  if (routed.outcome === 'failed' && errorCode(routed.outgoing[0]) === Reasons.Timeout) {
    // The runtime reported its own handler timeout and is restarting.
    await deps.readiness.expectRestart(generation);
  }
  for (const message of routed.outgoing) {
    if (message.envelope.id !== input.id && routed.outcome === 'routed') {
      deps.reporter.registerChild(message.envelope);
    }
  }
  const acked = await publishAndAck(deps, delivery, routed.outgoing, input);
  if (acked && routed.outcome !== 'failed') {
    deps.reporter.progress(input, 'completed', deps.now() - started);
  }
  log.debug({ reason: routed.outcome }, 'envelope processed');
}

interface FailedCall {
  delivery: Delivery;
  input: Envelope;
  err: unknown;
  /** Identity of the ready file when the call started. */
  generation: FileIdentity | undefined;
}

/**
 * Decides what a failed runtime call means. Returns the error-end message when the failure
 * is terminal for this message, or undefined after releasing the delivery when it is the
 * sidecar's side (runtime unavailable, restarting, or shutdown).
 */
async function onCallFailure(
  deps: ProcessDeps,
  call: FailedCall,
  timeoutMs: number,
): Promise<Outgoing | undefined> {
  const { delivery, input, err, generation } = call;
  const reason = err instanceof RuntimeCallError ? err.reason : 'ConnectionLost';
  const fail = (code: string, message: string): Outgoing =>
    toErrorEnd(input, code, message, deps.ctx);

  switch (reason) {
    case 'Timeout':
      // The runtime saw the hang-up and restarts; the next call waits for a fresh one.
      await deps.readiness.expectRestart(generation);
      return timeoutMs < deps.timeoutMs
        ? fail(Reasons.DeadlineExceeded, 'deadline passed during processing')
        : fail(Reasons.Timeout, `handler did not answer within ${deps.timeoutMs} ms`);
    case 'FrameTooLarge':
      return fail(Reasons.MessageTooLarge, (err as Error).message);
    case 'InvalidResponse':
      return fail(Reasons.InvalidRuntimeResponse, (err as Error).message);
    case 'ConnectionLost':
      // The runtime died mid-request. Usually a restart: redeliver. A message that kills it
      // every time must not loop forever, so after maxAttempts it ends at error-end.
      await deps.readiness.expectRestart(generation);
      if (delivery.deliveryCount >= deps.maxAttempts) {
        return fail(
          Reasons.ConnectionError,
          `runtime connection lost on ${delivery.deliveryCount} deliveries`,
        );
      }
      await release(deps, delivery, err);
      return undefined;
    case 'RuntimeUnavailable':
      // A ready file left by a runtime that died must not let the next message in too.
      if (runtimeGone(err)) await deps.readiness.expectRestart(generation);
      await release(deps, delivery, err);
      return undefined;
    case 'Aborted':
      await release(deps, delivery, err);
      return undefined;
  }
}

function errorCode(outgoing: Outgoing | undefined): string {
  const payload = outgoing?.envelope.payload as { error?: unknown } | undefined;
  return typeof payload?.error === 'string' ? payload.error : 'unknown';
}
