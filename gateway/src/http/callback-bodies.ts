/**
 * Validation of the callback bodies sidecars and crew actors send: progress, fan-out child
 * registration and final status. The body types are the shared ones of `@asya/envelope`;
 * this file adds the gateway's rules. Each parser returns the typed body or throws
 * GatewayError `InvalidRequest` naming the first bad field.
 */
import {
  FINAL_STATUSES,
  PROGRESS_STATES,
  type ChildRegistration,
  type ProgressBody,
} from '@asya/envelope';
import { z } from 'zod';
import { GatewayError } from '../errors.ts';
import type { FinalReport } from '../store/records.ts';

const progressShape = z
  .object({
    actor: z.string().min(1),
    status: z.enum(PROGRESS_STATES),
    current: z.number().int().min(0),
    total: z.number().int().min(1),
    message: z.string().optional(),
    duration_ms: z.number().min(0).optional(),
  })
  .refine((b) => b.current < b.total, {
    message: 'current must be below total',
    path: ['current'],
  });

const routeShape = z
  .looseObject({
    actors: z.array(z.string().min(1)).min(1),
    current: z.number().int().min(0).default(0),
  })
  .refine((r) => r.current <= r.actors.length, {
    message: 'current exceeds actors',
    path: ['current'],
  });

const childShape = z.looseObject({
  id: z.string().min(1),
  parent_id: z.string().min(1).nullable().optional(),
  route: routeShape,
});

const errorShape = z.looseObject({
  reason: z.string().min(1),
  message: z.string(),
  type: z.string().optional(),
  actor: z.string().optional(),
  current: z.number().int().min(0).optional(),
});

const finalShape = z
  .object({
    id: z.string().min(1),
    status: z.enum(FINAL_STATUSES),
    result: z.unknown().optional(),
    error: errorShape.optional(),
    headers: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => b.status !== 'failed' || b.error !== undefined, {
    message: 'a failed status needs an error',
    path: ['error'],
  });

export function parseProgress(body: unknown): ProgressBody {
  return parse(progressShape, body, 'progress');
}

export function parseChild(body: unknown): ChildRegistration {
  const child = parse(childShape, body, 'envelope');
  return {
    id: child.id,
    parent_id: child.parent_id ?? null,
    route: { actors: child.route.actors, current: child.route.current },
  };
}

/** Parses a final body; its `id` must equal the id in the path. */
export function parseFinal(body: unknown, pathId: string): FinalReport {
  const final = parse(finalShape, body, 'final status');
  if (final.id !== pathId) {
    throw new GatewayError(
      'InvalidRequest',
      `cannot read final status "${pathId}": body id differs from path id`,
    );
  }
  const report: FinalReport = { status: final.status };
  if (final.result !== undefined) report.result = final.result;
  if (final.error !== undefined) report.error = final.error;
  return report;
}

function parse<T>(shape: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = shape.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'body';
  throw new GatewayError(
    'InvalidRequest',
    `cannot read ${what} "${where}": ${issue?.message ?? 'invalid'}`,
  );
}
