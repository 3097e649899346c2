import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '@asya/telemetry';
import { createTransport, type Transport } from '@asya/transport';
import { CrewActor, createOutcomeStore, GatewayReporter, type CrewRole } from '../src/index.ts';
import { startCallbackServer, waitFor, type CallbackServer } from './support/callback-server.ts';

let dir: string;
let transport: Transport;
let gateway: CallbackServer;
const actors: CrewActor[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'asya-crew-'));
  transport = createTransport({ kind: 'embedded', path: join(dir, 'queues.sqlite') });
  await transport.start();
  gateway = await startCallbackServer();
});

afterEach(async () => {
  await Promise.all(actors.splice(0).map((a) => a.close()));
  await transport.close();
  await gateway.close();
});

async function startActor(role: CrewRole, attempts = 5): Promise<CrewActor> {
  const actor = new CrewActor({
    role,
    queue: `asya-${role}`,
    transport,
    store: createOutcomeStore({ type: 'file', path: join(dir, role) }),
    reporter: new GatewayReporter({
      gatewayUrl: gateway.url,
      token: 'tok',
      attempts,
      initialDelayMs: 10,
    }),
    logger: createLogger('crew-test', { actor: role }),
    releaseDelayMs: 50,
    visibilityTimeoutMs,
  });
  actors.push(actor);
  await actor.start();
  return actor;
}

const visibilityTimeoutMs = 300;

/** Stops the actors, then checks that no message of `queue` comes back: it was acked. */
async function expectAcked(queue: string): Promise<void> {
  await Promise.all(actors.splice(0).map((a) => a.close()));
  await new Promise((resolve) => setTimeout(resolve, visibilityTimeoutMs + 200));
  expect(await transport.receive(queue, { waitMs: 0 })).toBeUndefined();
}

describe('crew actors over the embedded transport', () => {
  it(
    'stores a finished envelope and reports ' + 'succeeded with the payload before acking',
    async () => {
      await startActor('happy-end');
      const envelope = {
        id: 'env-1',
        route: { actors: ['a', 'b'], current: 2 },
        headers: { 'x-asya-hops': 2 },
        payload: { words: 3 },
      };
      await transport.send('asya-happy-end', JSON.stringify(envelope));

      await waitFor(() => gateway.requests.length === 1);
      expect(gateway.requests[0]).toEqual({
        method: 'POST',
        url: '/envelopes/env-1/final',
        authorization: 'Bearer tok',
        body: { id: 'env-1', status: 'succeeded', result: { words: 3 }, headers: envelope.headers },
      });
      const stored: unknown = JSON.parse(
        await readFile(join(dir, 'happy-end', 'env-1.json'), 'utf8'),
      );
      expect(stored).toEqual(envelope);
      await expectAcked('asya-happy-end');
    },
  );

  it(
    'reports failed with reason, message, type, ' + 'actor and index from the error payload',
    async () => {
      await startActor('error-end');
      const payload = {
        error: 'processing_error',
        details: { message: 'input text is empty', type: 'ValueError', traceback: '...' },
        original_payload: { text: '' },
      };
      const envelope = { id: 'env-2', route: { actors: ['x', 'y'], current: 1 }, payload };
      await transport.send('asya-error-end', JSON.stringify(envelope));

      await waitFor(() => gateway.requests.length === 1);
      expect(gateway.requests[0]?.body).toEqual({
        id: 'env-2',
        status: 'failed',
        error: {
          reason: 'processing_error',
          message: 'input text is empty',
          type: 'ValueError',
          actor: 'y',
          current: 1,
        },
      });
      expect(existsSync(join(dir, 'error-end', 'env-2.json'))).toBe(true);
      await expectAcked('asya-error-end');
    },
  );

  it('releases the message while the gateway is down and reports once it is back', async () => {
    gateway.script.push(503, 503, 503);
    await startActor('happy-end', 2);
    const envelope = { id: 'env-3', route: { actors: ['a'], current: 1 }, payload: 1 };
    await transport.send('asya-happy-end', JSON.stringify(envelope));

    await waitFor(() => gateway.requests.length === 4);
    await expectAcked('asya-happy-end');
    expect(gateway.requests.map((r) => r.url)).toEqual(Array(4).fill('/envelopes/env-3/final'));
  });

  it('acks when the gateway refuses for good, keeping the stored record', async () => {
    gateway.script.push(409);
    await startActor('happy-end');
    const envelope = { id: 'env-4', route: { actors: ['a'], current: 1 }, payload: null };
    await transport.send('asya-happy-end', JSON.stringify(envelope));

    await waitFor(() => gateway.requests.length === 1);
    await expectAcked('asya-happy-end');
    expect(gateway.requests).toHaveLength(1);
    expect(existsSync(join(dir, 'happy-end', 'env-4.json'))).toBe(true);
  });

  it(
    'keeps an unparsable message with its raw ' + 'body and reports nothing without an id',
    async () => {
      await startActor('error-end');
      await transport.send('asya-error-end', 'not json at all');

      await waitFor(() => existsSync(join(dir, 'error-end')));
      await expectAcked('asya-error-end');
      expect(gateway.requests).toHaveLength(0);
      const [file] = readdirSync(join(dir, 'error-end'));
      const stored = JSON.parse(await readFile(join(dir, 'error-end', String(file)), 'utf8')) as {
        payload: { error: string; original_message: unknown };
      };
      expect(stored.payload.error).toBe('msg_parsing_error');
      expect(stored.payload.original_message).toEqual({
        encoding: 'utf8',
        data: 'not json at all',
      });
    },
  );
});
