/**
 * Reading requests and writing responses on node:http: a JSON body with a size limit, JSON
 * replies, and the one error body shape of the REST surface:
 * `{ "error": { "reason": "<CamelCase>", "message": "<one line>" } }`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors.ts';

/**
 * Reads and parses a JSON body. Throws GatewayError `BodyTooLarge` past `limit` bytes
 * (declared or streamed) and `MalformedJson` when the body is not JSON.
 */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw tooLarge(req, limit);

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(req, limit);
    chunks.push(chunk);
  }

  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError('MalformedJson', 'cannot parse request body: not valid JSON');
  }
}

// The rest of the body is discarded (not buffered) so the client can read the 413 answer.
function tooLarge(req: IncomingMessage, limit: number): GatewayError {
  req.resume();
  return new GatewayError('BodyTooLarge', `cannot read request body: larger than ${limit} bytes`);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Answers with the error body; anything that is not a GatewayError is a 500 `Internal`. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof GatewayError) {
    if (err.reason === 'Unauthorized') res.setHeader('www-authenticate', 'Bearer');
    sendJson(res, err.status, { error: { reason: err.reason, message: err.message } });
    return;
  }
  sendJson(res, 500, { error: { reason: 'Internal', message: 'internal error' } });
}
