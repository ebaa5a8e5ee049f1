import { ExpressionError } from '../errors/index.js';
import { FORBIDDEN_PROPERTY_NAMES, hasOwn, isPlainObject } from './limits.js';

/**
 * JUEL run-time semantics (EL 2.2 spec, appendix 1.7–1.18 and the coercion rules of 1.18). JavaScript
 * has one number type, so Java's Long/Double split collapses: `7 / 2` is 3.5 in both, and a numeric
 * string is parsed with `Number()` where Java would reject `Long.valueOf("1.0")` — a deliberate leniency.
 */

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'date';
  return typeof v === 'object' ? 'object' : typeof v;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : typeName(v);
}

/** EL 1.18.3: null and '' are 0, numeric strings are parsed, booleans are an error. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'string') {
    const n = Number(v.trim());
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  throw new ExpressionError(`Cannot coerce ${show(v)} to a number`);
}

/** EL 1.18.5: null and '' are false, strings are true only for 'true' (any case). */
export function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null || v === undefined || v === '') return false;
  if (typeof v === 'string') return v.toLowerCase() === 'true';
  throw new ExpressionError(`Cannot coerce ${show(v)} to a boolean`);
}

/** EL 1.18.2, used for composite text and string comparisons. */
export function toText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v) ?? '';
}

export function add(a: unknown, b: unknown): number {
  return toNumber(a) + toNumber(b);
}
export function subtract(a: unknown, b: unknown): number {
  return toNumber(a) - toNumber(b);
}
export function multiply(a: unknown, b: unknown): number {
  return toNumber(a) * toNumber(b);
}
/** `/` and `div` are floating point in JUEL: 1/0 is Infinity, as in Java doubles. */
export function divide(a: unknown, b: unknown): number {
  return toNumber(a) / toNumber(b);
}
/** Java's Long remainder by zero throws ArithmeticException; we keep that rather than return NaN. */
export function remainder(a: unknown, b: unknown): number {
  const divisor = toNumber(b);
  if (divisor === 0) throw new ExpressionError('Division by zero in remainder (%/mod)');
  return toNumber(a) % divisor;
}
export function negate(a: unknown): number {
  const n = -toNumber(a);
  return n === 0 ? 0 : n;
}

/** EL 1.10: null, '', an empty list and an empty map are empty. */
export function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map || v instanceof Set) return v.size === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** EL 1.8.2: numbers win, then booleans, then strings; otherwise structural equality (Java equals). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a) === toBoolean(b);
  if (typeof a === 'string' || typeof b === 'string') return toText(a) === toText(b);
  return deepEqual(a, b);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * EL 1.8.1: `<`-family comparisons. Null on either side is false; numbers compare as numbers (a string
 * operand is coerced), strings lexically, dates by time, booleans as Java's Boolean.compareTo.
 * Returns the sign of a - b, or null when the operator must yield false.
 */
function compare(a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === 'number' || typeof b === 'number') return Math.sign(toNumber(a) - toNumber(b));
  if (typeof a === 'string' || typeof b === 'string') {
    const x = toText(a);
    const y = toText(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  throw new ExpressionError(`Cannot compare ${show(a)} with ${show(b)}`);
}

export function lessThan(a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  return c !== null && c < 0;
}
export function lessOrEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const c = compare(a, b);
  return c !== null && c <= 0;
}
export function greaterThan(a: unknown, b: unknown): boolean {
  const c = compare(a, b);
  return c !== null && c > 0;
}
export function greaterOrEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const c = compare(a, b);
  return c !== null && c >= 0;
}

/**
 * expr-eval calls any argument shaped `{ type: 'IEXPREVAL', value }` as one of its own lazy
 * sub-expressions; refusing that shape at the boundary means variable data can never be invoked.
 */
export function guarded(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'IEXPREVAL') {
    throw new ExpressionError('value has a shape reserved by the expression evaluator');
  }
  return v === undefined ? null : v;
}

/** A missing top-level variable is an error in Camunda 7 (PropertyNotFoundException), never null. */
export function variable(vars: unknown, name: unknown): unknown {
  const key = String(name);
  if (vars !== null && typeof vars === 'object' && hasOwn(vars, key)) {
    return guarded((vars as Record<string, unknown>)[key]);
  }
  throw new ExpressionError(`Cannot resolve identifier '${key}'`);
}

/**
 * `a.b` / `a['b']` / `a[0]`: own properties of plain objects (a missing key is null, like Camunda's
 * map resolver) and in-range list indexes (out of range is null, like ListELResolver). A null base
 * yields null (EL 1.6). Anything else — strings, class instances, functions — has no readable property.
 */
export function property(base: unknown, key: unknown): unknown {
  if (base === null || base === undefined) return null;
  if (Array.isArray(base)) {
    const index = typeof key === 'number' ? key : typeof key === 'string' && /^\d+$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index)) throw new ExpressionError(`Cannot use ${show(key)} as a list index`);
    return index >= 0 && index < base.length ? guarded(base[index]) : null;
  }
  const name = toText(key);
  if (FORBIDDEN_PROPERTY_NAMES.has(name)) {
    throw new ExpressionError(`access to '${name}' is not allowed in expressions`);
  }
  if (isPlainObject(base)) return hasOwn(base, name) ? guarded(base[name]) : null;
  throw new ExpressionError(`Cannot read property '${name}' of a value of type ${typeName(base)}`);
}
