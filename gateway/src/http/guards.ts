/**
 * Request guards applied before any handler: the bearer token, and DNS-rebinding protection
 * (foreign `Origin` headers, and foreign `Host` headers when the gateway listens on a
 * loopback address, where a rebound domain would otherwise reach it).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GatewayError } from '../errors.ts';

export interface GuardOptions {
  /** Required bearer token; undefined disables authentication (local development). */
  token?: string;
  allowedOrigins: readonly string[];
  allowedHosts: readonly string[];
  /** The address the server listens on. */
  listenHost: string;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Throws GatewayError `Unauthorized` unless the request carries the bearer token. */
export function checkToken(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (match?.[1] === undefined || !sameSecret(match[1].trim(), token)) {
    throw new GatewayError(
      'Unauthorized',
      'cannot authenticate request: missing or wrong bearer token',
    );
  }
}

/**
 * Throws GatewayError `ForbiddenOrigin` for an `Origin` that is neither loopback nor allowed,
 * and `ForbiddenHost` for a non-loopback `Host` on a loopback listener (unless allowed).
 * Requests without `Origin` (non-browser clients) pass the origin check.
 */
export function checkOrigin(req: IncomingMessage, options: GuardOptions): void {
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, options.allowedOrigins)) {
    throw new GatewayError(
      'ForbiddenOrigin',
      `cannot accept request from origin "${origin}": not allowed`,
    );
  }

  if (!LOOPBACK_NAMES.has(options.listenHost)) return;
  const host = req.headers.host ?? '';
  if (!hostAllowed(host, options.allowedHosts)) {
    throw new GatewayError(
      'ForbiddenHost',
      `cannot accept request for host "${host}": not allowed`,
    );
  }
}

export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    const url = new URL(origin);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_NAMES.has(url.hostname)
    );
  } catch {
    return false;
  }
}

export function hostAllowed(host: string, allowed: readonly string[]): boolean {
  if (allowed.includes(host)) return true;
  const name = host.startsWith('[')
    ? host.slice(0, host.indexOf(']') + 1)
    : (host.split(':')[0] ?? '');
  return LOOPBACK_NAMES.has(name.toLowerCase()) || allowed.includes(name);
}

// Hashing first makes the comparison constant-time whatever the lengths.
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
