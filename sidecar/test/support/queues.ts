/**
 * The test's own view of the embedded transport: send envelopes or raw bodies to an actor's
 * queue, collect what reaches happy-end and error-end, and count the messages a queue still
 * holds (visible or in flight).
 */
import Database from 'better-sqlite3';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Envelope } from '@asya/envelope';
import { createTransport, queueName, type Transport } from '@asya/transport';

export class TestQueues {
  readonly transport: Transport;

  constructor(readonly path: string) {
    this.transport = createTransport({ kind: 'embedded', path });
  }

  async start(): Promise<void> {
    await this.transport.start();
    for (const name of ['happy-end', 'error-end'])
      await this.transport.ensureQueue(queueName(name));
  }

  async send(actor: string, body: Envelope | string): Promise<void> {
    const queue = queueName(actor);
    await this.transport.ensureQueue(queue);
    await this.transport.send(queue, typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** Receives and acks `count` envelopes from an actor's queue; throws after `timeoutMs`. */
  async take(actor: string, count: number, timeoutMs = 15_000): Promise<Envelope[]> {
    const queue = queueName(actor);
    const found: Envelope[] = [];
    const until = Date.now() + timeoutMs;
    while (found.length < count) {
      const left = until - Date.now();
      if (left <= 0) throw new Error(`only ${found.length} of ${count} messages on ${queue}`);
      const delivery = await this.transport.receive(queue, { waitMs: Math.min(left, 500) });
      if (!delivery) continue;
      found.push(JSON.parse(delivery.body.toString('utf8')) as Envelope);
      await this.transport.ack(delivery);
    }
    return found;
  }

  /** Takes one envelope with the given id from happy-end or error-end, ignoring others. */
  async takeOne(actor: string, id: string, timeoutMs = 15_000): Promise<Envelope> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const [next] = await this.take(actor, 1, until - Date.now());
      if (next?.id === id) return next;
    }
  }

  /** Messages stored for a queue, visible or in flight (read from the SQLite file). */
  stored(actor: string): number {
    const db = new Database(this.path, { readonly: true, fileMustExist: true });
    try {
      const row = db
        .prepare('SELECT count(*) AS n FROM messages WHERE queue = ?')
        .get(queueName(actor)) as { n: number };
      return row.n;
    } finally {
      db.close();
    }
  }

  /** Waits until `stored(actor)` equals `count`. */
  async waitStored(actor: string, count: number, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.stored(actor) !== count) {
      if (Date.now() > until) throw new Error(`queue of ${actor} holds ${this.stored(actor)}`);
      await sleep(50);
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
