import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTransport, parseTransportConfig, type TransportConfig } from '../src/index.ts';
import { reasonOf } from './support/reason.ts';

describe('parseTransportConfig', () => {
  it('parses an embedded config as found in ASYA_TRANSPORT', () => {
    expect(parseTransportConfig('{"kind":"embedded","path":"/x/queues.sqlite"}')).toEqual({
      kind: 'embedded',
      path: '/x/queues.sqlite',
    });
  });

  it('keeps maxMessageBytes when given', () => {
    const json = '{"kind":"embedded","path":"q.sqlite","maxMessageBytes":1024}';
    expect(parseTransportConfig(json)).toMatchObject({ maxMessageBytes: 1024 });
  });

  it.each([
    ['text that is not JSON', '{kind: embedded}'],
    ['an empty string', ''],
    ['a JSON array', '[]'],
    ['JSON null', 'null'],
    ['a missing kind', '{"path":"q.sqlite"}'],
    ['an unknown kind', '{"kind":"kafka","path":"q.sqlite"}'],
    ['a kind planned but not implemented', '{"kind":"rabbitmq","url":"amqp://x"}'],
    ['a missing path', '{"kind":"embedded"}'],
    ['a blank path', '{"kind":"embedded","path":"  "}'],
    ['a path that is a number', '{"kind":"embedded","path":7}'],
    ['a path with NUL', '{"kind":"embedded","path":"a\\u0000b"}'],
    ['an unknown key (typo)', '{"kind":"embedded","path":"q.sqlite","maxMessageByte":5}'],
    ['a zero maxMessageBytes', '{"kind":"embedded","path":"q","maxMessageBytes":0}'],
    ['a fractional maxMessageBytes', '{"kind":"embedded","path":"q","maxMessageBytes":1.5}'],
    ['a string maxMessageBytes', '{"kind":"embedded","path":"q","maxMessageBytes":"1"}'],
    ['a huge maxMessageBytes', '{"kind":"embedded","path":"q","maxMessageBytes":1e12}'],
  ])('refuses %s as InvalidConfig', (_reason, json) => {
    expect(reasonOf(() => parseTransportConfig(json))).toBe('InvalidConfig');
  });
});

describe('createTransport', () => {
  it('creates an embedded transport without touching the disk before start', () => {
    const path = join(tmpdir(), `asya-never-created-${process.pid}`, 'queues.sqlite');
    const transport = createTransport({ kind: 'embedded', path });
    expect(transport.kind).toBe('embedded');
    expect(existsSync(path)).toBe(false);
  });

  it('validates a config built in code as strictly as parsed JSON', () => {
    const config = { kind: 'embedded', path: '' } as TransportConfig;
    expect(reasonOf(() => createTransport(config))).toBe('InvalidConfig');
  });
});
