/**
 * The progress stream of one envelope (`GET /envelopes/{id}/stream`), as Server-Sent Events.
 * Every status update is one `event: update` whose `id` is the envelope's event id, so a
 * client reconnecting with `Last-Event-ID` resumes exactly after the last update it saw.
 * Events are read from the database, so any replica serves any envelope; a write on this
 * replica wakes the stream at once, writes elsewhere are found by polling.
 *
 * The stream ends right after the final status. A client arriving after the end, or resuming
 * past the final update, receives the final update (again) and the stream ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from '../errors.ts';
import type { EnvelopeStore } from '../store/envelope-store.ts';
import { UPDATE_KINDS, type EnvelopeEvent } from '../store/records.ts';
import { isFinal } from '../store/status.ts';

export interface StreamOptions {
  store: EnvelopeStore;
  pollIntervalMs: number;
  /** Comment line sent when idle, so proxies keep the connection (default 15 s). */
  keepAliveMs?: number;
  /** Aborted when the gateway closes. */
  signal: AbortSignal;
}

/** Serves the stream of envelope `id`. Throws GatewayError `EnvelopeNotFound` before writing. */
export async function streamEnvelope(
  req: IncomingMessage,
  res: ServerResponse,
  id: string,
  options: StreamOptions,
): Promise<void> {
  const { store } = options;
  if ((await store.get(id)) === undefined) {
    throw new GatewayError('EnvelopeNotFound', `cannot stream envelope "${id}": not found`);
  }

  let lastId = lastEventId(req);
  const closed = new AbortController();
  const stop = AbortSignal.any([closed.signal, options.signal]);
  res.on('close', () => closed.abort());
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write(': stream open\n\n');

  let idleSince = Date.now();
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  while (!stop.aborted) {
    const events = await store.events(id, lastId);
    for (const event of events) {
      lastId = event.event_id;
      if (!UPDATE_KINDS.includes(event.kind)) continue;
      write(res, event);
      if (event.kind === 'final') return end(res);
    }

    if (events.length === 0) {
      const record = await store.get(id);
      if (record !== undefined && isFinal(record.status)) {
        // Resumed past the final update: repeat it so the client learns the outcome.
        const final = await store.finalEvent(id);
        if (final !== undefined) write(res, final);
        return end(res);
      }
      if (Date.now() - idleSince >= keepAliveMs) {
        res.write(': keep-alive\n\n');
        idleSince = Date.now();
      }
      await store.changes.wait(id, options.pollIntervalMs, stop);
    } else {
      idleSince = Date.now();
    }
  }
  end(res);
}

function write(res: ServerResponse, event: EnvelopeEvent): void {
  const data = JSON.stringify({ ...event.data, kind: event.kind, event_id: event.event_id });
  res.write(`id: ${event.event_id}\nevent: update\ndata: ${data}\n\n`);
}

function end(res: ServerResponse): void {
  if (!res.writableEnded) res.end();
}

/** `Last-Event-ID` header, else `?last_event_id=`; 0 (from the start) when absent or bad. */
function lastEventId(req: IncomingMessage): number {
  const header = req.headers['last-event-id'];
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('last_event_id');
  const value = Number(typeof header === 'string' ? header : (query ?? '0'));
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}
