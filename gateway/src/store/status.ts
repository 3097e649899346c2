/**
 * Status rules of an envelope, as pure functions so they are tested without a database.
 * The SQL in `envelope-store.ts` enforces the same rules atomically; these functions compute
 * the values it writes.
 *
 *   pending --progress--> running --final--> succeeded | failed
 *   pending ------------final---------------> succeeded | failed
 *
 * - Final states never change: a later final is recorded as an event and ignored.
 * - Progress never goes down, and reaches 100 only with the final `succeeded` status: a
 *   progress report alone is capped at `MAX_OPEN_PROGRESS` because happy-end, not the last
 *   actor, decides when the route is finished.
 */

import type { FinalStatus, ProgressState } from '@asya/envelope';

export type { FinalStatus, ProgressState };
export type EnvelopeStatus = 'pending' | 'running' | FinalStatus;

export const MAX_OPEN_PROGRESS = 99;

/** True for `succeeded` and `failed`. */
export function isFinal(status: EnvelopeStatus): status is FinalStatus {
  return status === 'succeeded' || status === 'failed';
}

const stateWeight: Record<ProgressState, number> = {
  received: 0,
  processing: 0.5,
  completed: 1,
};

/**
 * Percent reported by actor `current` of `total` in `state`: actors share the route evenly;
 * within an actor, received = start of its share, processing = middle, completed = end.
 * Clamped to [0, MAX_OPEN_PROGRESS]; rounded to one decimal.
 */
export function progressPercent(current: number, total: number, state: ProgressState): number {
  if (total <= 0) return 0;
  const raw = ((current + stateWeight[state]) / total) * 100;
  const clamped = Math.min(Math.max(raw, 0), MAX_OPEN_PROGRESS);
  return Math.round(clamped * 10) / 10;
}

/** Progress after a report: never lower than before, never 100 before the final status. */
export function nextProgress(previous: number, reported: number): number {
  return Math.max(previous, Math.min(reported, MAX_OPEN_PROGRESS));
}

/** Progress written with a final status: 100 on success, unchanged on failure. */
export function finalProgress(previous: number, status: FinalStatus): number {
  return status === 'succeeded' ? 100 : previous;
}

/** Whether a transition is accepted: anything from an open status, nothing from a final one. */
export function acceptsTransition(from: EnvelopeStatus, to: EnvelopeStatus): boolean {
  if (isFinal(from)) return false;
  if (from === 'running' && to === 'pending') return false;
  return true;
}
