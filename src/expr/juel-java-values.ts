import { ExpressionError } from '../errors/index.js';
import { hasOwn, isPlainObject } from './limits.js';

/**
 * How the Java methods of juel-java-methods.ts see our JSON values: a string is a java.lang.String, a
 * number a Long when it is whole and a Double otherwise (JSON keeps no Integer/Long/Double split), a
 * boolean a Boolean, an array a java.util.List, a plain object a java.util.Map with String keys.
 */
export type JavaType = 'String' | 'Number' | 'Boolean' | 'List' | 'Map';

export function javaTypeOf(v: unknown): JavaType | undefined {
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'Number';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return 'List';
  if (isPlainObject(v)) return 'Map';
  return undefined;
}

/** For messages: what a value is, in the words a modeller knows. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return 'a date';
  const type = javaTypeOf(v);
  if (type === undefined) return typeof v === 'function' ? 'a function' : 'an object that is not plain data';
  return { String: 'a String', Number: 'a Number', Boolean: 'a Boolean', List: 'a List', Map: 'a Map' }[type];
}

/** Double.toString: plain between 10^-3 and 10^7, otherwise `d.dddE±n`; always with a fraction digit. */
function doubleToString(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * Object.toString() as Java prints these types: Long/Double, `[a, b]` (AbstractCollection),
 * `{k=v}` (AbstractMap, in insertion order), null as `null`.
 */
export function javaToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  // A whole number past Long's range can only have been a Double.
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 63 ? String(v) : doubleToString(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(javaToString).join(', ')}]`;
  if (v instanceof Date) return v.toISOString();
  if (isPlainObject(v)) return `{${Object.keys(v).map((k) => `${k}=${javaToString(v[k])}`).join(', ')}}`;
  throw new ExpressionError(`cannot convert ${describeValue(v)} to a String`);
}

/**
 * Object.equals of these types: no coercion across types ('1' is not 1, unlike JUEL's `==`), lists
 * element by element, maps by their entries. NaN equals NaN, as Double.equals has it.
 */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => javaEquals(x, b[i]));
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && javaEquals(a[k], b[k]));
  }
  return false;
}

/** (int) of a Long wraps around; (int) of a Double saturates, and NaN is 0. */
export function toJavaInt(n: number): number {
  if (Number.isInteger(n)) return n | 0;
  if (Number.isNaN(n)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(n)));
}

/**
 * EL coerces an argument to the method's parameter type (EL 1.18). A null stays null for a reference
 * parameter, which most String methods then reject as Java does (NullPointerException).
 */
export function intArgument(v: unknown, where: string): number {
  if (v === null || v === undefined || v === '') return 0;
  if (typeof v === 'number') return toJavaInt(v);
  // Integer.valueOf: digits only, no spaces, no fraction.
  if (typeof v === 'string' && /^[-+]?\d+$/.test(v)) return toJavaInt(Number(v));
  throw new ExpressionError(`${where}: cannot coerce ${describeValue(v)}${typeof v === 'string' ? ` '${v}'` : ''} to an int`);
}

export function stringArgument(v: unknown, where: string): string {
  if (v === null || v === undefined) throw new ExpressionError(`${where}: the argument is null (NullPointerException in Java)`);
  return javaToString(v);
}

export function numberArgument(v: unknown, where: string): number {
  if (v === null || v === undefined) throw new ExpressionError(`${where}: the argument is null (NullPointerException in Java)`);
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  throw new ExpressionError(`${where}: cannot coerce ${describeValue(v)} to a Number`);
}
