import { describe, expect, it } from 'vitest';
import { deadLetterQueueName, queueName, queueNameProblem, TransportError } from '../src/index.ts';
import { reasonOf } from './support/reason.ts';

describe('queueName', () => {
  it('prefixes the actor with asya- by default', () => {
    expect(queueName('text-extractor')).toBe('asya-text-extractor');
  });

  it('uses the given prefix', () => {
    expect(queueName('ocr', 'prod_')).toBe('prod_ocr');
  });

  it('accepts a name of exactly 80 characters', () => {
    expect(queueName('a'.repeat(75))).toHaveLength(80);
  });

  it.each([
    ['longer than 80 characters', 'a'.repeat(76), 'asya-'],
    ['a dot, valid in Kubernetes names', 'text.extractor', 'asya-'],
    ['a slash', 'a/b', 'asya-'],
    ['a space', 'a b', 'asya-'],
    ['a control character', 'a\u0000b', 'asya-'],
    ['a non-ASCII letter', 'ocr-é', 'asya-'],
    ['an empty actor and prefix', '', ''],
    ['an invalid prefix', 'ocr', 'asya.'],
  ])('refuses a result with %s as InvalidQueueName', (_reason, actor, prefix) => {
    expect(reasonOf(() => queueName(actor, prefix))).toBe('InvalidQueueName');
  });

  it('reports a refused name as a terminal error', () => {
    try {
      queueName('a.b');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TransportError);
      expect((err as TransportError).retryable).toBe(false);
    }
  });
});

describe('deadLetterQueueName', () => {
  it('appends -dlq to the queue', () => {
    expect(deadLetterQueueName('asya-ocr')).toBe('asya-ocr-dlq');
  });

  it.each([
    ['a queue of 77 characters, making the result 81', 'q'.repeat(77)],
    ['an invalid queue', 'asya.ocr'],
    ['an empty queue', ''],
  ])('refuses %s as InvalidQueueName', (_reason, queue) => {
    expect(reasonOf(() => deadLetterQueueName(queue))).toBe('InvalidQueueName');
  });
});

describe('queueNameProblem', () => {
  it.each([
    ['a valid name', 'asya-ocr_1', false],
    ['a number instead of a string', 42, true],
    ['undefined', undefined, true],
  ])('tells whether %s has a problem', (_reason, name, hasProblem) => {
    expect(queueNameProblem(name) !== undefined).toBe(hasProblem);
  });
});
