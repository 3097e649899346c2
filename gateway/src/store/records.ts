/**
 * The shapes the store returns, and the mapping from database rows to them. Timestamps are
 * RFC 3339 strings; the route is `{ actors, current }` as on the wire.
 */
import type { FinalBody, FinalError } from '@asya/envelope';
import type { EnvelopeStatus } from './status.ts';

export type { FinalError };

export interface EnvelopeRecord {
  id: string;
  parent_id: string | null;
  tool: string | null;
  route: { actors: string[]; current: number };
  total_actors: number;
  status: EnvelopeStatus;
  progress: number;
  message: string | null;
  result: unknown;
  error: FinalError | null;
  created_at: string;
  updated_at: string;
  deadline: string | null;
}

/** `created`, `progress` and `final` are status updates; `final_ignored` is a late final. */
export type EventKind = 'created' | 'progress' | 'final' | 'final_ignored';

export const UPDATE_KINDS: readonly EventKind[] = ['created', 'progress', 'final'];

export interface EnvelopeEvent {
  /** Monotonically increasing per envelope, starting at 1; the SSE event id. */
  event_id: number;
  kind: EventKind;
  /** Snapshot of the envelope after the change, plus what the reporter said. */
  data: Record<string, unknown>;
  created_at: string;
}

/** What the store keeps of a final callback body (its id is in the path, headers are not kept). */
export type FinalReport = Pick<FinalBody, 'status' | 'result' | 'error'>;

export interface EnvelopeRow {
  id: string;
  parent_id: string | null;
  tool: string | null;
  actors: string[];
  current: number;
  status: EnvelopeStatus;
  progress: number;
  message: string | null;
  result: unknown;
  error: FinalError | null;
  created_at: Date;
  updated_at: Date;
  deadline: Date | null;
}

export interface EventRow {
  event_id: string | number;
  kind: EventKind;
  data: Record<string, unknown>;
  created_at: Date;
}

export function toRecord(row: EnvelopeRow): EnvelopeRecord {
  return {
    id: row.id,
    parent_id: row.parent_id,
    tool: row.tool,
    route: { actors: row.actors, current: row.current },
    total_actors: row.actors.length,
    status: row.status,
    progress: Number(row.progress),
    message: row.message,
    result: row.result,
    error: row.error,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    deadline: row.deadline ? row.deadline.toISOString() : null,
  };
}

export function toEvent(row: EventRow): EnvelopeEvent {
  return {
    event_id: Number(row.event_id),
    kind: row.kind,
    data: row.data,
    created_at: row.created_at.toISOString(),
  };
}
