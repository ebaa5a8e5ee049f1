import type { CompiledExpression } from '../spec/types.js';
import { parseJuelBlock } from './juel-parser.js';
import { toText } from './juel-semantics.js';
import { compileJuelAst, type JuelEvaluator } from './juel-to-expr-eval.js';
import { assertLength } from './limits.js';

type Part = string | JuelEvaluator;

/** `${` or `#{` not preceded by the EL escape backslash. */
const BLOCK_START = /(\\?)([$#])\{/g;

export function containsJuel(text: string): boolean {
  BLOCK_START.lastIndex = 0;
  for (let m = BLOCK_START.exec(text); m; m = BLOCK_START.exec(text)) {
    if (m[1] === '') return true;
  }
  return false;
}

/**
 * Compiles JUEL text. A text that is exactly one `${…}` yields the value itself (a boolean for a
 * condition, a list for a collection); anything around or between blocks makes it composite text and the
 * result a string, each block coerced by EL's string rules (null → ''). `\${` is a literal `${` (EL 1.2.2).
 */
export function compileJuel(text: string): CompiledExpression {
  assertLength(text);
  const parts: Part[] = [];
  let literal = '';
  let pos = 0;
  let usesExecution = false;
  BLOCK_START.lastIndex = 0;
  for (let m = BLOCK_START.exec(text); m; m = BLOCK_START.exec(text)) {
    if (m[1] === '\\') {
      literal += text.slice(pos, m.index) + `${m[2]}{`;
      pos = m.index + m[0].length;
      continue;
    }
    literal += text.slice(pos, m.index);
    if (literal) parts.push(literal);
    literal = '';
    const { ast, end, usesExecution: blockUsesExecution } = parseJuelBlock(text, m.index + 2);
    usesExecution ||= blockUsesExecution;
    parts.push(compileJuelAst(ast, text));
    pos = end;
    BLOCK_START.lastIndex = end;
  }
  literal += text.slice(pos);
  if (literal) parts.push(literal);

  // Only set when true, so the engine builds its execution facade for the few expressions that need it.
  const flags = usesExecution ? { usesExecution: true } : {};
  const only = parts.length === 1 ? parts[0] : undefined;
  if (typeof only === 'function') return { source: text, language: 'juel', ...flags, evaluate: only };
  return {
    source: text,
    language: 'juel',
    ...flags,
    evaluate: (vars) => {
      let out = '';
      for (const part of parts) out += typeof part === 'string' ? part : toText(part(vars));
      return out;
    },
  };
}
