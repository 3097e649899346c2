import { describe, expect, it } from 'vitest';
import type { Envelope } from '@asya/envelope';
import { admit } from '../../src/route/index.ts';

const ctx = { actor: 'b', hopLimit: 3 };
const now = Date.parse('2030-01-01T00:00:00Z');

function envelope(patch: Partial<Envelope> = {}): Envelope {
  return { id: 'e1', route: { actors: ['a', 'b', 'c'], current: 1 }, payload: { n: 1 }, ...patch };
}

describe('admit', () => {
  it.each([
    [
      'route points at another actor',
      envelope({ route: { actors: ['a', 'x'], current: 1 } }),
      'route_mismatch',
    ],
    [
      'route already finished',
      envelope({ route: { actors: ['a', 'b'], current: 2 } }),
      'route_mismatch',
    ],
    [
      'deadline in the past',
      envelope({ headers: { 'x-asya-deadline': '2029-12-31T23:59:59Z' } }),
      'deadline_exceeded',
    ],
    [
      'deadline exactly now',
      envelope({ headers: { 'x-asya-deadline': '2030-01-01T00:00:00Z' } }),
      'deadline_exceeded',
    ],
    [
      'deadline not RFC 3339',
      envelope({ headers: { 'x-asya-deadline': 'tomorrow' } }),
      'msg_parsing_error',
    ],
    [
      'deadline not a string',
      envelope({ headers: { 'x-asya-deadline': 17 } }),
      'msg_parsing_error',
    ],
    ['hop count at the limit', envelope({ headers: { 'x-asya-hops': 3 } }), 'hop_limit_exceeded'],
    [
      'hop count over the limit',
      envelope({ headers: { 'x-asya-hops': 40 } }),
      'hop_limit_exceeded',
    ],
    ['hop count negative', envelope({ headers: { 'x-asya-hops': -1 } }), 'msg_parsing_error'],
    ['hop count a string', envelope({ headers: { 'x-asya-hops': '2' } }), 'msg_parsing_error'],
  ])('sends the envelope to error-end when %s', (_reason, input, code) => {
    const admission = admit({ envelope: input, attempt: 1, now }, ctx);

    expect(admission.kind).toBe('reject');
    if (admission.kind !== 'reject') return;
    const { destination, envelope: out } = admission.outgoing;
    expect(destination).toBe('error-end');
    expect(out.id).toBe('e1');
    expect(out.route).toEqual(input.route);
    expect(out.payload).toMatchObject({
      error: code,
      details: { actor: 'b', current: input.route.current },
      original_payload: { n: 1 },
    });
  });

  it.each([
    ['no headers at all', envelope(), 0, undefined],
    [
      'a deadline ahead',
      envelope({ headers: { 'x-asya-deadline': '2030-01-01T00:00:01.5Z' } }),
      0,
      now + 1500,
    ],
    [
      'a deadline with an offset',
      envelope({ headers: { 'x-asya-deadline': '2030-01-01T02:00:01+02:00' } }),
      0,
      now + 1000,
    ],
    ['hops below the limit', envelope({ headers: { 'x-asya-hops': 2 } }), 2, undefined],
  ])('admits an envelope with %s', (_reason, input, hops, deadline) => {
    const admission = admit({ envelope: input, attempt: 1, now }, ctx);

    expect(admission.kind).toBe('process');
    if (admission.kind !== 'process') return;
    expect([admission.hops, admission.deadline]).toEqual([hops, deadline]);
  });

  it('sets the attempt header to the delivery count and keeps user headers', () => {
    const input = envelope({ headers: { trace: 't', 'x-asya-attempt': 1 } });

    const admission = admit({ envelope: input, attempt: 4, now }, ctx);

    expect(admission.kind === 'process' && admission.envelope.headers).toEqual({
      trace: 't',
      'x-asya-attempt': 4,
    });
    expect(input.headers).toEqual({ trace: 't', 'x-asya-attempt': 1 });
  });

  it('keeps headers and parent id on the error-end message', () => {
    const input = envelope({ parent_id: 'p', headers: { trace: 't', 'x-asya-hops': 9 } });

    const admission = admit({ envelope: input, attempt: 2, now }, ctx);

    expect(admission.kind === 'reject' && admission.outgoing.envelope).toMatchObject({
      parent_id: 'p',
      headers: { trace: 't', 'x-asya-hops': 9, 'x-asya-attempt': 2 },
      payload: { error: 'hop_limit_exceeded', details: { type: 'HopLimitExceeded' } },
    });
  });
});
