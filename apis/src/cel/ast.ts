/** The expression tree of the CEL subset (produced by `parser.ts`, read by `evaluate.ts`). */
export type Expr =
  | { t: 'literal'; value: unknown }
  | { t: 'ident'; name: string }
  | { t: 'select'; operand: Expr; field: string }
  | { t: 'index'; operand: Expr; index: Expr }
  | { t: 'has'; operand: Expr; field: string }
  | { t: 'call'; fn: string; target: Expr | undefined; args: Expr[] }
  | { t: 'macro'; fn: MacroName; target: Expr; variable: string; body: Expr }
  | { t: 'list'; items: Expr[] }
  | { t: 'unary'; op: '!' | '-'; operand: Expr }
  | { t: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { t: 'conditional'; test: Expr; then: Expr; otherwise: Expr };

export type MacroName = 'all' | 'exists' | 'exists_one' | 'filter' | 'map';

export type BinaryOp =
  '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | '+' | '-' | '*' | '/' | '%';

export const macroNames: readonly MacroName[] = ['all', 'exists', 'exists_one', 'filter', 'map'];

/** Functions the evaluator knows; a rule calling anything else fails to compile. */
export const functionNames: readonly string[] = [
  'size',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'int',
  'double',
  'string',
];
