import { describe, expect, it } from 'vitest';
import {
  acceptsTransition,
  finalProgress,
  isFinal,
  nextProgress,
  progressPercent,
  type EnvelopeStatus,
  type ProgressState,
} from '../src/store/status.ts';

describe('progressPercent', () => {
  it.each<[number, number, ProgressState, number, string]>([
    [0, 2, 'received', 0, 'first actor starting'],
    [0, 2, 'processing', 25, 'first actor half way'],
    [0, 2, 'completed', 50, 'first actor done'],
    [1, 2, 'completed', 99, 'last actor done is not the end of the route'],
    [0, 3, 'completed', 33.3, 'rounded to one decimal'],
    [5, 2, 'received', 99, 'out-of-range index is capped'],
    [0, 0, 'completed', 0, 'empty route'],
  ])('gives %s/%s %s -> %s (%s)', (current, total, state, expected) => {
    expect(progressPercent(current, total, state)).toBe(expected);
  });
});

describe('nextProgress', () => {
  it.each([
    [40, 20, 40, 'a lower report does not move progress back'],
    [40, 60, 60, 'a higher report moves progress forward'],
    [40, 100, 99, 'a report alone never reaches 100'],
  ])('from %s with report %s gives %s (%s)', (previous, reported, expected) => {
    expect(nextProgress(previous, reported)).toBe(expected);
  });
});

describe('finalProgress', () => {
  it('reaches 100 on success and keeps progress on failure', () => {
    expect(finalProgress(50, 'succeeded')).toBe(100);
    expect(finalProgress(50, 'failed')).toBe(50);
  });
});

describe('acceptsTransition', () => {
  const statuses: EnvelopeStatus[] = ['pending', 'running', 'succeeded', 'failed'];
  it.each(statuses.flatMap((from) => statuses.map((to) => [from, to] as const)))(
    'from %s to %s is accepted only when the source is not final',
    (from, to) => {
      const expected = !isFinal(from) && !(from === 'running' && to === 'pending');
      expect(acceptsTransition(from, to)).toBe(expected);
    },
  );
});
