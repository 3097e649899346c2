import { describe, expect, it } from 'vitest';
import { CelEvalError, CelSyntaxError, compileCel } from '@asya/apis';

describe('compileCel', () => {
  it.each([
    ['has() on a present field', 'has(self.a)', { a: 1 }, true],
    ['has() on a missing field', 'has(self.b)', { a: 1 }, false],
    ['integer comparison', 'self.min <= self.max', { min: 1, max: 2 }, true],
    [
      'exactly one of three',
      '(has(self.x) ? 1 : 0) + (has(self.y) ? 1 : 0) == 1',
      { x: {}, y: {} },
      false,
    ],
    ['all() over a list', "self.all(a, a != 'happy-end')", ['a', 'b'], true],
    ['exists() over a list', "self.exists(a, a == 'b')", ['a', 'b'], true],
    ['exists_one() over a list', 'self.exists_one(a, a > 1)', [1, 2, 3], false],
    ['filter() then size()', 'self.filter(a, a > 1).size() == 2', [1, 2, 3], true],
    ['map() over a list', 'self.map(a, a * 2) == [2, 4]', [1, 2], true],
    [
      'in with a list literal',
      "self.name in ['happy-end', 'error-end']",
      { name: 'error-end' },
      true,
    ],
    ['in with a map', "'a' in self", { a: 1 }, true],
    ['matches() with a regular expression', "self.matches('^[a-z]+$')", 'abc', true],
    [
      'string functions',
      "self.startsWith('as') && self.endsWith('ya') && self.contains('sy')",
      'asya',
      true,
    ],
    ['size() as a function', 'size(self) == 3', 'abc', true],
    ['integer division truncates', '7 / 2 == 3 && 7 % 2 == 1', {}, true],
    ['unary minus and precedence', '-1 + 2 * 3 == 5', {}, true],
    ['indexing', "self.l[1] == 'b' && self['l'][0] == 'a'", { l: ['a', 'b'] }, true],
    ['string concatenation', "self.a + '-' + self.b == 'x-y'", { a: 'x', b: 'y' }, true],
    ['an error absorbed by ||', 'self.missing > 1 || true', {}, true],
    ['an error absorbed by &&', 'self.missing > 1 && false', {}, false],
    ['escapes in strings', "'a\\'b' == \"a'b\"", {}, true],
  ])('evaluates %s', (_case, rule, self, expected) => {
    expect(compileCel(rule)(self)).toBe(expected);
  });

  it.each([
    ['a missing field', 'self.missing == 1', {}],
    ['a comparison of different types', "self.a < 'x'", { a: 1 }],
    ['an error not absorbed', 'self.missing > 1 || false', {}],
  ])('throws CelEvalError on %s', (_case, rule, self) => {
    expect(() => compileCel(rule)(self)).toThrow(CelEvalError);
  });

  it.each([
    ['a transition rule', 'self == oldSelf'],
    ['an unknown function', 'self.lowerAscii() == self'],
    ['a map literal', "{'a': 1} == self"],
    ['an unterminated string', "self == 'a"],
    ['trailing input', 'self == 1 1'],
  ])('rejects %s at compile time', (_case, rule) => {
    expect(() => compileCel(rule)).toThrow(CelSyntaxError);
  });
});
