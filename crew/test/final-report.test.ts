import { describe, expect, it } from 'vitest';
import type { Envelope } from '@asya/envelope';
import { failedReport, succeededReport, UNKNOWN_ERROR } from '../src/index.ts';

const route = { actors: ['a', 'b', 'c'], current: 1 };

describe('final reports', () => {
  it('reports succeeded with the payload as result and the headers', () => {
    const envelope: Envelope = {
      id: 'e1',
      route: { actors: ['a'], current: 1 },
      headers: { trace: 't' },
      payload: { n: 1 },
    };
    expect(succeededReport(envelope)).toEqual({
      id: 'e1',
      status: 'succeeded',
      result: { n: 1 },
      headers: { trace: 't' },
    });
  });

  it.each([
    [
      'a full error payload',
      {
        error: 'processing_error',
        details: { message: 'boom', type: 'ValueError', actor: 'c', current: 2 },
        original_payload: {},
      },
      { reason: 'processing_error', message: 'boom', type: 'ValueError', actor: 'c', current: 2 },
    ],
    [
      'details without actor fall back to the route cursor',
      { error: 'timeout', details: { message: 'slow' } },
      { reason: 'timeout', message: 'slow', actor: 'b', current: 1 },
    ],
    [
      'a payload that is not an error payload',
      { anything: true },
      { reason: UNKNOWN_ERROR, actor: 'b', current: 1 },
    ],
  ])('reports failed from %s', (_reason, payload, expected) => {
    const report = failedReport({ id: 'e2', route, payload });
    expect(report.status).toBe('failed');
    expect(report.id).toBe('e2');
    expect(report.error).toMatchObject(expected);
    expect(typeof report.error?.message).toBe('string');
  });
});
