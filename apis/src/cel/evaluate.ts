/**
 * Evaluates a parsed CEL expression against plain JSON values, with the CEL semantics that
 * matter for validation rules: selecting a missing field is an error (guard it with `has()`),
 * `&&` and `||` absorb an error on one side when the other side decides the result, and
 * comparisons need operands of the same type.
 */
import { isMap } from '../is-map.ts';
import type { BinaryOp, Expr } from './ast.ts';

/** A rule that cannot be evaluated on this value (missing field, wrong type). */
export class CelEvalError extends Error {
  readonly reason = 'CelEvalError';
  constructor(cause: string) {
    super(`cannot evaluate CEL rule: ${cause}`);
    this.name = 'CelEvalError';
  }
}

type Scope = ReadonlyMap<string, unknown>;

/** Evaluates `expr` with the given variables (`self` at least). Throws `CelEvalError`. */
export function evaluate(expr: Expr, scope: Scope): unknown {
  switch (expr.t) {
    case 'literal':
      return expr.value;
    case 'ident':
      if (!scope.has(expr.name)) throw new CelEvalError(`undeclared reference "${expr.name}"`);
      return scope.get(expr.name);
    case 'select':
      return field(evaluate(expr.operand, scope), expr.field);
    case 'has': {
      const operand = evaluate(expr.operand, scope);
      return (
        isMap(operand) && Object.hasOwn(operand, expr.field) && operand[expr.field] !== undefined
      );
    }
    case 'index':
      return index(evaluate(expr.operand, scope), evaluate(expr.index, scope));
    case 'list':
      return expr.items.map((item) => evaluate(item, scope));
    case 'unary': {
      const value = evaluate(expr.operand, scope);
      if (expr.op === '!') return !bool(value);
      return -number(value);
    }
    case 'conditional':
      return bool(evaluate(expr.test, scope))
        ? evaluate(expr.then, scope)
        : evaluate(expr.otherwise, scope);
    case 'binary':
      return binary(expr.op, expr.left, expr.right, scope);
    case 'call':
      return call(
        expr.fn,
        expr.target === undefined ? undefined : evaluate(expr.target, scope),
        expr.args.map((a) => evaluate(a, scope)),
      );
    case 'macro':
      return macro(expr, scope);
  }
}

function binary(op: BinaryOp, leftExpr: Expr, rightExpr: Expr, scope: Scope): unknown {
  if (op === '&&' || op === '||') {
    const decisive = op === '||';
    let leftError: unknown;
    try {
      if (bool(evaluate(leftExpr, scope)) === decisive) return decisive;
    } catch (err) {
      leftError = err;
    }
    const right = bool(evaluate(rightExpr, scope));
    if (right === decisive) return decisive;
    if (leftError instanceof Error) throw leftError;
    return !decisive;
  }

  const left = evaluate(leftExpr, scope);
  const right = evaluate(rightExpr, scope);
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case 'in':
      if (Array.isArray(right)) return right.some((item) => equal(item, left));
      if (isMap(right)) return typeof left === 'string' && Object.hasOwn(right, left);
      throw new CelEvalError('"in" needs a list or a map on its right');
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, left, right);
    case '+':
      if (typeof left === 'string' && typeof right === 'string') return left + right;
      if (Array.isArray(left) && Array.isArray(right))
        return [...(left as unknown[]), ...(right as unknown[])];
      return number(left) + number(right);
    case '-':
      return number(left) - number(right);
    case '*':
      return number(left) * number(right);
    case '/':
    case '%': {
      const [a, b] = [number(left), number(right)];
      if (b === 0 && Number.isInteger(a)) throw new CelEvalError('division by zero');
      if (op === '%') return a % b;
      return Number.isInteger(a) && Number.isInteger(b) ? Math.trunc(a / b) : a / b;
    }
  }
}

function call(fn: string, target: unknown, args: unknown[]): unknown {
  const [first] = args;
  const subject = target === undefined ? first : target;
  switch (fn) {
    case 'size':
      if (typeof subject === 'string') return [...subject].length;
      if (Array.isArray(subject)) return subject.length;
      if (isMap(subject)) return Object.keys(subject).length;
      throw new CelEvalError('size() needs a string, list or map');
    case 'startsWith':
      return string(target).startsWith(string(first));
    case 'endsWith':
      return string(target).endsWith(string(first));
    case 'contains':
      return string(target).includes(string(first));
    case 'matches':
      return new RegExp(string(first), 'u').test(string(target));
    case 'int':
      return Math.trunc(Number(subject));
    case 'double':
      return Number(subject);
    case 'string':
      return String(subject);
  }
  throw new CelEvalError(`unknown function "${fn}"`);
}

function macro(expr: Extract<Expr, { t: 'macro' }>, scope: Scope): unknown {
  const target = evaluate(expr.target, scope);
  const items = Array.isArray(target) ? target : isMap(target) ? Object.keys(target) : undefined;
  if (!items) throw new CelEvalError(`${expr.fn}() needs a list or a map`);

  const test = (item: unknown): unknown =>
    evaluate(expr.body, new Map([...scope, [expr.variable, item]]));
  switch (expr.fn) {
    case 'all':
      return items.every((item) => bool(test(item)));
    case 'exists':
      return items.some((item) => bool(test(item)));
    case 'exists_one':
      return items.filter((item) => bool(test(item))).length === 1;
    case 'filter':
      return items.filter((item) => bool(test(item)));
    case 'map':
      return items.map(test);
  }
}

function field(value: unknown, name: string): unknown {
  if (!isMap(value) || value[name] === undefined) throw new CelEvalError(`no such key "${name}"`);
  return value[name];
}

function index(value: unknown, key: unknown): unknown {
  if (Array.isArray(value) && typeof key === 'number') {
    if (key < 0 || key >= value.length) throw new CelEvalError(`index ${key} out of range`);
    return value[key] as unknown;
  }
  if (isMap(value) && typeof key === 'string') return field(value, key);
  throw new CelEvalError('index needs a list and an int, or a map and a string');
}

function compare(op: '<' | '<=' | '>' | '>=', left: unknown, right: unknown): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) throw new CelEvalError(`cannot compare with "${op}"`);
  const [a, b] = [left, right] as [number, number];
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function equal(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, i) => equal(item, right[i]));
  }
  if (isMap(left) && isMap(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((k) => equal(left[k], right[k]));
  }
  return left === right;
}

function bool(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new CelEvalError('expected a bool');
  return value;
}

function number(value: unknown): number {
  if (typeof value !== 'number') throw new CelEvalError('expected a number');
  return value;
}

function string(value: unknown): string {
  if (typeof value !== 'string') throw new CelEvalError('expected a string');
  return value;
}
