import type { CompiledExpression, VariableView } from '../spec/types.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/*
 * camunda:list / camunda:map parameters and comma lists of assignees are built from several expressions;
 * the engine sees one CompiledExpression whatever their shape, so the composite is assembled here once.
 */
export function listExpression(items: readonly CompiledExpression[], source: string, language: CompiledExpression['language']): CompiledExpression {
  return { source, language, evaluate: (vars: VariableView) => items.map((i) => i.evaluate(vars)) };
}

/**
 * A camunda:map: each key is text or, as Camunda 7 allows (`<camunda:entry key="${k}">`), an
 * expression evaluated to the key's name when the map is built.
 */
export function mapExpression(
  entries: readonly (readonly [CompiledExpression, CompiledExpression])[],
  source: string,
  language: CompiledExpression['language'],
): CompiledExpression {
  return {
    source,
    language,
    evaluate: (vars: VariableView) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const key = k.evaluate(vars);
        // A computed key must not reach Object.prototype through the result.
        Object.defineProperty(out, key === null || key === undefined ? 'null' : String(key), { value: v.evaluate(vars), enumerable: true, writable: true, configurable: true });
      }
      return out;
    },
  };
}

/** Split a comma list at top level only: `${a}, b, ${fn(x, y)}` is three parts, not four. */
export function splitCommaList(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * Camunda 7 `candidateUsers="${a}, bob"`: each part is an expression or a name; the value is the
 * flattened list (an expression may itself yield a list or a comma string, as Camunda allows).
 */
export function commaListExpression(text: string, el: ModdleElement, ctx: ParseContext): CompiledExpression {
  const parts = splitCommaList(text).map((p) => ctx.expr(p, el));
  const first = parts[0];
  if (parts.length === 1 && first) return first;
  return {
    source: text,
    language: first?.language ?? 'literal',
    evaluate: (vars: VariableView) => parts.flatMap((p) => flattenNames(p.evaluate(vars))),
  };
}

function flattenNames(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return v === null || v === undefined ? [] : [v];
}

/**
 * Two candidate lists for one task (Camunda 7 adds `camunda:candidateUsers` to the users of a BPMN
 * `potentialOwner`, it does not replace them): one expression yielding both, flattened.
 */
export function concatListExpressions(a: CompiledExpression | undefined, b: CompiledExpression | undefined): CompiledExpression | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return {
    source: `${a.source}, ${b.source}`,
    language: a.language,
    evaluate: (vars: VariableView) => [...flattenNames(a.evaluate(vars)), ...flattenNames(b.evaluate(vars))],
  };
}
