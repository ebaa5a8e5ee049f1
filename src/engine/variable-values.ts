import type { FieldError } from '../errors/index.js';

/** Names that would reach Object.prototype if they became keys of a plain object. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenName(name: string): boolean {
  return FORBIDDEN_NAMES.has(name);
}

/**
 * Variables are stored in snapshots, so they must be JSON. Values from handlers, completions and
 * `setVariables` pass through here: Dates become ISO strings (what they would become in JSON anyway),
 * everything JSON cannot hold faithfully (functions, symbols, BigInt, cycles, Map/Set, NaN, Infinity,
 * class instances) is rejected with the path of the offending value.
 */
export function toJsonVariables(
  input: Readonly<Record<string, unknown>> | undefined,
): { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = {};
  if (input === undefined || input === null) return { ok: true, value: out };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field: '', message: 'variables must be a plain object' }] };
  }
  // The cycle guard is balanced (each object leaves it after its children), so one per call will do,
  // made only when a value is an object: most variables are primitives.
  let stack: Set<object> | undefined;
  for (const key of Object.keys(input)) {
    if (FORBIDDEN_NAMES.has(key)) {
      errors.push({ field: key, message: `"${key}" is not allowed as a variable name` });
      continue;
    }
    const v = (input as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const converted = typeof v === 'object' && v !== null ? convert(v, key, errors, (stack ??= new Set())) : convert(v, key, errors, NO_OBJECTS);
    if (converted !== INVALID) out[key] = converted;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}

const INVALID = Symbol('invalid');
/** Passed with a primitive, which never touches the cycle guard. */
const NO_OBJECTS: Set<object> = new Set();

function convert(v: unknown, path: string, errors: FieldError[], stack: Set<object>): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (Number.isFinite(v)) return v;
      errors.push({ field: path, message: `${v} cannot be stored (not a finite number)` });
      return INVALID;
    case 'object': {
      if (v === null) return null;
      if (v instanceof Date) {
        if (Number.isNaN(v.getTime())) {
          errors.push({ field: path, message: 'invalid Date' });
          return INVALID;
        }
        return v.toISOString();
      }
      if (stack.has(v)) {
        errors.push({ field: path, message: 'cyclic value cannot be stored' });
        return INVALID;
      }
      if (Array.isArray(v)) {
        stack.add(v);
        const arr = v.map((item, i) => convert(item === undefined ? null : item, `${path}[${i}]`, errors, stack));
        stack.delete(v);
        return arr;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        const name = (v as object).constructor?.name ?? 'object';
        errors.push({ field: path, message: `a ${name} cannot be stored; use plain objects, arrays and primitives` });
        return INVALID;
      }
      stack.add(v);
      const obj: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_NAMES.has(key)) {
          errors.push({ field: `${path}.${key}`, message: `"${key}" is not allowed as a key` });
          continue;
        }
        const item = (v as Record<string, unknown>)[key];
        if (item === undefined) continue;
        const c = convert(item, `${path}.${key}`, errors, stack);
        if (c !== INVALID) obj[key] = c;
      }
      stack.delete(v);
      return obj;
    }
    default:
      errors.push({ field: path, message: `a ${typeof v} cannot be stored` });
      return INVALID;
  }
}
