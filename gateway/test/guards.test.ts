import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkOrigin, checkToken, hostAllowed, originAllowed } from '../src/http/guards.ts';
import { reasonOf } from './support/reason.ts';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

describe('originAllowed', () => {
  it.each([
    ['http://localhost:3000', [], true, 'loopback name'],
    ['http://127.0.0.1', [], true, 'loopback address'],
    ['http://[::1]:8080', [], true, 'IPv6 loopback'],
    ['https://evil.example', [], false, 'foreign origin'],
    ['http://localhost.evil.example', [], false, 'look-alike of localhost'],
    ['https://app.example', ['https://app.example'], true, 'configured origin'],
    ['https://any.example', ['*'], true, 'wildcard'],
    ['null', [], false, 'opaque origin'],
    ['file://localhost', [], false, 'non-http scheme'],
  ])('%s with %j -> %s (%s)', (origin, allowed, expected) => {
    expect(originAllowed(origin, allowed)).toBe(expected);
  });
});

describe('hostAllowed', () => {
  it.each([
    ['localhost:8080', [], true, 'loopback name with port'],
    ['127.0.0.1:8080', [], true, 'loopback address'],
    ['[::1]:8080', [], true, 'IPv6 loopback'],
    ['evil.example:8080', [], false, 'rebound domain'],
    ['gw.internal:8080', ['gw.internal'], true, 'configured host'],
  ])('%s with %j -> %s (%s)', (host, allowed, expected) => {
    expect(hostAllowed(host, allowed)).toBe(expected);
  });
});

describe('checkToken', () => {
  it.each<[Record<string, string>, string | undefined, string]>([
    [{}, 'Unauthorized', 'no header'],
    [{ authorization: 'Bearer wrong' }, 'Unauthorized', 'wrong token'],
    [{ authorization: 'Basic c2VjcmV0' }, 'Unauthorized', 'other scheme'],
    [{ authorization: 'Bearer secret' }, undefined, 'right token'],
    [{ authorization: 'bearer secret' }, undefined, 'scheme is case-insensitive'],
  ])('%j -> %s (%s)', (headers, expected) => {
    expect(reasonOf(() => checkToken(request(headers), 'secret'))).toBe(expected);
  });

  it('accepts anything when no token is configured', () => {
    expect(reasonOf(() => checkToken(request({}), undefined))).toBeUndefined();
  });
});

describe('checkOrigin', () => {
  const options = { allowedOrigins: [], allowedHosts: [], listenHost: '127.0.0.1' };

  it.each<[Record<string, string>, string | undefined, string]>([
    [{ host: 'localhost:1' }, undefined, 'no origin, loopback host'],
    [{ host: 'localhost:1', origin: 'https://evil.example' }, 'ForbiddenOrigin', 'foreign origin'],
    [{ host: 'evil.example:1' }, 'ForbiddenHost', 'rebound host on a loopback listener'],
  ])('%j -> %s (%s)', (headers, expected) => {
    expect(reasonOf(() => checkOrigin(request(headers), options))).toBe(expected);
  });

  it('does not check the host when listening on all interfaces', () => {
    const open = { ...options, listenHost: '0.0.0.0' };
    expect(reasonOf(() => checkOrigin(request({ host: 'gw.svc:8080' }), open))).toBeUndefined();
  });
});
