/**
 * Validating and coercing the values a user task is completed with, per Camunda 7 form field rules
 * (camunda:formData) and the form-js subset mapped to the same FormSpec. Pure: no I/O, no clock.
 *
 * Input comes from HTML forms (everything is text, an unchecked checkbox sends nothing, an empty input
 * sends "") and from code (typed values), so both shapes are accepted: `"42"` → 42 for long, `"on"` →
 * true for boolean, `dd/MM/yyyy` (Camunda's default date pattern) → `yyyy-mm-dd`. Every bad field is
 * reported, not just the first, and nothing outside the form's fields gets through.
 */
import type { FieldError } from '../errors/index.js';
import type { FormField, FormSpec } from '../spec/types.js';
import { isForbiddenName, toJsonVariables } from './variable-values.js';

export type FormCheck = { ok: true; values: Record<string, unknown> } | { ok: false; errors: FieldError[] };

export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * Validate and coerce submitted values against a form. `current` = the variables the task sees (for
 * read-only fields). A form without fields accepts any JSON values (plain completion from code).
 */
export function validateForm(
  form: FormSpec,
  submitted: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>> = EMPTY,
): FormCheck {
  if (submitted === null || typeof submitted !== 'object' || Array.isArray(submitted)) {
    return { ok: false, errors: [{ field: '', message: 'values must be an object of field values' }] };
  }
  if (form.fields.length === 0) {
    const plain = toJsonVariables(submitted);
    return plain.ok ? { ok: true, values: plain.value } : { ok: false, errors: plain.errors };
  }

  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  const known = new Set(form.fields.map((f) => f.id));
  for (const key of Object.keys(submitted)) {
    if (isForbiddenName(key)) errors.push({ field: key, message: `"${key}" is not allowed as a field name` });
    else if (!known.has(key)) errors.push({ field: key, message: 'is not a field of this form' });
  }

  for (const field of form.fields) {
    if (isForbiddenName(field.id)) continue;
    const checked = checkField(field, submitted, current);
    if ('message' in checked) errors.push({ field: field.id, message: checked.message });
    else if (checked.value !== undefined) values[field.id] = checked.value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

/** undefined value = the field stays absent from the result. */
function checkField(
  field: FormField,
  submitted: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>>,
): { value: unknown } | { message: string } {
  const v = field.validation;
  const raw = Object.hasOwn(submitted, field.id) ? submitted[field.id] : undefined;

  if (v.readonly === true) {
    const kept = Object.hasOwn(current, field.id) ? current[field.id] : field.defaultValue;
    if (isBlank(raw)) return { value: kept };
    const c = coerce(field, raw);
    const keptCoerced = kept === undefined || kept === null ? undefined : coerce(field, kept);
    const same = c.ok && keptCoerced?.ok === true && sameValue(c.value, keptCoerced.value);
    return same ? { value: kept } : { message: 'is read-only and cannot be changed' };
  }

  if (isBlank(raw) || (isMultiple(field) && Array.isArray(raw) && raw.length === 0)) {
    if (v.required === true) return { message: 'is required' };
    // An unchecked HTML checkbox sends nothing: an optional boolean that is absent means "no", and a
    // checklist with nothing ticked means "none".
    if (field.type === 'boolean') return { value: false };
    if (isMultiple(field)) return { value: [] };
    if (raw === null) return { value: null };
    return { value: field.type === 'string' || field.type === 'textarea' || field.type === 'custom' ? raw : undefined };
  }

  const c = coerce(field, raw);
  if (!c.ok) return { message: c.message };
  const problem = Array.isArray(c.value) ? undefined : constraintProblem(field, c.value);
  return problem === undefined ? { value: c.value } : { message: problem };
}

/** form-js checklists and tag lists (`properties.multiple`): a list of values, each checked alone. */
function isMultiple(field: FormField): boolean {
  return field.properties?.multiple === 'true';
}

function coerce(field: FormField, raw: unknown): Coerced {
  if (!isMultiple(field)) return coerceValue(field, raw);
  // HTML sends one value as a plain string and several as repeated keys (an array once parsed).
  const items = Array.isArray(raw) ? raw : [raw];
  const out: unknown[] = [];
  for (const [i, item] of items.entries()) {
    const c = coerceValue(field, item);
    if (!c.ok) return { ok: false, message: items.length === 1 ? c.message : `item ${i + 1} ${c.message}` };
    out.push(c.value);
  }
  return { ok: true, value: out };
}

/** Missing, null or "" (what an empty HTML input sends) — all count as "not filled in". */
function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

function constraintProblem(field: FormField, value: unknown): string | undefined {
  const v = field.validation;
  if (typeof value === 'string') {
    const length = [...value].length;
    if (v.minlength !== undefined && length < v.minlength) return `must be at least ${plural(v.minlength, 'character')}`;
    if (v.maxlength !== undefined && length > v.maxlength) return `must be at most ${plural(v.maxlength, 'character')}`;
    if (v.pattern !== undefined && v.pattern !== '' && !patternMatches(v.pattern, value)) {
      return `does not match the required format (${v.pattern})`;
    }
  }
  if (typeof value === 'number') {
    if (v.min !== undefined && value < v.min) return `must be at least ${v.min}`;
    if (v.max !== undefined && value > v.max) return `must be at most ${v.max}`;
  }
  return undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** form-js tests `new RegExp(pattern)` unanchored; a pattern that does not compile rejects nothing. */
function patternMatches(pattern: string, value: string): boolean {
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    return true;
  }
  return re.test(value);
}

/**
 * Each field's initial value for renderers: the task's current variable, else the default expression,
 * else the fixed default (coerced to the field type when it can be). Fields with none are left out.
 */
export function defaultValues(
  form: FormSpec,
  current: Readonly<Record<string, unknown>> = EMPTY,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (isForbiddenName(field.id)) continue;
    let value: unknown = Object.hasOwn(current, field.id) ? current[field.id] : undefined;
    if (value === undefined && field.defaultExpression !== undefined) {
      try {
        value = field.defaultExpression.evaluate(current);
      } catch {
        value = undefined; // a default that cannot be computed leaves the field empty, it does not break the page
      }
    }
    if (value === undefined) value = field.defaultValue;
    if (value === undefined || value === null) continue;
    const c = coerce(field, value);
    out[field.id] = c.ok ? c.value : value;
  }
  return out;
}

// ---- coercion per field type ------------------------------------------------------------------------

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Camunda 7's default form date pattern `dd/MM/yyyy`. */
const CAMUNDA_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const TRUE_TEXT = new Set(['true', 'on']);
const FALSE_TEXT = new Set(['false', 'off']);

const good = (value: unknown): Coerced => ({ ok: true, value });
const bad = (message: string): Coerced => ({ ok: false, message });

export function coerceValue(field: FormField, raw: unknown): Coerced {
  switch (field.type) {
    case 'long':
      if (typeof raw === 'number') return Number.isSafeInteger(raw) ? good(raw) : bad('must be a whole number');
      if (typeof raw === 'string' && INTEGER.test(raw.trim())) {
        const n = Number(raw.trim());
        return Number.isSafeInteger(n) ? good(n) : bad('is too large a number');
      }
      return bad('must be a whole number');
    case 'number':
      if (typeof raw === 'number') return Number.isFinite(raw) ? good(raw) : bad('must be a number');
      if (typeof raw === 'string' && DECIMAL.test(raw.trim())) return good(Number(raw.trim()));
      return bad('must be a number');
    case 'boolean':
      if (typeof raw === 'boolean') return good(raw);
      if (typeof raw === 'string' && TRUE_TEXT.has(raw.trim().toLowerCase())) return good(true);
      if (typeof raw === 'string' && FALSE_TEXT.has(raw.trim().toLowerCase())) return good(false);
      return bad('must be true or false');
    case 'date':
      return toDate(raw);
    case 'enum': {
      const values = field.values ?? [];
      const text = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
      if (text !== undefined && values.some((choice) => choice.id === text)) return good(text);
      if (values.length === 0) return bad('has no values to choose from');
      return bad(`must be one of: ${values.map((choice) => choice.id).join(', ')}`);
    }
    default:
      if (typeof raw === 'string') return good(raw);
      if ((typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean') return good(String(raw));
      return bad('must be text');
  }
}

/** Kept as an ISO calendar date `yyyy-mm-dd`: JSON-safe and free of time-zone shifts. */
function toDate(raw: unknown): Coerced {
  if (raw instanceof Date) {
    return Number.isNaN(raw.getTime()) ? bad('is not a valid date') : good(raw.toISOString().slice(0, 10));
  }
  if (typeof raw !== 'string') return bad('must be a date (yyyy-mm-dd)');
  const text = raw.trim();
  const iso = ISO_DATE.exec(text);
  const camunda = iso ? null : CAMUNDA_DATE.exec(text);
  const parts = iso ? [iso[1]!, iso[2]!, iso[3]!] : camunda ? [camunda[3]!, camunda[2]!, camunda[1]!] : undefined;
  if (parts === undefined) return bad('must be a date (yyyy-mm-dd or dd/MM/yyyy)');
  const [year, month, day] = parts.map(Number) as [number, number, number];
  // Day 0 of the next month is the last day of this one; UTC avoids daylight-saving edges.
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > lastDay) return bad('is not a valid date');
  return good(`${parts[0]}-${parts[1]}-${parts[2]}`);
}
