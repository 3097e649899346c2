import { describe, expect, it } from 'vitest';
import { releaseDelayMs } from '../../src/pump/index.ts';

describe('releaseDelayMs', () => {
  it.each([
    ['first delivery', 1, 250],
    ['second delivery', 2, 500],
    ['fifth delivery', 5, 4000],
    ['many deliveries are capped', 50, 30_000],
    ['a zero count is treated as the first', 0, 250],
  ])('waits the expected time on the %s', (_reason, count, delay) => {
    expect(releaseDelayMs(count)).toBe(delay);
  });
});
