/**
 * The envelope model: the TypeScript shape of `schemas/envelope/envelope.schema.json` and the
 * header names Asya reserves. Parsing and validation live in `parse.ts`; building the message
 * sent to error-end lives in `error-envelope.ts`.
 */

export interface Route {
  actors: string[];
  current: number;
  metadata?: Record<string, unknown>;
}

export interface Envelope {
  id: string;
  parent_id?: string;
  route: Route;
  headers?: Record<string, unknown>;
  payload: unknown;
}

/** Names of the crew actors that end every route. They never appear in `route.actors`. */
export const HAPPY_END = 'happy-end';
export const ERROR_END = 'error-end';

/** Header keys owned by Asya. Everything else in `headers` belongs to the user. */
export const Headers = {
  /** Number of hops the envelope has made so far (integer). */
  hops: 'x-asya-hops',
  /** Absolute deadline, RFC 3339 UTC; an envelope past it goes to error-end. */
  deadline: 'x-asya-deadline',
  /** Delivery attempts of the current hop, as counted by the transport (integer). */
  attempt: 'x-asya-attempt',
} as const;

/** True when every actor of the route has processed the envelope. */
export function isRouteFinished(route: Route): boolean {
  return route.current >= route.actors.length;
}

/** The actor that must process the envelope next, or happy-end when the route is finished. */
export function destinationOf(envelope: Envelope): string {
  return envelope.route.actors[envelope.route.current] ?? HAPPY_END;
}
