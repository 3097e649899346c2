/**
 * Frames of the sidecar <-> runtime protocol: a 4-byte big-endian unsigned length, then that
 * many bytes of UTF-8 JSON. `encodeFrame` builds one frame; `FrameReader` collects socket
 * chunks until one whole frame has arrived. Both enforce the maximum frame size before any
 * allocation of the announced size, so a corrupt or hostile length cannot exhaust memory.
 */

/** Bytes of the length prefix. */
export const HEADER_BYTES = 4;

export class FrameTooLargeError extends Error {
  readonly reason = 'FrameTooLarge';

  constructor(size: number, max: number) {
    super(`cannot accept frame of ${size} bytes: limit is ${max} bytes`);
    this.name = 'FrameTooLargeError';
  }
}

/** Builds one frame around a UTF-8 body; throws `FrameTooLargeError` past `maxBytes`. */
export function encodeFrame(body: string | Uint8Array, maxBytes: number): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  if (bytes.length > maxBytes) throw new FrameTooLargeError(bytes.length, maxBytes);

  const frame = Buffer.allocUnsafe(HEADER_BYTES + bytes.length);
  frame.writeUInt32BE(bytes.length, 0);
  bytes.copy(frame, HEADER_BYTES);
  return frame;
}

/**
 * Accumulates chunks of one connection until one frame is complete. `push` returns the body
 * once it is whole and undefined before; it throws `FrameTooLargeError` as soon as the
 * announced length is over the limit. Bytes after the first frame are ignored: the protocol
 * allows exactly one response frame per connection.
 */
export class FrameReader {
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private expected: number | undefined;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): Buffer | undefined {
    this.chunks.push(chunk);
    this.received += chunk.length;

    if (this.expected === undefined) {
      if (this.received < HEADER_BYTES) return undefined;
      const head = Buffer.concat(this.chunks);
      this.chunks.length = 0;
      this.chunks.push(head);
      const announced = head.readUInt32BE(0);
      if (announced > this.maxBytes) throw new FrameTooLargeError(announced, this.maxBytes);
      this.expected = announced;
    }

    if (this.received < HEADER_BYTES + this.expected) return undefined;
    const all = Buffer.concat(this.chunks);
    return all.subarray(HEADER_BYTES, HEADER_BYTES + this.expected);
  }

  /** Bytes received so far, the header included. */
  get receivedBytes(): number {
    return this.received;
  }
}
