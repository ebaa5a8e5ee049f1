import type { VariableView } from '../spec/types.js';
import { FORBIDDEN_PROPERTY_NAMES, MAX_NESTING_DEPTH, hasOwn } from './limits.js';
import * as feel from './feel-semantics.js';
import { FeelUnsupported, tokenizeFeel, type FeelToken } from './feel-tokenizer.js';

export type FeelEvaluator = (vars: VariableView) => unknown;

/** Words that are FEEL syntax; any of them outside the few we compile sends the expression to feelin. */
const KEYWORDS = new Set([
  'true', 'false', 'null', 'and', 'or', 'not', 'if', 'then', 'else', 'for', 'in', 'return', 'some', 'every',
  'satisfies', 'instance', 'of', 'between', 'function', 'external',
]);

type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
const COMPARE_OPS = new Set<string>(['=', '!=', '<', '<=', '>', '>=']);

/**
 * Compiles the common FEEL subset into closures once: literals, names and `a.b` paths, list and context
 * literals, `+ - * /`, unary minus, comparisons, `and`/`or`, `not(…)`, `if … then … else …`.
 * Throws FeelUnsupported for anything else. `isBuiltin(name)` tells whether feelin would resolve a
 * missing variable of that name to a built-in function (e.g. `count`), in which case we defer to it.
 */
export function compileFeelSubset(body: string, isBuiltin: (name: string) => boolean): FeelEvaluator {
  return new FeelCompiler(tokenizeFeel(body), isBuiltin).root();
}

class FeelCompiler {
  private i = 0;
  /** Keys already defined by enclosing context literals: FEEL lets later entries read them. */
  private readonly contextKeys: Set<string>[] = [];

  constructor(
    private readonly tokens: FeelToken[],
    private readonly isBuiltin: (name: string) => boolean,
  ) {}

  root(): FeelEvaluator {
    const fn = this.expression(0);
    if (this.peek().kind !== 'end') throw new FeelUnsupported();
    return fn;
  }

  private peek(): FeelToken {
    return this.tokens[this.i]!;
  }
  private take(): FeelToken {
    return this.tokens[this.i++]!;
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === text;
  }
  private expectOp(text: string): void {
    if (!this.isOp(text)) throw new FeelUnsupported();
    this.i++;
  }
  private expectWord(text: string): void {
    if (!this.isWord(text)) throw new FeelUnsupported();
    this.i++;
  }

  private expression(depth: number): FeelEvaluator {
    if (depth > MAX_NESTING_DEPTH) throw new FeelUnsupported();
    if (!this.isWord('if')) return this.disjunction(depth);
    this.i++;
    const test = this.expression(depth + 1);
    this.expectWord('then');
    const then = this.expression(depth + 1);
    this.expectWord('else');
    const otherwise = this.expression(depth + 1);
    return (v) => (feel.feelTruthy(test(v)) ? then(v) : otherwise(v));
  }

  private disjunction(depth: number): FeelEvaluator {
    let left = this.conjunction(depth);
    while (this.isWord('or')) {
      this.i++;
      const a = left;
      const b = this.conjunction(depth);
      left = (v) => feel.feelOr(a(v), b(v));
    }
    return left;
  }

  private conjunction(depth: number): FeelEvaluator {
    let left = this.comparison(depth);
    while (this.isWord('and')) {
      this.i++;
      const a = left;
      const b = this.comparison(depth);
      left = (v) => feel.feelAnd(a(v), b(v));
    }
    return left;
  }

  private comparison(depth: number): FeelEvaluator {
    const a = this.additive(depth);
    const t = this.peek();
    if (t.kind !== 'op' || !COMPARE_OPS.has(t.text)) return a;
    this.i++;
    const b = this.additive(depth);
    // `a = b = c` chains in feelin; rare enough to leave to it.
    if (this.peek().kind === 'op' && COMPARE_OPS.has(this.peek().text)) throw new FeelUnsupported();
    const op = t.text as CompareOp;
    if (op === '=') return (v) => feel.feelEquals(a(v), b(v));
    if (op === '!=') return (v) => feel.feelNotEquals(a(v), b(v));
    return (v) => feel.feelCompare(op, a(v), b(v));
  }

