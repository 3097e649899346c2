/** A minimal Server-Sent Events reader over fetch, for tests. */
import { TOKEN } from './harness.ts';

export interface SseEvent {
  id: string | undefined;
  event: string | undefined;
  data: Record<string, unknown>;
}

/**
 * Reads the stream at `url` until the server ends it (or `timeoutMs`), returning every event.
 * `onEvent` sees each event as it arrives.
 */
export async function readStream(
  url: string,
  options: { lastEventId?: string; timeoutMs?: number; onEvent?: (e: SseEvent) => void } = {},
): Promise<SseEvent[]> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${TOKEN}`,
    accept: 'text/event-stream',
  };
  if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
  const response = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
  });
  if (response.status !== 200 || response.body === null)
    throw new Error(`stream answered ${response.status}`);

  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = parseBlock(block);
      if (event === undefined) continue;
      events.push(event);
      options.onEvent?.(event);
    }
  }
  return events;
}

function parseBlock(block: string): SseEvent | undefined {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const [field, ...rest] = line.split(':');
    const value = rest.join(':').replace(/^ /, '');
    if (field === 'id') id = value;
    if (field === 'event') event = value;
    if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return { id, event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
}
