import { ExpressionError } from '../errors/index.js';

export type JuelTokenKind = 'number' | 'string' | 'name' | 'op' | 'end';

export interface JuelToken {
  readonly kind: JuelTokenKind;
  /** Operator text, identifier, decoded string; for numbers the source digits. */
  readonly text: string;
  /** Offset of the first character in the whole source text. */
  readonly start: number;
}

/** Longest first, so `<=` wins over `<`. Includes EL 3.0 operators only to reject them by name. */
const OPERATORS = [
  '+=', '->', '==', '!=', '<=', '>=', '&&', '||',
  '+', '-', '*', '/', '%', '<', '>', '!', '?', ':', '.', '[', ']', '(', ')', '{', '}', ',', ';', '=',
];

const IDENT_START = /[A-Za-z_$\p{L}]/u;
const IDENT_PART = /[A-Za-z0-9_$\p{L}\p{N}]/u;

/**
 * Scans JUEL tokens lazily from `start` so a composite text (`Hello ${name}!`) can hand over at the
 * closing `}` and continue with literal text; string literals are decoded here so a `}` inside quotes
 * never ends the expression.
 */
export class JuelTokenizer {
  private pos: number;

  constructor(
    private readonly src: string,
    start: number,
  ) {
    this.pos = start;
  }

  next(): JuelToken {
    const src = this.src;
    while (this.pos < src.length && /\s/.test(src[this.pos]!)) this.pos++;
    const start = this.pos;
    if (start >= src.length) return { kind: 'end', text: '', start };
    const c = src[start]!;
    if (c === '"' || c === "'") return this.string(c, start);
    if ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(src[start + 1] ?? ''))) return this.number(start);
    if (IDENT_START.test(c)) {
      let end = start + 1;
      while (end < src.length && IDENT_PART.test(src[end]!)) end++;
      this.pos = end;
      return { kind: 'name', text: src.slice(start, end), start };
    }
    for (const op of OPERATORS) {
      if (src.startsWith(op, start)) {
        this.pos = start + op.length;
        return { kind: 'op', text: op, start };
      }
    }
    throw new ExpressionError(`unexpected character '${c}' at offset ${start} in '${src}'`);
  }

  private number(start: number): JuelToken {
    const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(this.src.slice(start, start + 400));
    const text = m![0];
    this.pos = start + text.length;
    return { kind: 'number', text, start };
  }

  /** EL spec 1.4: inside a string literal only `\\`, `\'` and `\"` are escapes. */
  private string(quote: string, start: number): JuelToken {
    const src = this.src;
    let out = '';
    let i = start + 1;
    while (i < src.length) {
      const ch = src[i]!;
      if (ch === quote) {
        this.pos = i + 1;
        return { kind: 'string', text: out, start };
      }
      if (ch === '\\') {
        const nx = src[i + 1];
        if (nx === '\\' || nx === "'" || nx === '"') {
          out += nx;
          i += 2;
          continue;
        }
        throw new ExpressionError(
          `invalid escape sequence '\\${nx ?? ''}' in string literal at offset ${i} (JUEL allows \\\\, \\' and \\")`,
        );
      }
      out += ch;
      i++;
    }
    throw new ExpressionError(`unterminated string literal starting at offset ${start}`);
  }
}
