import { evaluate as feelinEvaluate, parseExpression } from 'feelin';
import { ExpressionError } from '../errors/index.js';
import type { CompiledExpression, VariableView } from '../spec/types.js';
import { compileFeelSubset, type FeelEvaluator } from './feel-compiler.js';
import { NEEDS_FEELIN } from './feel-semantics.js';
import { FeelUnsupported } from './feel-tokenizer.js';
import { assertLength } from './limits.js';

/**
 * Camunda 8 FEEL (`=…`). The common subset runs as closures compiled once; everything else, and any
 * single evaluation the fast path declines (NEEDS_FEELIN), goes to feelin, which re-parses the text
 * on every call (~100 µs measured: its parse depends on the variable names in scope, so nothing that
 * depends on values is cached here).
 */
export function compileFeel(text: string): CompiledExpression {
  assertLength(text);
  const body = text.startsWith('=') ? text.slice(1) : text;
  if (body.trim() === '') throw new ExpressionError(`empty FEEL expression '${text}'`);

  let fast: FeelEvaluator | undefined;
  try {
    fast = compileFeelSubset(body, isFeelinBuiltin);
  } catch (e) {
    if (!(e instanceof FeelUnsupported)) throw e;
    assertFeelinSyntax(body, text);
  }

  const slow = (vars: VariableView): unknown => evaluateWithFeelin(body, text, vars);
  if (!fast) return { source: text, language: 'feel', evaluate: slow };
  const compiled = fast;
  return {
    source: text,
    language: 'feel',
    evaluate: (vars) => {
      try {
        return compiled(vars);
      } catch (e) {
        if (e === NEEDS_FEELIN) return slow(vars);
        throw e;
      }
    },
  };
}

export function evaluateWithFeelin(body: string, source: string, vars: VariableView): unknown {
  let result: { value: unknown };
  try {
    result = feelinEvaluate(body, vars as Record<string, unknown>);
  } catch (cause) {
    // feelin throws its SyntaxError for unparsable input and plain Errors for unsupported operands
    // (e.g. `x < true`: "unsupported range"); FEEL's own failures are null results, not throws.
    throw new ExpressionError(`cannot evaluate FEEL '${source}': ${(cause as Error).message}`, {}, { cause });
  }
  return result.value === undefined ? null : result.value;
}

/**
 * feelin's parser (lezer) recovers from errors instead of throwing, so a syntax error shows as an error
 * node. Parsing without variables is enough here: names with spaces still parse as one name.
 */
function assertFeelinSyntax(body: string, source: string): void {
  let bad: { from: number } | undefined;
  parseExpression(body, {}, undefined).iterate({
    enter(node) {
      if (node.type.isError && !bad) bad = { from: node.from };
      return !bad;
    },
  });
  if (bad) {
    throw new ExpressionError(`invalid FEEL expression '${source}': syntax error at offset ${bad.from + 1}`);
  }
}

const builtinNames = new Map<string, boolean>();

/** feelin resolves a missing variable named like a built-in (`count`, `now`) to the function itself. */
function isFeelinBuiltin(name: string): boolean {
  let known = builtinNames.get(name);
  if (known === undefined) {
    try {
      known = feelinEvaluate(name, {}).value != null;
    } catch {
      known = true;
    }
    builtinNames.set(name, known);
  }
  return known;
}
