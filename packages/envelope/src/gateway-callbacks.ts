/**
 * The bodies of the gateway callbacks, the one definition the sidecar and the crew (who send
 * them) and the gateway (who validates and stores them) share. All are JSON:
 *
 *   POST /envelopes/{id}/progress  ProgressBody       a sidecar reports an actor's status
 *   POST /envelopes                ChildRegistration  a sidecar registers a fan-out child
 *   POST /envelopes/{id}/final     FinalBody          a crew actor reports the final status
 *
 * Only types live here: the gateway validates incoming bodies against its own rules, senders
 * build them from envelopes they have already validated.
 */

/** Where an actor is with an envelope, in the order an actor passes through them. */
export const PROGRESS_STATES = ['received', 'processing', 'completed'] as const;
export type ProgressState = (typeof PROGRESS_STATES)[number];

/** The two statuses a final callback can report; final states never change once set. */
export const FINAL_STATUSES = ['succeeded', 'failed'] as const;
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/**
 * Body of `POST /envelopes/{id}/progress`: `current` is the index of the reporting actor,
 * `total` the route length.
 */
export interface ProgressBody {
  actor: string;
  status: ProgressState;
  current: number;
  total: number;
  message?: string;
  duration_ms?: number;
}

/** Body of `POST /envelopes`, registering a fan-out child before it travels. */
export interface ChildRegistration {
  id: string;
  /** Null when a runtime gave an output its own id without a parent. */
  parent_id: string | null;
  route: { actors: string[]; current: number };
}

/** The error of a failed envelope, as reported by error-end or written by a deadline sweep. */
export interface FinalError {
  reason: string;
  message: string;
  type?: string;
  actor?: string;
  current?: number;
}

/** Body of `POST /envelopes/{id}/final`; `id` equals the id in the path. */
export interface FinalBody {
  id: string;
  status: FinalStatus;
  result?: unknown;
  error?: FinalError;
  headers?: Record<string, unknown>;
}
