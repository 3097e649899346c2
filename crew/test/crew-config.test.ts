import { describe, expect, it } from 'vitest';
import { crewConfigFromEnv, fileNameOf, parsePersistence } from '../src/index.ts';

const transport = JSON.stringify({ kind: 'embedded', path: '/tmp/q.sqlite' });

describe('crew configuration', () => {
  it('reads the role, transport, gateway and persistence from the environment', () => {
    const config = crewConfigFromEnv({
      ASYA_CREW_ROLE: 'error-end',
      ASYA_TRANSPORT: transport,
      ASYA_QUEUE_PREFIX: 'dev-',
      ASYA_GATEWAY_URL: 'http://127.0.0.1:9/',
      ASYA_GATEWAY_TOKEN: 'secret',
      ASYA_PERSISTENCE: '{"type":"file","path":"/tmp/out"}',
    });
    expect(config).toMatchObject({
      role: 'error-end',
      queuePrefix: 'dev-',
      gatewayUrl: 'http://127.0.0.1:9',
      gatewayToken: 'secret',
      persistence: { type: 'file', path: '/tmp/out' },
    });
  });

  it.each([
    ['an unknown role', { ASYA_CREW_ROLE: 'middle', ASYA_TRANSPORT: transport }],
    ['a missing transport', { ASYA_CREW_ROLE: 'happy-end' }],
    ['a transport that is not JSON', { ASYA_CREW_ROLE: 'happy-end', ASYA_TRANSPORT: '{' }],
    [
      'a gateway URL without scheme',
      { ASYA_CREW_ROLE: 'happy-end', ASYA_TRANSPORT: transport, ASYA_GATEWAY_URL: 'gw:80' },
    ],
  ])('refuses %s with reason InvalidConfig', (_reason, env) => {
    expect(() => crewConfigFromEnv(env)).toThrow(
      expect.objectContaining({ reason: 'InvalidConfig' }),
    );
  });

  it.each([
    ['no variable means none', undefined, { type: 'none' }],
    ['explicit none', '{"type":"none"}', { type: 'none' }],
    ['a file directory', '{"type":"file","path":"d"}', { type: 'file', path: 'd' }],
  ])('parses persistence: %s', (_reason, json, expected) => {
    expect(parsePersistence(json)).toEqual(expected);
  });

  it.each([
    ['s3 is not supported yet', '{"type":"s3","bucket":"b"}', 'UnsupportedPersistence'],
    ['file without path', '{"type":"file"}', 'InvalidConfig'],
    ['unknown type', '{"type":"ftp"}', 'InvalidConfig'],
    ['not JSON', 'file', 'InvalidConfig'],
  ])('refuses persistence when %s', (_reason, json, reason) => {
    expect(() => parsePersistence(json)).toThrow(expect.objectContaining({ reason }));
  });

  it.each([
    ['a uuid stays readable', 'a1b2-c3', 'a1b2-c3'],
    ['path separators are encoded', '../x', '%2E%2E%2Fx'],
    ['an empty id gets a name', '', '%EMPTY'],
  ])('names record files safely: %s', (_reason, id, expected) => {
    expect(fileNameOf(id)).toBe(expected);
  });
});
