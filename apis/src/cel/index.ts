/**
 * Offline evaluation of the CEL rules (`x-kubernetes-validations`) of our schemas, so that
 * `asya validate` reports the same cross-field problems as the API server. Only the subset of
 * CEL the schemas use is supported; see `parser.ts`.
 */
import { evaluate } from './evaluate.ts';
import { parseCel } from './parser.ts';

export { CelEvalError } from './evaluate.ts';
export { CelSyntaxError } from './lexer.ts';
export { parseCel } from './parser.ts';

/** A compiled rule: true when `self` satisfies it. Throws `CelEvalError` when it cannot tell. */
export type CompiledRule = (self: unknown) => boolean;

/** Compiles `rule` once. Throws `CelSyntaxError` for rules outside the supported subset. */
export function compileCel(rule: string): CompiledRule {
  const expr = parseCel(rule);
  return (self) => evaluate(expr, new Map([['self', self]])) === true;
}
