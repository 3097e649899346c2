import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';

const base = {
  ASYA_ACTOR_NAME: 'echo',
  ASYA_TRANSPORT: '{"kind":"embedded","path":"/tmp/q.sqlite"}',
};

describe('loadConfig', () => {
  it('applies the defaults of the shared decision', () => {
    expect(loadConfig(base)).toEqual({
      actorName: 'echo',
      socketDir: '/var/run/asya',
      transport: { kind: 'embedded', path: '/tmp/q.sqlite' },
      queuePrefix: 'asya-',
      timeoutMs: 300_000,
      hopLimit: 100,
      concurrency: 1,
      maxFrameBytes: 33_554_432,
      shutdownGraceMs: 20_000,
      maxAttempts: 5,
      visibilityMs: 30_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      ...base,
      ASYA_SOCKET_DIR: '/s',
      ASYA_QUEUE_PREFIX: 'dev-',
      ASYA_GATEWAY_URL: 'http://gw:8080/',
      ASYA_GATEWAY_TOKEN: 'tok',
      ASYA_TIMEOUT_SECONDS: '1.5',
      ASYA_HOP_LIMIT: '7',
      ASYA_CONCURRENCY: '3',
      ASYA_VISIBILITY_SECONDS: '2.5',
    });

    expect(config).toMatchObject({
      socketDir: '/s',
      queuePrefix: 'dev-',
      gatewayUrl: 'http://gw:8080',
      gatewayToken: 'tok',
      timeoutMs: 1500,
      hopLimit: 7,
      concurrency: 3,
      visibilityMs: 2500,
    });
  });

  it.each([
    ['actor name missing', { ASYA_ACTOR_NAME: '' }],
    ['actor name with a dot', { ASYA_ACTOR_NAME: 'a.b' }],
    ['transport missing', { ASYA_TRANSPORT: undefined }],
    ['transport not JSON', { ASYA_TRANSPORT: '{kind' }],
    ['transport of an unknown kind', { ASYA_TRANSPORT: '{"kind":"carrier-pigeon"}' }],
    ['embedded transport without path', { ASYA_TRANSPORT: '{"kind":"embedded"}' }],
    ['timeout zero', { ASYA_TIMEOUT_SECONDS: '0' }],
    ['timeout not a number', { ASYA_TIMEOUT_SECONDS: 'soon' }],
    ['hop limit fractional', { ASYA_HOP_LIMIT: '2.5' }],
    ['concurrency zero', { ASYA_CONCURRENCY: '0' }],
    ['visibility lease below 2 s', { ASYA_VISIBILITY_SECONDS: '1.9' }],
    ['visibility lease above 12 h', { ASYA_VISIBILITY_SECONDS: '43201' }],
    ['visibility lease not a number', { ASYA_VISIBILITY_SECONDS: 'short' }],
    ['gateway URL not a URL', { ASYA_GATEWAY_URL: 'gw' }],
    ['gateway URL not http', { ASYA_GATEWAY_URL: 'ftp://gw' }],
    ['queue prefix with a slash', { ASYA_QUEUE_PREFIX: 'a/' }],
  ])('refuses a configuration with %s as InvalidConfig', (_reason, patch) => {
    expect(() => loadConfig({ ...base, ...patch })).toThrow(
      expect.objectContaining({ reason: 'InvalidConfig' }),
    );
  });
});
