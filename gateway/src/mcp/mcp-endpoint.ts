/**
 * MCP over Streamable HTTP at `/mcp`, with the official SDK. The endpoint is stateless: each
 * HTTP request gets a fresh protocol server and transport, so any replica answers any
 * request and nothing is kept between calls (envelope state lives in the database).
 *
 * `tools/list` lists every configured tool with its JSON Schema; `tools/call` starts an
 * envelope and answers with its id and links, as text and as structured content. Bad
 * arguments are a tool error (`isError: true`); an unknown tool is a JSON-RPC error.
 * Authentication and Origin checks run before this module (see `http/guards.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '@asya/telemetry';
import { GatewayError, hasReason } from '../errors.ts';
import type { ToolCalls } from '../tools/tool-calls.ts';

export interface McpEndpointOptions {
  toolCalls: ToolCalls;
  maxBodyBytes: number;
  version: string;
  log: Logger;
}

export class McpEndpoint {
  constructor(private readonly options: McpEndpointOptions) {}

  /** Serves one HTTP request on `/mcp` (POST; GET and DELETE are refused by the SDK). */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const server = this.createServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      maxRequestBodySize: this.options.maxBodyBytes,
    });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }

  private createServer(): Server {
    const server = new Server(
      { name: 'asya-gateway', version: this.options.version },
      { capabilities: { tools: { listChanged: false } } },
    );

    server.setRequestHandler(ListToolsRequestSchema, () => ({
      tools: this.options.toolCalls.list().map((tool) => ({
        name: tool.name,
        description: tool.description,
        inputSchema: { type: 'object' as const, ...tool.inputSchema },
      })),
    }));

    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const { name, arguments: args } = request.params;
      return this.callTool(name, args ?? {}, extra.signal);
    });

    return server;
  }

  private async callTool(
    name: string,
    args: unknown,
    signal: AbortSignal,
  ): Promise<CallToolResult> {
    try {
      const outcome = await this.options.toolCalls.call(name, args, signal);
      if (!outcome.ok) {
        return { isError: true, content: [{ type: 'text', text: outcome.message }] };
      }
      const value = { ...outcome.value };
      return {
        content: [{ type: 'text', text: JSON.stringify(value) }],
        structuredContent: value,
      };
    } catch (err) {
      if (hasReason(err, 'ToolNotFound')) {
        throw new McpError(ErrorCode.InvalidParams, (err as GatewayError).message);
      }
      if (err instanceof GatewayError) {
        return { isError: true, content: [{ type: 'text', text: err.message }] };
      }
      this.options.log.error({ err, name }, 'tool call failed');
      throw new McpError(ErrorCode.InternalError, 'internal error');
    }
  }
}
