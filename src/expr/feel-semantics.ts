import { hasOwn } from './limits.js';

/**
 * FEEL semantics of the compiled subset, written to agree with feelin (the fallback and the reference of
 * the differential test) on JSON-like values: null, booleans, numbers, strings, lists and plain objects.
 * Whenever a value or a combination is outside what we mirror exactly (temporal values, class
 * instances, feelin's single-element-list equality, mixed-type ordering), the code throws NEEDS_FEELIN
 * and that one evaluation is handed to feelin instead — so the fast path never invents a semantics.
 */
export const NEEDS_FEELIN: unique symbol = Symbol('needs feelin');

type Kind = 'null' | 'boolean' | 'number' | 'string' | 'list' | 'context';

/** feelin's `context` is an object whose prototype is exactly Object.prototype. */
export function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      if (Array.isArray(v)) return 'list';
      if (Object.getPrototypeOf(v) === Object.prototype) return 'context';
  }
  throw NEEDS_FEELIN;
}

/** FEEL `=`: null only equals null; different kinds are not comparable (null). */
export function feelEquals(a: unknown, b: unknown): boolean | null {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if ((ka === 'null') !== (kb === 'null')) return false;
  // feelin compares a list of fewer than two elements as its only element; not worth mirroring here.
  if (ka === 'list' || kb === 'list' || ka === 'context' || kb === 'context') throw NEEDS_FEELIN;
  if (ka !== kb) return null;
  return ka === 'null' ? true : a === b;
}

export function feelNotEquals(a: unknown, b: unknown): boolean | null {
  const r = feelEquals(a, b);
  return r === null ? null : !r;
}

/**
 * `<` `<=` `>` `>=`: feelin evaluates these as a range test with the right operand as the bound, so a
 * null bound or a null probe is null; same-kind numbers and strings compare; anything else is feelin's
 * (it throws for boolean/list/context bounds and compares mixed kinds with JavaScript coercion).
 */
export function feelCompare(op: '<' | '<=' | '>' | '>=', a: unknown, b: unknown): boolean | null {
  const kb = kindOf(b);
  if (kb === 'null') return null;
  if (kb !== 'number' && kb !== 'string') throw NEEDS_FEELIN;
  const ka = kindOf(a);
  if (ka === 'null') return null;
  if (ka !== kb) throw NEEDS_FEELIN;
  const x = a as number | string;
  const y = b as number | string;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
  }
}

/** Arithmetic is null for mismatched kinds (FEEL 10.3.2.3.7); `+` also joins two strings. */
export function feelArithmetic(op: '+' | '-' | '*' | '/', a: unknown, b: unknown): number | string | null {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return null;
  if (ka === 'string' && op === '+') return (a as string) + (b as string);
  if (ka !== 'number') return null;
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      return y === 0 ? null : x / y;
  }
}

export function feelNegate(a: unknown): number | null {
  return kindOf(a) === 'number' ? 0 - (a as number) : null;
}

/** Three-valued logic (FEEL 10.3.2.5): a non-boolean operand counts as null. Both sides are evaluated. */
export function feelAnd(a: unknown, b: unknown): boolean | null {
  const x = typeof a === 'boolean' ? a : null;
  const y = typeof b === 'boolean' ? b : null;
  if (x === false || y === false) return false;
  return x === true && y === true ? true : null;
}

export function feelOr(a: unknown, b: unknown): boolean | null {
  const x = typeof a === 'boolean' ? a : null;
  const y = typeof b === 'boolean' ? b : null;
  if (x === true || y === true) return true;
  return x === false && y === false ? false : null;
}

export function feelNot(a: unknown): boolean | null {
  return typeof a === 'boolean' ? !a : null;
}

/** feelin's `if`: everything but false and null takes the then-branch. */
export function feelTruthy(a: unknown): boolean {
  return a !== false && a !== null && a !== undefined;
}

/** `x.name`: an own entry of a context, null for scalars and missing entries, mapped over a list. */
export function feelPath(target: unknown, name: string): unknown {
  switch (kindOf(target)) {
    case 'context': {
      const ctx = target as Record<string, unknown>;
      return hasOwn(ctx, name) && ctx[name] !== undefined ? ctx[name] : null;
    }
    case 'list':
      return (target as unknown[]).map((item) => {
        const k = kindOf(item);
        if (k === 'list') throw NEEDS_FEELIN;
        return k === 'context' ? feelPath(item, name) : null;
      });
    default:
      return null;
  }
}
