/**
 * The HTTP surface: one node:http request listener dispatching by method and path.
 *
 *   GET  /health                     no authentication
 *   GET  /tools                      tool list (REST)
 *   POST /tools/call                 {name, arguments} -> envelope id and links
 *   GET  /envelopes/{id}             status
 *   GET  /envelopes/{id}/stream      SSE progress
 *   POST /envelopes/{id}/progress    sidecar callback
 *   POST /envelopes                  fan-out child callback
 *   POST /envelopes/{id}/final       crew callback
 *   POST /mcp                        MCP Streamable HTTP (GET and DELETE: 405, stateless)
 *
 * Every path except `/health` passes the Origin/Host guard and the bearer token first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@asya/telemetry';
import { GatewayError } from '../errors.ts';
import type { McpEndpoint } from '../mcp/mcp-endpoint.ts';
import type { EnvelopeStore } from '../store/envelope-store.ts';
import type { ToolCalls } from '../tools/tool-calls.ts';
import type { EnvelopeRoutes } from './envelope-routes.ts';
import { readJson, sendError, sendJson } from './exchange.ts';
import { checkOrigin, checkToken, type GuardOptions } from './guards.ts';
import { streamEnvelope } from './sse.ts';

export interface RouterOptions {
  guard: GuardOptions;
  toolCalls: ToolCalls;
  envelopes: EnvelopeRoutes;
  mcp: McpEndpoint;
  store: EnvelopeStore;
  health: () => Promise<boolean>;
  maxBodyBytes: number;
  pollIntervalMs: number;
  /** Aborted when the gateway closes; ends open streams. */
  signal: AbortSignal;
  log: Logger;
}

const ENVELOPE_PATH = /^\/envelopes\/([^/]+)(\/stream|\/progress|\/final)?$/;

export function createRouter(options: RouterOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res, options).catch((err: unknown) => {
      if (!(err instanceof GatewayError)) options.log.error({ err }, 'request failed');
      sendError(res, err);
    });
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  options: RouterOptions,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://gateway').pathname;
  const method = req.method ?? 'GET';

  if (path === '/health') {
    const healthy = await options.health();
    return sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable' });
  }

  checkOrigin(req, options.guard);
  checkToken(req, options.guard.token);

  if (path === '/mcp') {
    // Stateless MCP: no session to stream server-initiated messages on or to delete.
    if (method !== 'POST') return methodNotAllowed(res);
    return options.mcp.handle(req, res);
  }
  if (path === '/tools' && method === 'GET')
    return sendJson(res, 200, { tools: options.toolCalls.list() });
  if (path === '/tools/call' && method === 'POST') return callTool(req, res, options);
  if (path === '/envelopes' && method === 'POST') return options.envelopes.child(req, res);

  const match = ENVELOPE_PATH.exec(path);
  if (match?.[1] !== undefined) {
    const id = decodeURIComponent(match[1]);
    const sub = match[2];
    if (sub === undefined && method === 'GET') return options.envelopes.status(res, id);
    if (sub === '/stream' && method === 'GET') {
      return streamEnvelope(req, res, id, {
        store: options.store,
        pollIntervalMs: options.pollIntervalMs,
        signal: options.signal,
      });
    }
    if (sub === '/progress' && method === 'POST') return options.envelopes.progress(req, res, id);
    if (sub === '/final' && method === 'POST') return options.envelopes.final(req, res, id);
  }

  throw new GatewayError('NotFound', `cannot route request "${method} ${path}": no such endpoint`);
}

function methodNotAllowed(res: ServerResponse): void {
  res.setHeader('allow', 'POST');
  sendJson(res, 405, {
    jsonrpc: '2.0',
    error: { code: -32000, message: 'method not allowed: this server is stateless, use POST' },
    id: null,
  });
}

/**
 * `POST /tools/call`. The answer mirrors an MCP tool result: `isError: false` with the
 * envelope id and links, or HTTP 200 with `isError: true` when the arguments are invalid.
 */
async function callTool(
  req: IncomingMessage,
  res: ServerResponse,
  options: RouterOptions,
): Promise<void> {
  const body = await readJson(req, options.maxBodyBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new GatewayError('InvalidRequest', 'cannot read tool call "body": must be an object');
  }
  const { name, arguments: args } = body as { name?: unknown; arguments?: unknown };
  if (typeof name !== 'string' || name === '') {
    throw new GatewayError(
      'InvalidRequest',
      'cannot read tool call "name": must be a non-empty string',
    );
  }

  const outcome = await options.toolCalls.call(name, args);
  if (!outcome.ok) {
    return sendJson(res, 200, {
      isError: true,
      reason: outcome.reason,
      content: [{ type: 'text', text: outcome.message }],
    });
  }
  sendJson(res, 200, { isError: false, ...outcome.value });
}
