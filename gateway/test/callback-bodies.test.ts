import { describe, expect, it } from 'vitest';
import { parseChild, parseFinal, parseProgress } from '../src/http/callback-bodies.ts';
import { reasonOf } from './support/reason.ts';

describe('parseProgress', () => {
  it('accepts the contract body', () => {
    const body = {
      actor: 'a',
      status: 'processing',
      current: 0,
      total: 2,
      message: 'hi',
      duration_ms: 3,
    };
    expect(parseProgress(body)).toEqual(body);
  });

  it.each<[unknown, string]>([
    [{ status: 'received', current: 0, total: 1 }, 'missing actor'],
    [{ actor: 'a', status: 'done', current: 0, total: 1 }, 'unknown progress state'],
    [{ actor: 'a', status: 'received', current: 2, total: 1 }, 'index past the route'],
    [{ actor: 'a', status: 'received', current: -1, total: 1 }, 'negative index'],
    [{ actor: 'a', status: 'received', current: 0, total: 0 }, 'empty route'],
    ['text', 'not an object'],
  ])('rejects %j (%s)', (body) => {
    expect(reasonOf(() => parseProgress(body))).toBe('InvalidRequest');
  });
});

describe('parseChild', () => {
  it('accepts a whole envelope and keeps id, parent and route', () => {
    const body = {
      id: 'e-1',
      parent_id: 'e',
      route: { actors: ['a', 'b'], current: 1 },
      payload: 1,
    };
    expect(parseChild(body)).toEqual({
      id: 'e-1',
      parent_id: 'e',
      route: { actors: ['a', 'b'], current: 1 },
    });
  });

  it('accepts a null parent for an output that has its own id', () => {
    const body = { id: 'x', parent_id: null, route: { actors: ['a'], current: 0 } };
    expect(parseChild(body).parent_id).toBeNull();
  });

  it.each<[unknown, string]>([
    [{ parent_id: 'e', route: { actors: ['a'], current: 0 } }, 'missing id'],
    [{ id: 'e-1', parent_id: '', route: { actors: ['a'], current: 0 } }, 'empty parent id'],
    [{ id: 'e-1', parent_id: 'e', route: { actors: [], current: 0 } }, 'empty route'],
    [{ id: 'e-1', parent_id: 'e', route: { actors: ['a'], current: 2 } }, 'cursor past the end'],
  ])('rejects %j (%s)', (body) => {
    expect(reasonOf(() => parseChild(body))).toBe('InvalidRequest');
  });
});

describe('parseFinal', () => {
  it('accepts a success with a result and a failure with an error', () => {
    expect(parseFinal({ id: 'e', status: 'succeeded', result: { v: 1 } }, 'e')).toEqual({
      status: 'succeeded',
      result: { v: 1 },
    });
    const error = { reason: 'processing_error', message: 'boom', actor: 'b', current: 1 };
    expect(parseFinal({ id: 'e', status: 'failed', error }, 'e')).toEqual({
      status: 'failed',
      error,
    });
  });

  it.each<[unknown, string]>([
    [{ id: 'other', status: 'succeeded' }, 'id differs from the path'],
    [{ id: 'e', status: 'running' }, 'not a final status'],
    [{ id: 'e', status: 'failed' }, 'failure without error'],
    [{ id: 'e', status: 'failed', error: { message: 'x' } }, 'error without reason'],
  ])('rejects %j (%s)', (body) => {
    expect(reasonOf(() => parseFinal(body, 'e'))).toBe('InvalidRequest');
  });
});
