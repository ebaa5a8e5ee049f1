/**
 * Tokens of the FEEL subset we compile ourselves. Anything the subset does not cover — backticks, `@`
 * literals, `..` ranges, `**`, exponent numbers, unusual escapes, non-ASCII names — raises
 * FeelUnsupported, which only means "let feelin handle this expression", never a user-facing error.
 */
export class FeelUnsupported extends Error {}

export type FeelTokenKind = 'number' | 'string' | 'name' | 'op' | 'end';

export interface FeelToken {
  readonly kind: FeelTokenKind;
  readonly text: string;
  readonly value?: number | string;
}

const OPERATORS = ['<=', '>=', '!=', '=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', '{', '}', ',', ':', '.'];
const NAME_PART = /[A-Za-z0-9_]/;
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', n: '\n', r: '\r', t: '\t' };

export function tokenizeFeel(src: string): FeelToken[] {
  const tokens: FeelToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d+)?|\.\d+)/.exec(src.slice(i, i + 400))!;
      i += m[0].length;
      // `1e3`, `1.` and `1..2` read differently in feelin; do not guess.
      if (/[A-Za-z_.]/.test(src[i] ?? '')) throw new FeelUnsupported();
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]) });
      continue;
    }
    if (c === '"') {
      let out = '';
      let j = i + 1;
      for (;;) {
        const ch = src[j];
        if (ch === undefined) throw new FeelUnsupported();
        if (ch === '"') break;
        if (ch === '\\') {
          const decoded = ESCAPES[src[j + 1] ?? ''];
          if (decoded === undefined) throw new FeelUnsupported();
          out += decoded;
          j += 2;
          continue;
        }
        out += ch;
        j++;
      }
      tokens.push({ kind: 'string', text: src.slice(i, j + 1), value: out });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < src.length && NAME_PART.test(src[j]!)) j++;
      // Names like `order?` or `größe` are FEEL names we leave to feelin.
      if (j < src.length && /[^\s<>=!+\-*/()[\]{},:.]/.test(src[j]!)) throw new FeelUnsupported();
      tokens.push({ kind: 'name', text: src.slice(i, j) });
      i = j;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (!op || src.startsWith('**', i) || src.startsWith('..', i)) throw new FeelUnsupported();
    tokens.push({ kind: 'op', text: op });
    i += op.length;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}
