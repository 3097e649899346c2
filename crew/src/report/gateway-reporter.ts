/**
 * Sends final reports to the gateway, retrying with exponential backoff while the gateway is
 * unreachable or answers 5xx / 401 / 403 / 408 / 429. Other 4xx answers are terminal: the
 * gateway understood and refused (404: it never created this envelope; 409: a final state
 * is already set, which never changes), so retrying cannot help.
 */
import type { FinalBody } from '@asya/envelope';
import { pause } from '../timing/pause.ts';

export interface ReporterOptions {
  gatewayUrl: string;
  token?: string;
  /** Attempts before giving up on this delivery (default 5). */
  attempts?: number;
  /** Delay before the second attempt, doubled each time (default 200 ms). */
  initialDelayMs?: number;
  /** Timeout of one HTTP request (default 5000 ms). */
  requestTimeoutMs?: number;
}

export type ReportOutcome =
  | { kind: 'reported'; status: number }
  | { kind: 'refused'; status: number; body: string }
  | { kind: 'unreachable'; cause: string };

const retryableStatuses: ReadonlySet<number> = new Set([401, 403, 408, 429]);

export class GatewayReporter {
  private readonly options: Required<Omit<ReporterOptions, 'token'>> & { token?: string };

  constructor(options: ReporterOptions) {
    this.options = {
      attempts: 5,
      initialDelayMs: 200,
      requestTimeoutMs: 5000,
      ...options,
      gatewayUrl: options.gatewayUrl.replace(/\/+$/, ''),
    };
  }

  /**
   * Reports one final state. Never throws: an exhausted retry budget (or an aborted signal)
   * yields `unreachable`, a terminal refusal yields `refused`.
   */
  async report(report: FinalBody, signal?: AbortSignal): Promise<ReportOutcome> {
    const url = `${this.options.gatewayUrl}/envelopes/${encodeURIComponent(report.id)}/final`;
    let cause = 'no attempt made';

    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      if (signal?.aborted) break;
      if (attempt > 1) await pause(this.options.initialDelayMs * 2 ** (attempt - 2), signal);

      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: this.headers(),
          body: JSON.stringify(report),
          signal: this.requestSignal(signal),
        });
        const body = await response.text();
        if (response.ok) return { kind: 'reported', status: response.status };
        if (response.status < 500 && !retryableStatuses.has(response.status)) {
          return { kind: 'refused', status: response.status, body: body.slice(0, 500) };
        }
        cause = `gateway answered ${response.status}`;
      } catch (err) {
        cause = (err as Error).message;
      }
    }
    return { kind: 'unreachable', cause };
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    return headers;
  }

  private requestSignal(signal?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.options.requestTimeoutMs);
    return signal ? AbortSignal.any([signal, timeout]) : timeout;
  }
}
