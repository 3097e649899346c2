/**
 * A small client of the gateway's REST surface: call a tool, read an envelope, wait for its
 * final status by polling `GET /envelopes/{id}`. Polling (rather than the SSE stream) keeps
 * the client simple and survives gateway restarts during `asya dev`.
 */
import type { EnvelopeStatus, FinalError } from '@asya/gateway';
import { CliError } from '../cli-error.ts';

export interface EnvelopeStatusRecord {
  id: string;
  status: EnvelopeStatus;
  progress: number;
  message: string | null;
  route: { actors: string[]; current: number };
  result?: unknown;
  error?: FinalError | null;
  [key: string]: unknown;
}

export interface ToolCallStarted {
  id: string;
  status_url?: string;
  stream_url?: string;
  status: string;
}

export class GatewayClient {
  constructor(
    readonly url: string,
    private readonly token?: string,
  ) {}

  /**
   * Starts one envelope on tool `name`.
   *
   * @throws CliError `InvalidArguments` when the gateway refuses the arguments,
   *   `UnknownTool` when it has no such tool, `GatewayRefused` on another HTTP error,
   *   `GatewayUnreachable` when it cannot connect.
   */
  async callTool(name: string, args: unknown): Promise<ToolCallStarted> {
    const body = await this.request('POST', '/tools/call', { name, arguments: args });
    const answer = body as { isError?: boolean; reason?: string; content?: { text?: string }[] };
    if (answer.isError) {
      const text = answer.content?.[0]?.text ?? 'arguments refused';
      const reason = answer.reason === 'InvalidArguments' ? 'InvalidArguments' : 'GatewayRefused';
      throw new CliError(reason, `cannot call tool "${name}": ${text}`);
    }
    return body as ToolCallStarted;
  }

  /** Reads the status of envelope `id`. Throws like `callTool`. */
  async envelope(id: string): Promise<EnvelopeStatusRecord> {
    return (await this.request(
      'GET',
      `/envelopes/${encodeURIComponent(id)}`,
    )) as EnvelopeStatusRecord;
  }

  /** True when `GET /health` answers 200. Never throws. */
  async healthy(): Promise<boolean> {
    try {
      const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  /**
   * Polls envelope `id` until it is `succeeded` or `failed`, calling `onUpdate` on every
   * change. A gateway that is briefly unreachable (restarting) is retried; `signal` stops the
   * wait with the last record seen.
   */
  async waitForFinal(
    id: string,
    options: {
      onUpdate?: (r: EnvelopeStatusRecord) => void;
      signal?: AbortSignal;
      pollMs?: number;
    } = {},
  ): Promise<EnvelopeStatusRecord> {
    let last = '';
    let unreachableSince: number | undefined;
    for (;;) {
      if (options.signal?.aborted)
        throw new CliError('StartFailed', 'cannot wait for envelope: stopped');
      try {
        const record = await this.envelope(id);
        unreachableSince = undefined;
        const key = `${record.status}:${record.progress}:${record.message ?? ''}`;
        if (key !== last) options.onUpdate?.(record);
        last = key;
        if (record.status === 'succeeded' || record.status === 'failed') return record;
      } catch (err) {
        if (!(err instanceof CliError) || err.reason !== 'GatewayUnreachable') throw err;
        unreachableSince ??= Date.now();
        if (Date.now() - unreachableSince > 30_000) throw err;
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    }
  }

  private async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';

    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (err) {
      throw new CliError(
        'GatewayUnreachable',
        `cannot reach gateway "${this.url}": ${causeOf(err)}`,
        {
          cause: err,
        },
      );
    }

    const text = await response.text();
    if (!response.ok) {
      const refusal = refusalOf(text);
      throw new CliError(
        refusal?.reason === 'ToolNotFound' ? 'UnknownTool' : 'GatewayRefused',
        refusal
          ? `${refusal.message} (${refusal.reason}, HTTP ${response.status})`
          : `cannot ${method} ${path} on gateway: HTTP ${response.status} ${text.slice(0, 300)}`,
      );
    }
    if (text === '') return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Typically --url names some other web server, not an Asya gateway.
      throw new CliError(
        'GatewayRefused',
        `cannot ${method} ${path} on gateway "${this.url}": ` +
          `answer is not JSON: ${text.slice(0, 80)}`,
      );
    }
  }
}

/** The gateway's `{"error": {"reason", "message"}}` body, when that is what came back. */
function refusalOf(text: string): { reason: string; message: string } | undefined {
  try {
    const error = (JSON.parse(text) as { error?: { reason?: unknown; message?: unknown } }).error;
    if (typeof error?.reason === 'string' && typeof error.message === 'string') {
      return { reason: error.reason, message: error.message };
    }
  } catch {
    // Not the gateway's error shape: the raw text is shown instead.
  }
  return undefined;
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}
