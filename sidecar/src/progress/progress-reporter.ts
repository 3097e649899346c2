/**
 * Reports progress to the gateway, per the shared callback contract:
 * `POST /envelopes/{id}/progress` (received / processing / completed, with current and total)
 * and `POST /envelopes` to register a fan-out child before it travels.
 *
 * Reporting is best effort and never slows or fails the pump: every call returns at once,
 * each request has a short timeout and a few retries with backoff, and failures end as one
 * warn log line. `close()` waits a bounded time for reports still in flight, then drops them.
 * Without a gateway URL every method is a no-op.
 */
import type { ChildRegistration, Envelope, ProgressBody, ProgressState } from '@asya/envelope';
import type { Logger } from '@asya/telemetry';

export interface ProgressReporterOptions {
  /** Gateway base URL; when undefined nothing is reported. */
  gatewayUrl?: string;
  /** Bearer token for the gateway. */
  token?: string;
  actor: string;
  logger: Logger;
  /** Timeout of one request (default 2000 ms). */
  requestTimeoutMs?: number;
  /** Tries per report, the first included (default 3). */
  tries?: number;
  /** Delay before the first retry, doubled each time (default 200 ms). */
  backoffMs?: number;
}

export class ProgressReporter {
  private readonly pending = new Set<Promise<void>>();
  private readonly closing = new AbortController();

  constructor(private readonly options: ProgressReporterOptions) {}

  /** Reports the status of `envelope` at this actor; `current` is the actor's index. */
  progress(envelope: Envelope, status: ProgressState, durationMs?: number): void {
    const body: ProgressBody = {
      actor: this.options.actor,
      status,
      current: envelope.route.current,
      total: envelope.route.actors.length,
    };
    if (durationMs !== undefined) body.duration_ms = Math.round(durationMs);
    this.post(`/envelopes/${encodeURIComponent(envelope.id)}/progress`, body, envelope.id);
  }

  /** Registers a fan-out child (an output whose id differs from the input's). */
  registerChild(child: Envelope): void {
    const route = { actors: child.route.actors, current: child.route.current };
    const body: ChildRegistration = { id: child.id, parent_id: child.parent_id ?? null, route };
    this.post('/envelopes', body, child.id);
  }

  /** Waits up to `graceMs` for reports in flight, then abandons them. Idempotent. */
  async close(graceMs = 1000): Promise<void> {
    const all = Promise.allSettled([...this.pending]);
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([all, limit]);
    clearTimeout(timer);
    this.closing.abort();
  }

  private post(path: string, body: unknown, envelopeId: string): void {
    const base = this.options.gatewayUrl;
    if (base === undefined || this.closing.signal.aborted) return;

    const task = this.send(`${base}${path}`, JSON.stringify(body)).catch((err: unknown) => {
      this.options.logger.warn(
        { envelope_id: envelopeId, reason: 'ProgressNotReported', err },
        'progress report dropped',
      );
    });
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }

  private async send(url: string, body: string): Promise<void> {
    const tries = this.options.tries ?? 3;
    let delay = this.options.backoffMs ?? 200;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;

    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.any([
        AbortSignal.timeout(this.options.requestTimeoutMs ?? 2000),
        this.closing.signal,
      ]);
      let failure: string;
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal });
        await response.body?.cancel();
        // 4xx other than 404/408/429 will not get better by trying again.
        if (response.ok) return;
        failure = `gateway answered ${response.status}`;
        if (!retryable(response.status)) attempt = tries;
      } catch (err) {
        failure = (err as Error).message;
      }
      if (attempt >= tries || this.closing.signal.aborted) {
        throw new Error(`cannot report progress to "${url}": ${failure}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

function retryable(status: number): boolean {
  return status >= 500 || status === 404 || status === 408 || status === 429;
}
