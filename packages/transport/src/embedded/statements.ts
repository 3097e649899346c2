/**
 * Prepared statements of the embedded transport, and the two transactions that need more
 * than one statement: claiming a message and moving one to a dead-letter queue.
 *
 * A delivery is identified by (message id, delivery count): the count grows with every
 * delivery, so a consumer whose visibility timeout ran out and whose message went to
 * someone else can no longer ack, release or extend it.
 */
import type { SqliteDatabase } from './database.ts';

export interface QueueRow {
  name: string;
  visibility_timeout_ms: number;
  dead_letter_queue: string | null;
  max_deliveries: number | null;
}

export interface ClaimedRow {
  id: string;
  body: Buffer;
  delivery_count: number;
  dead_letter_reason: string | null;
  dead_letter_source: string | null;
  dead_letter_deliveries: number | null;
  dead_lettered_at: number | null;
}

interface ReadyRow {
  seq: number;
  delivery_count: number;
}

/** Reason recorded on a message moved to a dead-letter queue by the delivery bound. */
export const MAX_DELIVERIES_EXCEEDED = 'MaxDeliveriesExceeded';

export type Statements = ReturnType<typeof prepareStatements>;

/** Prepares every statement once per open database. */
export function prepareStatements(db: SqliteDatabase) {
  const getQueue = db.prepare<[string], QueueRow>(
    `SELECT name, visibility_timeout_ms, dead_letter_queue, max_deliveries
       FROM queues WHERE name = ?`,
  );
  const insertQueue = db.prepare<[string, number, string | null, number | null, number]>(
    `INSERT INTO queues (name, visibility_timeout_ms, dead_letter_queue, max_deliveries,
                         created_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING`,
  );
  const updateQueue = db.prepare<[number, string | null, number | null, string]>(
    `UPDATE queues SET visibility_timeout_ms = ?, dead_letter_queue = ?, max_deliveries = ?
      WHERE name = ?`,
  );
  const deleteQueue = db.prepare<[string]>('DELETE FROM queues WHERE name = ?');
  const insertMessage = db.prepare<[string, string, Buffer, number, number]>(
    `INSERT INTO messages (id, queue, body, sent_at, visible_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const nextReady = db.prepare<[string, number], ReadyRow>(
    `SELECT seq, delivery_count FROM messages
      WHERE queue = ? AND visible_at <= ? ORDER BY visible_at, seq LIMIT 1`,
  );
  const claim = db.prepare<[number, number], ClaimedRow>(
    `UPDATE messages SET delivery_count = delivery_count + 1, visible_at = ?
      WHERE seq = ?
      RETURNING id, body, delivery_count, dead_letter_reason, dead_letter_source,
                dead_letter_deliveries, dead_lettered_at`,
  );
  const deadLetter = db.prepare<[string, number, string, string, number, number]>(
    `UPDATE messages SET queue = ?, visible_at = ?, delivery_count = 0,
            dead_letter_reason = ?, dead_letter_source = ?,
            dead_letter_deliveries = delivery_count, dead_lettered_at = ?
      WHERE seq = ?`,
  );
  const ack = db.prepare<[string, string, number]>(
    'DELETE FROM messages WHERE id = ? AND queue = ? AND delivery_count = ?',
  );
  const setVisibleAt = db.prepare<[number, string, string, number]>(
    'UPDATE messages SET visible_at = ? WHERE id = ? AND queue = ? AND delivery_count = ?',
  );
  const depth = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM messages WHERE queue = ? AND visible_at <= ?',
  );

  return {
    getQueue,
    insertQueue,
    updateQueue,
    deleteQueue,
    insertMessage,
    nextReady,
    claim,
    deadLetter,
    ack,
    setVisibleAt,
    depth,
  };
}

/** One claim: the message handed out, and what was dead-lettered on the way. */
export interface ClaimResult {
  /** False when the queue does not exist (any more). */
  queueFound: boolean;
  row: ClaimedRow | undefined;
  deadLettered: number;
  deadLetterQueue: string | null;
}

/**
 * Claims the oldest visible message of `queueName`, inside one IMMEDIATE transaction so two
 * processes never claim the same message. It stays invisible for `visibilityMs`, or the
 * queue's visibility timeout when undefined. Messages already delivered `max_deliveries`
 * times are moved to the dead-letter queue instead (recreating that queue when it was
 * deleted) and the next one is tried.
 */
export function claimNext(
  db: SqliteDatabase,
  st: Statements,
  queueName: string,
  now: number,
  visibilityMs: number | undefined,
): ClaimResult {
  const run = db.transaction((): ClaimResult => {
    const queue = st.getQueue.get(queueName);
    if (queue === undefined) {
      return { queueFound: false, row: undefined, deadLettered: 0, deadLetterQueue: null };
    }

    const dlq = queue.dead_letter_queue;
    const max = queue.max_deliveries;
    const result: ClaimResult = {
      queueFound: true,
      row: undefined,
      deadLettered: 0,
      deadLetterQueue: dlq,
    };
    for (;;) {
      const ready = st.nextReady.get(queueName, now);
      if (ready === undefined) return result;

      if (dlq !== null && max !== null && ready.delivery_count >= max) {
        st.insertQueue.run(dlq, queue.visibility_timeout_ms, null, null, now);
        st.deadLetter.run(dlq, now, MAX_DELIVERIES_EXCEEDED, queueName, now, ready.seq);
        result.deadLettered += 1;
        continue;
      }

      const timeout = visibilityMs ?? queue.visibility_timeout_ms;
      result.row = st.claim.get(now + timeout, ready.seq);
      return result;
    }
  });
  return run.immediate();
}
