import { describe, expect, it } from 'vitest';
import type { Envelope } from '@asya/envelope';
import { routeResponse } from '../../src/route/index.ts';

const ctx = { actor: 'b', hopLimit: 100 };

const input: Envelope = {
  id: 'e1',
  route: { actors: ['a', 'b', 'c'], current: 1, metadata: { m: 1 } },
  headers: { trace: 't', 'x-asya-deadline': '2030-01-01T00:00:00Z', 'x-asya-attempt': 1 },
  payload: { n: 1 },
};

/** An output as the runtime builds it in payload mode: route advanced, headers copied. */
function output(payload: unknown, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'e1',
    route: { actors: ['a', 'b', 'c'], current: 2, metadata: { m: 1 } },
    headers: { ...input.headers },
    payload,
    ...patch,
  };
}

describe('routeResponse', () => {
  it('sends a single output to the next actor with the hop count advanced', () => {
    const routed = routeResponse(input, 4, [output({ n: 2 })], ctx);

    expect(routed.outcome).toBe('routed');
    expect(routed.outgoing).toHaveLength(1);
    expect(routed.outgoing[0]?.destination).toBe('c');
    expect(routed.outgoing[0]?.envelope).toMatchObject({
      id: 'e1',
      route: { current: 2, metadata: { m: 1 } },
      headers: { trace: 't', 'x-asya-hops': 5, 'x-asya-deadline': '2030-01-01T00:00:00Z' },
      payload: { n: 2 },
    });
  });

  it.each([
    ['route finished', { route: { actors: ['a', 'b', 'c'], current: 3 } }, 'happy-end'],
    ['route not advanced (a cycle)', { route: { actors: ['a', 'b', 'c'], current: 1 } }, 'b'],
    ['later actors replaced', { route: { actors: ['a', 'b', 'x', 'y'], current: 2 } }, 'x'],
    ['later actors removed', { route: { actors: ['a', 'b'], current: 2 } }, 'happy-end'],
  ])('routes an output by its own route when %s', (_reason, patch, destination) => {
    const routed = routeResponse(input, 0, [output(1, patch)], ctx);

    expect(routed.outcome).toBe('routed');
    expect(routed.outgoing[0]?.destination).toBe(destination);
  });

  it('numbers fan-out children and sets their parent id', () => {
    const routed = routeResponse(input, 0, [output(0), output(1), output(2)], ctx);

    expect(routed.outgoing.map((m) => [m.envelope.id, m.envelope.parent_id])).toEqual([
      ['e1', undefined],
      ['e1-1', 'e1'],
      ['e1-2', 'e1'],
    ]);
    expect(routed.outgoing.every((m) => m.envelope.headers?.trace === 't')).toBe(true);
  });

  it.each([
    ['ids missing', [output(0, { id: undefined }), output(1, { id: undefined })], ['e1', 'e1-1']],
    ['every id equal to the input', [output(0), output(1)], ['e1', 'e1-1']],
    [
      'distinct ids set by the handler',
      [output(0, { id: 'x' }), output(1, { id: 'y' })],
      ['x', 'y'],
    ],
  ])('settles fan-out ids with %s', (_reason, response, ids) => {
    const routed = routeResponse(input, 0, response, ctx);

    expect(routed.outgoing.map((m) => m.envelope.id)).toEqual(ids);
  });

  it('keeps the input parent id on the first output', () => {
    const child: Envelope = { ...input, id: 'e1-3', parent_id: 'e1' };
    const routed = routeResponse(child, 0, [output(0, { id: undefined })], ctx);

    expect(routed.outgoing[0]?.envelope).toMatchObject({ id: 'e1-3', parent_id: 'e1' });
  });

  it.each([
    ['handler drops a user header', { headers: {} }, { trace: 't' }],
    ['handler sets a header', { headers: { extra: 1 } }, { trace: 't', extra: 1 }],
    ['handler rewinds the hop count', { headers: { 'x-asya-hops': 0 } }, { 'x-asya-hops': 8 }],
    [
      'handler moves the deadline',
      { headers: { 'x-asya-deadline': '2099-01-01T00:00:00Z' } },
      { 'x-asya-deadline': '2030-01-01T00:00:00Z' },
    ],
    ['headers not an object', { headers: 'nope' }, { trace: 't' }],
  ])('preserves headers when the %s', (_reason, patch, expected) => {
    const routed = routeResponse(input, 7, [output(1, patch)], ctx);

    expect(routed.outgoing[0]?.envelope.headers).toMatchObject(expected);
  });

  it('sends the input, route not advanced, to happy-end on an empty result', () => {
    const routed = routeResponse(input, 2, [], ctx);

    expect(routed.outcome).toBe('aborted');
    expect(routed.outgoing).toEqual([
      {
        destination: 'happy-end',
        envelope: { ...input, headers: { ...input.headers, 'x-asya-hops': 3 } },
      },
    ]);
  });

  it('turns a runtime error into one error-end message with details', () => {
    const failure = {
      error: 'processing_error',
      details: { message: 'boom', type: 'ValueError', traceback: 'tb' },
    };

    const routed = routeResponse(input, 0, [failure], ctx);

    expect(routed.outcome).toBe('failed');
    expect(routed.outgoing).toHaveLength(1);
    expect(routed.outgoing[0]?.destination).toBe('error-end');
    expect(routed.outgoing[0]?.envelope).toMatchObject({
      id: 'e1',
      route: input.route,
      headers: input.headers,
      payload: {
        error: 'processing_error',
        details: { message: 'boom', type: 'ValueError', traceback: 'tb', actor: 'b', current: 1 },
        original_payload: { n: 1 },
      },
    });
  });

  it.each([
    ['an element that is not an object', [output(1), 7], 'invalid_runtime_response'],
    ['an element that is an array', [[]], 'invalid_runtime_response'],
    [
      'an output without payload',
      [{ route: { actors: ['a', 'b', 'c'], current: 2 } }],
      'processing_error',
    ],
    ['an output without route', [{ payload: 1 }], 'processing_error'],
    [
      'an output with current past the end',
      [output(1, { route: { actors: ['a', 'b', 'c'], current: 4 } })],
      'processing_error',
    ],
    [
      'an output with an empty route',
      [output(1, { route: { actors: [], current: 0 } })],
      'processing_error',
    ],
    [
      'an output that rewrote a visited actor',
      [output(1, { route: { actors: ['z', 'b', 'c'], current: 2 } })],
      'processing_error',
    ],
    [
      'an output that rewrote the current actor',
      [output(1, { route: { actors: ['a', 'z', 'c'], current: 2 } })],
      'processing_error',
    ],
    ['one bad output among good ones', [output(1), output(2, { route: 'x' })], 'processing_error'],
  ])('sends one error-end message and nothing else for %s', (_reason, response, code) => {
    const routed = routeResponse(input, 0, response, ctx);

    expect(routed.outcome).toBe('failed');
    expect(routed.outgoing).toHaveLength(1);
    expect(routed.outgoing[0]?.destination).toBe('error-end');
    expect(routed.outgoing[0]?.envelope.payload).toMatchObject({
      error: code,
      original_payload: { n: 1 },
    });
  });
});
