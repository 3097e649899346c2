/**
 * Tokens of the CEL subset used in our `x-kubernetes-validations` rules (see `parser.ts`).
 * Owns characters to tokens only; anything outside the subset is an error here or in the
 * parser, never a silent misreading.
 */
export type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'ident'; value: string; pos: number }
  | { kind: 'punct'; value: string; pos: number }
  | { kind: 'end'; pos: number };

/** A rule outside the supported subset, or malformed. */
export class CelSyntaxError extends Error {
  readonly reason = 'CelSyntaxError';
  constructor(source: string, pos: number, cause: string) {
    super(`cannot parse CEL rule "${source}": ${cause} at offset ${pos}`);
    this.name = 'CelSyntaxError';
  }
}

const punctuation = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%'];
const single = ['?', ':', '.', ',', '(', ')', '[', ']'];
const escapes: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/** Splits `source` into tokens, ending with an `end` token. Throws `CelSyntaxError`. */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < source.length) {
    const rest = source.slice(pos);
    const space = /^\s+/.exec(rest);
    if (space) {
      pos += space[0].length;
      continue;
    }

    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?u?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0].replace(/u$/, '')), pos });
      pos += number[0].length;
      continue;
    }

    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0], pos });
      pos += ident[0].length;
      continue;
    }

    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      const [value, length] = readString(source, pos, quote);
      tokens.push({ kind: 'string', value, pos });
      pos += length;
      continue;
    }

    const op = punctuation.find((p) => rest.startsWith(p)) ?? single.find((p) => rest[0] === p);
    if (!op) throw new CelSyntaxError(source, pos, `unexpected character "${rest[0] ?? ''}"`);
    tokens.push({ kind: 'punct', value: op, pos });
    pos += op.length;
  }
  tokens.push({ kind: 'end', pos });
  return tokens;
}

function readString(source: string, start: number, quote: string): [string, number] {
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === quote) return [value, i + 1 - start];
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      const escaped = escapes[next];
      if (escaped === undefined)
        throw new CelSyntaxError(source, i, `unsupported escape "\\${next}"`);
      value += escaped;
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  throw new CelSyntaxError(source, start, 'unterminated string');
}
