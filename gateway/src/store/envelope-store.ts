/**
 * Envelope state in PostgreSQL. Every change is ONE statement that updates the envelope row,
 * bumps its `last_event_id` and appends the matching event, so the row and its event log can
 * never disagree, and concurrent writers (replicas, retried callbacks) serialise on the row.
 * The final-state guard is in SQL (`WHERE status NOT IN ('succeeded', 'failed')`), not in a
 * read-then-write, so a race between a late success and a timeout cannot flip a final state.
 */
import { Reasons, type ProgressBody } from '@asya/envelope';
import type { Pool } from 'pg';
import { Changes } from './changes.ts';
import {
  toEvent,
  toRecord,
  type EnvelopeEvent,
  type EnvelopeRecord,
  type EnvelopeRow,
  type EventKind,
  type EventRow,
  type FinalReport,
} from './records.ts';
import { MAX_OPEN_PROGRESS, progressPercent } from './status.ts';

const OPEN = `status NOT IN ('succeeded', 'failed')`;

// Snapshot of the updated row `u` stored with each event; `$extra` adds what the reporter said.
const SNAPSHOT = `jsonb_build_object(
  'id', u.id, 'parent_id', u.parent_id, 'status', u.status, 'progress', u.progress,
  'current', u.current, 'total_actors', cardinality(u.actors), 'message', u.message,
  'result', u.result, 'error', u.error,
  'updated_at', to_char(u.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/** Wraps a data-modifying statement so it also appends one event of `kind`. */
function withEvent(statement: string, kind: EventKind, extraParam: string): string {
  return `WITH u AS (${statement} RETURNING *),
    e AS (INSERT INTO envelope_events (envelope_id, event_id, kind, data)
          SELECT u.id, u.last_event_id, '${kind}', ${SNAPSHOT} || ${extraParam}::jsonb FROM u)
    SELECT * FROM u`;
}

export interface NewEnvelope {
  id: string;
  parentId?: string;
  tool: string | null;
  actors: string[];
  current: number;
  headers?: Record<string, unknown>;
  /** Absent: no deadline (children inherit their parent's). */
  deadline?: Date;
}

/** Outcome of a change that may be refused because the envelope is already final. */
export interface Applied {
  applied: boolean;
  record: EnvelopeRecord;
}

export class EnvelopeStore {
  readonly changes = new Changes();

  constructor(private readonly pool: Pool) {}

  /** Inserts a pending envelope and its `created` event (event id 1). */
  async create(input: NewEnvelope): Promise<EnvelopeRecord> {
    const sql = withEvent(
      `INSERT INTO envelopes
         (id, parent_id, tool, actors, current, status, headers, deadline, last_event_id)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, 1)`,
      'created',
      `'{}'`,
    );
    const { rows } = await this.pool.query<EnvelopeRow>(sql, [
      input.id,
      input.parentId ?? null,
      input.tool,
      input.actors,
      input.current,
      input.headers === undefined ? null : JSON.stringify(input.headers),
      input.deadline ?? null,
    ]);
    return this.changed(toRecord(rows[0] as EnvelopeRow));
  }

  /**
   * Registers a fan-out child; it inherits its parent's tool and deadline. Without a parent
   * the envelope is registered on its own (no tool, no deadline). Idempotent for redelivered
   * messages: an existing id is returned with `created: false`. Undefined when the parent is
   * unknown.
   */
  async registerChild(
    id: string,
    parentId: string | null,
    route: { actors: string[]; current: number },
  ): Promise<{ created: boolean; record: EnvelopeRecord } | undefined> {
    const source =
      parentId === null
        ? `SELECT $1, NULL::text, NULL::text, $3::text[], $4::integer, 'running',
                  NULL::timestamptz, 1
           WHERE $2::text IS NULL`
        : `SELECT $1, p.id, p.tool, $3, $4, 'running', p.deadline, 1
           FROM envelopes p WHERE p.id = $2`;
    const sql = withEvent(
      `INSERT INTO envelopes (id, parent_id, tool, actors, current, status, deadline, last_event_id)
       ${source}
       ON CONFLICT (id) DO NOTHING`,
      'created',
      `'{}'`,
    );
    const { rows } = await this.pool.query<EnvelopeRow>(sql, [
      id,
      parentId,
      route.actors,
      route.current,
    ]);
    if (rows[0]) return { created: true, record: this.changed(toRecord(rows[0])) };

    const existing = await this.get(id);
    return existing ? { created: false, record: existing } : undefined;
  }

  /**
   * Applies a progress report: status becomes `running`, progress and `current` never go
   * down, progress stays below 100. A report on a final envelope is not applied.
   * Undefined when the envelope is unknown.
   */
  async progress(id: string, report: ProgressBody): Promise<Applied | undefined> {
    const percent = progressPercent(report.current, report.total, report.status);
    const sql = withEvent(
      `UPDATE envelopes SET status = 'running',
         progress = GREATEST(progress, LEAST($2::double precision, ${MAX_OPEN_PROGRESS})),
         current = GREATEST(current, $3), message = COALESCE($4, message),
         updated_at = now(), last_event_id = last_event_id + 1
       WHERE id = $1 AND ${OPEN}`,
      'progress',
      '$5',
    );
    const extra = {
      actor: report.actor,
      state: report.status,
      duration_ms: report.duration_ms ?? null,
    };
    const { rows } = await this.pool.query<EnvelopeRow>(sql, [
      id,
      percent,
      report.current,
      report.message ?? null,
      JSON.stringify(extra),
    ]);
    if (rows[0]) return { applied: true, record: this.changed(toRecord(rows[0])) };

    const existing = await this.get(id);
    return existing ? { applied: false, record: existing } : undefined;
  }

  /**
   * Sets the final status once. A second final (a late success after a timeout, a retried
   * callback) is recorded as a `final_ignored` event and changes nothing else.
   * Undefined when the envelope is unknown.
   */
  async finish(id: string, report: FinalReport): Promise<Applied | undefined> {
    const sql = withEvent(
      `UPDATE envelopes SET status = $2,
         progress = CASE WHEN $2 = 'succeeded' THEN 100 ELSE progress END,
         current = CASE WHEN $2 = 'succeeded' THEN cardinality(actors) ELSE current END,
         result = $3::jsonb, error = $4::jsonb,
         updated_at = now(), last_event_id = last_event_id + 1
       WHERE id = $1 AND ${OPEN}`,
      'final',
      `'{}'`,
    );
    const { rows } = await this.pool.query<EnvelopeRow>(sql, [
      id,
      report.status,
      report.result === undefined ? null : JSON.stringify(report.result),
      report.error === undefined ? null : JSON.stringify(report.error),
    ]);
    if (rows[0]) return { applied: true, record: this.changed(toRecord(rows[0])) };

    return this.recordIgnoredFinal(id, report);
  }

  private async recordIgnoredFinal(id: string, report: FinalReport): Promise<Applied | undefined> {
    const sql = withEvent(
      `UPDATE envelopes SET last_event_id = last_event_id + 1 WHERE id = $1`,
      'final_ignored',
      '$2',
    );
    const late = { reported: { status: report.status, error: report.error ?? null } };
    const { rows } = await this.pool.query<EnvelopeRow>(sql, [id, JSON.stringify(late)]);
    return rows[0] ? { applied: false, record: toRecord(rows[0]) } : undefined;
  }

  /**
   * Marks every open envelope past its deadline `failed` with reason `timeout`, using the
   * database clock so all replicas agree. Returns the expired envelopes.
   */
  async expireOverdue(): Promise<EnvelopeRecord[]> {
    const sql = withEvent(
      `UPDATE envelopes SET status = 'failed',
         error = jsonb_build_object('reason', '${Reasons.Timeout}', 'message',
           'envelope did not finish before its deadline', 'actor',
           actors[current + 1], 'current', current),
         updated_at = now(), last_event_id = last_event_id + 1
       WHERE deadline IS NOT NULL AND deadline <= now() AND ${OPEN}`,
      'final',
      `'{}'`,
    );
    const { rows } = await this.pool.query<EnvelopeRow>(sql);
    return rows.map((row) => this.changed(toRecord(row)));
  }

  async get(id: string): Promise<EnvelopeRecord | undefined> {
    const { rows } = await this.pool.query<EnvelopeRow>('SELECT * FROM envelopes WHERE id = $1', [
      id,
    ]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Events of envelope `id` with an id greater than `after`, oldest first. */
  async events(id: string, after = 0, limit = 500): Promise<EnvelopeEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT event_id, kind, data, created_at FROM envelope_events
       WHERE envelope_id = $1 AND event_id > $2 ORDER BY event_id LIMIT $3`,
      [id, after, limit],
    );
    return rows.map(toEvent);
  }

  /** The event that set the final status, if any. */
  async finalEvent(id: string): Promise<EnvelopeEvent | undefined> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT event_id, kind, data, created_at FROM envelope_events
       WHERE envelope_id = $1 AND kind = 'final' ORDER BY event_id LIMIT 1`,
      [id],
    );
    return rows[0] ? toEvent(rows[0]) : undefined;
  }

  private changed(record: EnvelopeRecord): EnvelopeRecord {
    this.changes.notify(record.id);
    return record;
  }
}
