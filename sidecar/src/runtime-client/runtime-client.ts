/**
 * Client of the runtime's Unix socket: one request per connection, one response frame back.
 * It owns framing, the processing timeout and the mapping of socket failures to reasons
 * (see `errors.ts`). It does not decide what a failure means for the message: the pump does.
 * It never half-closes the connection while waiting, because the runtime treats a hang-up
 * mid-request as a signal to stop the handler and restart.
 */
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { RUNTIME_READY_FILE_NAME, RUNTIME_SOCKET_NAME } from '@asya/runtime';
import { encodeFrame, FrameReader, FrameTooLargeError } from './framing.ts';
import { RuntimeCallError, socketErrorReason } from './errors.ts';

export interface RuntimeClientOptions {
  socketDir: string;
  maxFrameBytes: number;
}

export interface CallOptions {
  /** Processing timeout; the call fails with reason `Timeout` after it. */
  timeoutMs: number;
  /** Ends the call early with reason `Aborted`. */
  signal?: AbortSignal;
}

export class RuntimeClient {
  readonly socketPath: string;
  readonly readyPath: string;
  private readonly maxFrameBytes: number;

  constructor(options: RuntimeClientOptions) {
    this.socketPath = join(options.socketDir, RUNTIME_SOCKET_NAME);
    this.readyPath = join(options.socketDir, RUNTIME_READY_FILE_NAME);
    this.maxFrameBytes = options.maxFrameBytes;
  }

  /**
   * Sends one request (the envelope as JSON text) and resolves with the runtime's response
   * array. Rejects with `RuntimeCallError`, whose reason is one of `RuntimeUnavailable`,
   * `ConnectionLost`, `Timeout`, `Aborted`, `FrameTooLarge`, `InvalidResponse`.
   */
  call(request: string, options: CallOptions): Promise<unknown[]> {
    let frame: Buffer;
    try {
      frame = encodeFrame(request, this.maxFrameBytes);
    } catch (err) {
      return Promise.reject(new RuntimeCallError('FrameTooLarge', (err as Error).message));
    }
    if (options.signal?.aborted) {
      return Promise.reject(new RuntimeCallError('Aborted', 'cannot call runtime: aborted'));
    }

    return new Promise((resolve, reject) => {
      const socket = createConnection(this.socketPath);
      const reader = new FrameReader(this.maxFrameBytes);
      let connected = false;
      let settled = false;

      // Every exit path goes through here exactly once: timer cleared, listener removed,
      // socket destroyed (which the runtime sees as a hang-up when no response was read).
      const finish = (err: RuntimeCallError | undefined, value?: unknown[]): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        if (err) reject(err);
        else resolve(value ?? []);
      };

      const onAbort = (): void =>
        finish(new RuntimeCallError('Aborted', 'cannot call runtime: aborted'));
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const timer = setTimeout(() => {
        const cause = `no response in ${options.timeoutMs} ms`;
        finish(
          new RuntimeCallError('Timeout', `cannot call runtime "${this.socketPath}": ${cause}`),
        );
      }, options.timeoutMs);

      socket.on('connect', () => {
        connected = true;
        socket.write(frame);
      });

      socket.on('data', (chunk: Buffer) => {
        let body: Buffer | undefined;
        try {
          body = reader.push(chunk);
        } catch (err) {
          const reason = err instanceof FrameTooLargeError ? 'FrameTooLarge' : 'InvalidResponse';
          finish(new RuntimeCallError(reason, (err as Error).message));
          return;
        }
        if (body !== undefined) finish(...decodeResponse(body));
      });

      socket.on('error', (err) => {
        const reason = socketErrorReason(err, connected);
        const message = `cannot call runtime "${this.socketPath}": ${err.message}`;
        finish(new RuntimeCallError(reason, message, { cause: err }));
      });

      socket.on('close', () => {
        const state = connected ? 'connection closed before a response' : 'not connected';
        const reason = connected ? 'ConnectionLost' : 'RuntimeUnavailable';
        finish(new RuntimeCallError(reason, `cannot call runtime "${this.socketPath}": ${state}`));
      });
    });
  }
}

function decodeResponse(body: Buffer): [RuntimeCallError | undefined, unknown[]?] {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return [new RuntimeCallError('InvalidResponse', 'cannot decode runtime response: not JSON')];
  }
  if (!Array.isArray(value)) {
    return [
      new RuntimeCallError('InvalidResponse', 'cannot decode runtime response: not an array'),
    ];
  }
  return [undefined, value];
}