  private additive(depth: number): FeelEvaluator {
    let left = this.multiplicative(depth);
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.take().text as '+' | '-';
      const a = left;
      const b = this.multiplicative(depth);
      left = (v) => feel.feelArithmetic(op, a(v), b(v));
    }
    return left;
  }

  private multiplicative(depth: number): FeelEvaluator {
    let left = this.unary(depth);
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.take().text as '*' | '/';
      const a = left;
      const b = this.unary(depth);
      left = (v) => feel.feelArithmetic(op, a(v), b(v));
    }
    return left;
  }

  private unary(depth: number): FeelEvaluator {
    if (!this.isOp('-')) return this.postfix(depth);
    this.i++;
    // feelin reads `- -1` oddly (NaN); a single minus is all we take.
    if (this.isOp('-')) throw new FeelUnsupported();
    const operand = this.postfix(depth);
    return (v) => feel.feelNegate(operand(v));
  }

  private postfix(depth: number): FeelEvaluator {
    let target = this.primary(depth);
    while (this.isOp('.')) {
      this.i++;
      const t = this.take();
      if (t.kind !== 'name' || KEYWORDS.has(t.text)) throw new FeelUnsupported();
      const base = target;
      const name = t.text;
      target = (v) => checked(feel.feelPath(base(v), name));
    }
    // Filters, calls and ranges (`a[1]`, `f(x)`) are feelin's.
    if (this.isOp('[') || this.isOp('(')) throw new FeelUnsupported();
    return target;
  }

  private primary(depth: number): FeelEvaluator {
    const t = this.take();
    if (t.kind === 'number' || t.kind === 'string') {
      const value = t.value;
      return () => value;
    }
    if (t.kind === 'op') {
      if (t.text === '(') {
        const inner = this.expression(depth + 1);
        this.expectOp(')');
        return inner;
      }
      if (t.text === '[') return this.list(depth + 1);
      if (t.text === '{') return this.context(depth + 1);
      throw new FeelUnsupported();
    }
    if (t.kind !== 'name') throw new FeelUnsupported();
    switch (t.text) {
      case 'true':
        return () => true;
      case 'false':
        return () => false;
      case 'null':
        return () => null;
      case 'not': {
        this.expectOp('(');
        const operand = this.expression(depth + 1);
        this.expectOp(')');
        return (v) => feel.feelNot(operand(v));
      }
    }
    if (KEYWORDS.has(t.text) || this.isOp('(')) throw new FeelUnsupported();
    return this.variable(t.text);
  }

  private variable(name: string): FeelEvaluator {
    if (this.contextKeys.some((keys) => keys.has(name))) throw new FeelUnsupported();
    const builtin = this.isBuiltin(name);
    return (v) => {
      const value = hasOwn(v, name) ? v[name] : undefined;
      if (value !== undefined) return checked(value);
      if (builtin) throw feel.NEEDS_FEELIN;
      return null;
    };
  }

  private list(depth: number): FeelEvaluator {
    const items: FeelEvaluator[] = [];
    if (!this.isOp(']')) {
      do items.push(this.expression(depth));
      while (this.isOp(',') && this.take());
    }
    this.expectOp(']');
    return (v) => items.map((item) => item(v));
  }

  private context(depth: number): FeelEvaluator {
    const keys = new Set<string>();
    const entries: [string, FeelEvaluator][] = [];
    this.contextKeys.push(keys);
    if (!this.isOp('}')) {
      do {
        const k = this.take();
        if ((k.kind !== 'name' && k.kind !== 'string') || KEYWORDS.has(k.text)) throw new FeelUnsupported();
        const key = k.kind === 'string' ? String(k.value) : k.text;
        if (FORBIDDEN_PROPERTY_NAMES.has(key)) throw new FeelUnsupported();
        this.expectOp(':');
        entries.push([key, this.expression(depth)]);
        keys.add(key);
      } while (this.isOp(',') && this.take());
    }
    this.expectOp('}');
    this.contextKeys.pop();
    return (v) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of entries) out[key] = value(v);
      return out;
    };
  }
}

/** Values feelin would convert (Dates become FEEL date-times) or treat specially go through feelin. */
function checked(value: unknown): unknown {
  if (value !== null && typeof value === 'object') feel.kindOf(value);
  else if (typeof value === 'function' || typeof value === 'bigint' || typeof value === 'symbol') throw feel.NEEDS_FEELIN;
  return value;
}
