/**
 * A recursive-descent parser for the subset of CEL (the Common Expression Language of
 * Kubernetes validation rules) that our schemas use: literals, `self`, field selection,
 * indexing, list literals, `has()`, the macros `all`, `exists`, `exists_one`, `filter`, `map`,
 * a few functions (`size`, `startsWith`, `endsWith`, `contains`, `matches`, `int`, `double`,
 * `string`), and the operators `! - * / % + < <= > >= == != in && || ?:`.
 *
 * Not supported (rejected at parse time): map literals, `oldSelf` transition rules, optional
 * types, bytes, timestamps and durations. The schema tests compile every rule, so a rule that
 * leaves the subset fails the build instead of being skipped offline.
 */
import { functionNames, macroNames, type BinaryOp, type Expr, type MacroName } from './ast.ts';
import { CelSyntaxError, tokenize, type Token } from './lexer.ts';

const relations: readonly string[] = ['==', '!=', '<', '<=', '>', '>='];

/** Parses one rule. Throws `CelSyntaxError` for anything outside the subset. */
export function parseCel(source: string): Expr {
  const tokens = tokenize(source);
  let at = 0;

  const peek = (): Token => tokens[at] ?? { kind: 'end', pos: source.length };
  const fail = (cause: string): never => {
    throw new CelSyntaxError(source, peek().pos, cause);
  };
  const isPunct = (value: string): boolean => {
    const token = peek();
    return token.kind === 'punct' && token.value === value;
  };
  const accept = (value: string): boolean => {
    if (!isPunct(value)) return false;
    at += 1;
    return true;
  };
  const expect = (value: string): void => {
    if (!accept(value)) fail(`expected "${value}"`);
  };
  const identifier = (): string => {
    const token = peek();
    if (token.kind !== 'ident') return fail('expected an identifier');
    at += 1;
    return token.value;
  };

  function conditional(): Expr {
    const test = binary(0);
    if (!accept('?')) return test;
    const then = conditional();
    expect(':');
    return { t: 'conditional', test, then, otherwise: conditional() };
  }

  // Levels from loosest to tightest: ||, &&, relations and `in`, + -, * / %.
  const levels: ReadonlyArray<(token: Token) => BinaryOp | undefined> = [
    (token) => (token.kind === 'punct' && token.value === '||' ? '||' : undefined),
    (token) => (token.kind === 'punct' && token.value === '&&' ? '&&' : undefined),
    (token) => {
      if (token.kind === 'ident' && token.value === 'in') return 'in';
      return token.kind === 'punct' && relations.includes(token.value)
        ? (token.value as BinaryOp)
        : undefined;
    },
    (token) =>
      token.kind === 'punct' && ['+', '-'].includes(token.value)
        ? (token.value as BinaryOp)
        : undefined,
    (token) =>
      token.kind === 'punct' && ['*', '/', '%'].includes(token.value)
        ? (token.value as BinaryOp)
        : undefined,
  ];

  function binary(level: number): Expr {
    const operatorAt = levels[level];
    if (!operatorAt) return unary();
    let left = binary(level + 1);
    for (let op = operatorAt(peek()); op !== undefined; op = operatorAt(peek())) {
      at += 1;
      left = { t: 'binary', op, left, right: binary(level + 1) };
    }
    return left;
  }

  function unary(): Expr {
    if (accept('!')) return { t: 'unary', op: '!', operand: unary() };
    if (accept('-')) return { t: 'unary', op: '-', operand: unary() };
    return member(primary());
  }

  function member(start: Expr): Expr {
    let expr = start;
    for (;;) {
      if (accept('.')) {
        const name = identifier();
        if (!accept('(')) {
          expr = { t: 'select', operand: expr, field: name };
          continue;
        }
        expr = methodCall(expr, name);
      } else if (accept('[')) {
        const index = conditional();
        expect(']');
        expr = { t: 'index', operand: expr, index };
      } else {
        return expr;
      }
    }
  }

  function methodCall(target: Expr, name: string): Expr {
    if ((macroNames as readonly string[]).includes(name)) {
      const variable = identifier();
      expect(',');
      const body = conditional();
      expect(')');
      return { t: 'macro', fn: name as MacroName, target, variable, body };
    }
    if (!functionNames.includes(name)) fail(`unsupported function "${name}"`);
    return { t: 'call', fn: name, target, args: argumentList() };
  }

  function argumentList(): Expr[] {
    const args: Expr[] = [];
    if (accept(')')) return args;
    do args.push(conditional());
    while (accept(','));
    expect(')');
    return args;
  }

  function primary(): Expr {
    const token = peek();
    at += 1;
    if (token.kind === 'number' || token.kind === 'string')
      return { t: 'literal', value: token.value };
    if (token.kind === 'punct' && token.value === '(') {
      const inner = conditional();
      expect(')');
      return inner;
    }
    if (token.kind === 'punct' && token.value === '[') {
      const items: Expr[] = [];
      if (!accept(']')) {
        do items.push(conditional());
        while (accept(','));
        expect(']');
      }
      return { t: 'list', items };
    }
    if (token.kind !== 'ident') return fail('expected an expression');

    switch (token.value) {
      case 'true':
        return { t: 'literal', value: true };
      case 'false':
        return { t: 'literal', value: false };
      case 'null':
        return { t: 'literal', value: null };
      case 'oldSelf':
        return fail('transition rules (oldSelf) are not supported offline');
      case 'has':
        return hasMacro();
    }
    if (accept('(')) {
      if (!functionNames.includes(token.value)) fail(`unsupported function "${token.value}"`);
      return { t: 'call', fn: token.value, target: undefined, args: argumentList() };
    }
    return { t: 'ident', name: token.value };
  }

  function hasMacro(): Expr {
    expect('(');
    const inner = member(primary());
    expect(')');
    if (inner.t !== 'select') return fail('has() needs a field selection such as has(self.field)');
    return { t: 'has', operand: inner.operand, field: inner.field };
  }

  const expr = conditional();
  if (peek().kind !== 'end') fail('unexpected trailing input');
  return expr;
}
