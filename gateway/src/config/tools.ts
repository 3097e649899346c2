/**
 * Tools: what the gateway exposes over MCP and REST. One tool starts one envelope on one
 * route. Tools are built from Pipeline resources (`toolsFromPipelines`) or given directly
 * in the configuration file; both paths end in `validateTools`, which rejects anything the
 * gateway could not serve (empty route, duplicate names, an input schema that does not
 * compile).
 */
import { z } from 'zod';
import { Ajv } from 'ajv';
import { GatewayError } from '../errors.ts';

export type ToolMode = 'async' | 'wait';

export interface Tool {
  /** MCP tool name: 1-128 characters of `[A-Za-z0-9_.-]`. */
  name: string;
  description: string;
  /** JSON Schema (an object schema) of the tool arguments; the envelope payload. */
  inputSchema: Record<string, unknown>;
  /** The route: actor names, in order. */
  actors: string[];
  /** Time from creation after which an unfinished envelope is marked failed (`timeout`). */
  timeoutSeconds: number;
  /** Whether the tool result advertises a progress stream. */
  progress: boolean;
  /** `async` returns at once; `wait` holds the call until the final status or the timeout. */
  mode: ToolMode;
}

export const DEFAULT_TOOL_TIMEOUT_SECONDS = 300;

const actorName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'invalid actor name');
const toolName = z.string().regex(/^[A-Za-z0-9_.-]{1,128}$/, 'invalid tool name');
const inputSchema = z
  .record(z.string(), z.unknown())
  .refine((s) => s.type === undefined || s.type === 'object', 'inputSchema type must be object');

const toolShape = z.strictObject({
  name: toolName,
  description: z.string().default(''),
  inputSchema: inputSchema.default({ type: 'object' }),
  actors: z.array(actorName).min(1),
  timeoutSeconds: z.number().int().positive().default(DEFAULT_TOOL_TIMEOUT_SECONDS),
  progress: z.boolean().default(true),
  mode: z.enum(['async', 'wait']).default('async'),
});

const pipelineShape = z.object({
  kind: z.literal('Pipeline').optional(),
  metadata: z.object({ name: z.string().min(1) }),
  spec: z.object({
    actors: z.array(z.string()).min(1),
    tool: z
      .object({
        name: z.string().optional(),
        description: z.string().optional(),
        inputSchema: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    timeoutSeconds: z.number().optional(),
    progress: z.boolean().optional(),
    mode: z.string().optional(),
  }),
});

/**
 * Maps Pipeline resources (`asya.dev/v1alpha1`) to tools. The tool name is
 * `spec.tool.name` when set, else `metadata.name`. Throws GatewayError `InvalidPipeline`
 * naming the first offending pipeline.
 */
export function toolsFromPipelines(pipelines: readonly unknown[]): Tool[] {
  const tools = pipelines.map((raw, index) => {
    const parsed = pipelineShape.safeParse(raw);
    if (!parsed.success) {
      throw invalid('InvalidPipeline', 'pipeline', `#${index}`, parsed.error);
    }
    const { metadata, spec } = parsed.data;
    const candidate = {
      name: spec.tool?.name ?? metadata.name,
      description: spec.tool?.description ?? '',
      inputSchema: spec.tool?.inputSchema ?? { type: 'object' },
      actors: spec.actors,
      ...(spec.timeoutSeconds !== undefined ? { timeoutSeconds: spec.timeoutSeconds } : {}),
      ...(spec.progress !== undefined ? { progress: spec.progress } : {}),
      ...(spec.mode !== undefined ? { mode: spec.mode } : {}),
    };
    return parseTool(candidate, 'InvalidPipeline', metadata.name);
  });
  return validateTools(tools, 'InvalidPipeline');
}

/**
 * Validates tool objects given directly (configuration file `tools`). Applies defaults.
 * Throws GatewayError `InvalidConfig`.
 */
export function parseTools(raw: readonly unknown[]): Tool[] {
  const tools = raw.map((item, index) => {
    const name = typeof item === 'object' && item !== null && 'name' in item ? item.name : index;
    return parseTool(item, 'InvalidConfig', String(name));
  });
  return validateTools(tools, 'InvalidConfig');
}

function parseTool(raw: unknown, reason: 'InvalidConfig' | 'InvalidPipeline', name: string) {
  const parsed = toolShape.safeParse(raw);
  if (!parsed.success) throw invalid(reason, 'tool', name, parsed.error);

  const tool: Tool = {
    ...parsed.data,
    inputSchema: { type: 'object', ...parsed.data.inputSchema },
  };
  try {
    new Ajv({ strict: false }).compile(tool.inputSchema);
  } catch (err) {
    throw new GatewayError(
      reason,
      `cannot load tool "${name}": inputSchema does not compile: ${(err as Error).message}`,
    );
  }
  return tool;
}

/** Rejects duplicate tool names; returns `tools` unchanged. */
export function validateTools(tools: Tool[], reason: 'InvalidConfig' | 'InvalidPipeline'): Tool[] {
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) {
      throw new GatewayError(reason, `cannot load tool "${tool.name}": duplicate tool name`);
    }
    seen.add(tool.name);
  }
  return tools;
}

function invalid(
  reason: 'InvalidConfig' | 'InvalidPipeline',
  what: string,
  name: string,
  error: z.ZodError,
) {
  const issue = error.issues[0];
  const where = issue?.path.join('.') ?? '';
  const prefix = where === '' ? '' : `${where}: `;
  return new GatewayError(
    reason,
    `cannot load ${what} "${name}": ${prefix}${issue?.message ?? 'invalid'}`,
  );
}
