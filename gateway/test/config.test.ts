import { describe, expect, it } from 'vitest';
import { applyEnv, parseConfig } from '../src/config/config.ts';
import { reasonOf } from './support/reason.ts';

const transport = { kind: 'embedded', path: '/tmp/q.sqlite' };

describe('parseConfig', () => {
  it('applies defaults', () => {
    const config = parseConfig({ token: 't', transport });
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      queuePrefix: 'asya-',
      allowUnauthenticated: false,
      tools: [],
      maxBodyBytes: 1048576,
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('builds tools from pipelines and tool objects together', () => {
    const config = parseConfig({
      token: 't',
      transport,
      pipelines: [{ metadata: { name: 'p' }, spec: { actors: ['a'] } }],
      tools: [{ name: 't', actors: ['b'] }],
    });
    expect(config.tools.map((t) => t.name)).toEqual(['p', 't']);
  });

  it('accepts no token when unauthenticated access is explicitly allowed', () => {
    expect(parseConfig({ allowUnauthenticated: true, transport }).token).toBeUndefined();
  });

  it.each([
    ['no token and authentication on', { transport }],
    ['no transport', { token: 't' }],
    ['unknown transport kind', { token: 't', transport: { kind: 'pigeon' } }],
    ['unknown key', { token: 't', transport, prot: 80 }],
    ['port out of range', { token: 't', transport, port: 70000 }],
    ['bad queue prefix', { token: 't', transport, queuePrefix: 'a.b' }],
    [
      'pipeline and tool with one name',
      {
        token: 't',
        transport,
        pipelines: [{ metadata: { name: 'x' }, spec: { actors: ['a'] } }],
        tools: [{ name: 'x', actors: ['b'] }],
      },
    ],
  ])('rejects a config with %s', (_reason, raw) => {
    expect(reasonOf(() => parseConfig(raw))).toBe('InvalidConfig');
  });
});

describe('applyEnv', () => {
  it('overrides database URL, token, port, host, transport and queue prefix', () => {
    const out = applyEnv(
      { token: 'file', port: 1 },
      {
        ASYA_DATABASE_URL: 'postgres://db/x',
        ASYA_GATEWAY_TOKEN: 'env',
        ASYA_GATEWAY_PORT: '9000',
        ASYA_GATEWAY_HOST: '0.0.0.0',
        ASYA_TRANSPORT: JSON.stringify(transport),
        ASYA_QUEUE_PREFIX: 'dev-',
      },
    );
    expect(out).toEqual({
      token: 'env',
      port: 9000,
      databaseUrl: 'postgres://db/x',
      host: '0.0.0.0',
      transport,
      queuePrefix: 'dev-',
    });
  });

  it.each([
    ['a port that is not a number', { ASYA_GATEWAY_PORT: 'eighty' }],
    ['a transport that is not JSON', { ASYA_TRANSPORT: '{kind' }],
  ])('rejects %s', (_reason, env) => {
    expect(reasonOf(() => applyEnv({}, env))).toBe('InvalidConfig');
  });
});
