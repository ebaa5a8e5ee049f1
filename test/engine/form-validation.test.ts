import { describe, expect, it } from 'vitest';
import { defaultValues, validateForm, type FormCheck } from '../../src/engine/form-validation.js';
import type { FormField, FormFieldType, FormFieldValidation, FormSpec } from '../../src/spec/types.js';

function field(id: string, type: FormFieldType, validation: FormFieldValidation = {}, more: Partial<FormField> = {}): FormField {
  return { id, type, validation, ...more };
}
function form(...fields: FormField[]): FormSpec {
  return { fields };
}
function values(check: FormCheck): Record<string, unknown> {
  if (!check.ok) throw new Error(`expected valid, got ${JSON.stringify(check.errors)}`);
  return check.values;
}
function errors(check: FormCheck): Record<string, string> {
  if (check.ok) throw new Error(`expected errors, got ${JSON.stringify(check.values)}`);
  return Object.fromEntries(check.errors.map((e) => [e.field, e.message]));
}

describe('coercion per field type', () => {
  it('turns whole-number text into a long and rejects decimals and words', () => {
    const f = form(field('a', 'long'), field('b', 'long'), field('c', 'long'), field('d', 'long'));
    expect(values(validateForm(f, { a: '42', b: 7, c: ' -3 ' }))).toEqual({ a: 42, b: 7, c: -3 });
    expect(errors(validateForm(f, { a: '4.2', b: 'x', c: 1.5, d: '99999999999999999999' }))).toEqual({
      a: 'must be a whole number',
      b: 'must be a whole number',
      c: 'must be a whole number',
      d: 'is too large a number',
    });
  });

  it('accepts decimal numbers', () => {
    const f = form(field('x', 'number'), field('y', 'number'));
    expect(values(validateForm(f, { x: '4.25', y: -1e3 }))).toEqual({ x: 4.25, y: -1000 });
    expect(errors(validateForm(f, { x: 'NaN', y: Number.POSITIVE_INFINITY }))).toEqual({ x: 'must be a number', y: 'must be a number' });
  });

  it('reads booleans from checkbox and API shapes', () => {
    const f = form(field('a', 'boolean'), field('b', 'boolean'), field('c', 'boolean'), field('d', 'boolean'));
    expect(values(validateForm(f, { a: 'on', b: 'false', c: true, d: 'TRUE' }))).toEqual({ a: true, b: false, c: true, d: true });
    expect(errors(validateForm(f, { a: 'yes please' }))).toEqual({ a: 'must be true or false' });
  });

  it('treats an unchecked (absent) optional checkbox as false but a required one as missing', () => {
    const f = form(field('newsletter', 'boolean'), field('terms', 'boolean', { required: true }));
    expect(errors(validateForm(f, {}))).toEqual({ terms: 'is required' });
    expect(values(validateForm(f, { terms: 'on' }))).toEqual({ newsletter: false, terms: true });
    expect(values(validateForm(f, { terms: false }))).toEqual({ newsletter: false, terms: false });
  });

  it('keeps dates as ISO calendar dates from either pattern and rejects impossible ones', () => {
    const f = form(field('a', 'date'), field('b', 'date'), field('c', 'date'), field('d', 'date'));
    expect(values(validateForm(f, { a: '2026-03-01', b: '24/12/2025', c: new Date('2024-02-29T10:00:00Z'), d: '2024-02-29' }))).toEqual({
      a: '2026-03-01',
      b: '2025-12-24',
      c: '2024-02-29',
      d: '2024-02-29',
    });
    expect(errors(validateForm(f, { a: '2026-02-30', b: '31/04/2026', c: 'tomorrow', d: '2025-02-29' }))).toEqual({
      a: 'is not a valid date',
      b: 'is not a valid date',
      c: 'must be a date (yyyy-mm-dd or dd/MM/yyyy)',
      d: 'is not a valid date',
    });
  });

  it('accepts only the listed enum ids', () => {
    const f = form(field('size', 'enum', {}, { values: [{ id: 's', name: 'Small' }, { id: 'm', name: 'Medium' }] }));
    expect(values(validateForm(f, { size: 'm' }))).toEqual({ size: 'm' });
    expect(errors(validateForm(f, { size: 'Medium' }))).toEqual({ size: 'must be one of: s, m' });
  });

  it('stores textarea and custom fields as text', () => {
    const f = form(field('notes', 'textarea'), field('code', 'custom'));
    expect(values(validateForm(f, { notes: 'line 1\nline 2', code: 12 }))).toEqual({ notes: 'line 1\nline 2', code: '12' });
    expect(errors(validateForm(f, { notes: { html: true } }))).toEqual({ notes: 'must be text' });
  });
});

describe('constraints', () => {
  it('counts the empty string as missing for required fields', () => {
    const f = form(field('name', 'string', { required: true }), field('age', 'long', { required: true }));
    expect(errors(validateForm(f, { name: '', age: '  ' }))).toEqual({ name: 'is required', age: 'is required' });
  });

  it('leaves optional empty inputs out, except text which keeps what was typed', () => {
    const f = form(field('name', 'string'), field('age', 'long'), field('when', 'date'));
    expect(values(validateForm(f, { name: '', age: '', when: '' }))).toEqual({ name: '' });
  });

  it('checks lengths of text and bounds of numbers with human messages', () => {
    const f = form(
      field('code', 'string', { minlength: 3, maxlength: 10 }),
      field('short', 'string', { maxlength: 1 }),
      field('qty', 'long', { min: 1, max: 5 }),
      field('pct', 'number', { min: 0, max: 1 }),
    );
    expect(errors(validateForm(f, { code: 'ab', short: 'xy', qty: '9', pct: -0.5 }))).toEqual({
      code: 'must be at least 3 characters',
      short: 'must be at most 1 character',
      qty: 'must be at most 5',
      pct: 'must be at least 0',
    });
    expect(errors(validateForm(f, { code: 'x'.repeat(11) }))).toEqual({ code: 'must be at most 10 characters' });
    expect(values(validateForm(f, { code: 'abc', qty: 5, pct: '1' }))).toEqual({ code: 'abc', qty: 5, pct: 1 });
  });

  it('applies form-js patterns to text', () => {
    const f = form(field('zip', 'string', { pattern: '^[0-9]{5}$' }));
    expect(values(validateForm(f, { zip: '12345' }))).toEqual({ zip: '12345' });
    expect(errors(validateForm(f, { zip: '1234a' })).zip).toMatch(/does not match/);
  });

  it('reports every bad field at once', () => {
    const f = form(field('a', 'long', { required: true }), field('b', 'boolean'), field('c', 'date'));
    const check = validateForm(f, { b: 'maybe', c: 'soon', extra: 1 });
    expect(check.ok).toBe(false);
    expect(Object.keys(errors(check)).sort()).toEqual(['a', 'b', 'c', 'extra']);
  });
});

describe('read-only fields', () => {
  const f = form(field('orderId', 'long', { readonly: true }), field('comment', 'string'));

  it('takes a read-only field from the current variables when it is not submitted', () => {
    expect(values(validateForm(f, { comment: 'ok' }, { orderId: 17 }))).toEqual({ orderId: 17, comment: 'ok' });
  });

  it('accepts the unchanged value, also as text', () => {
    expect(values(validateForm(f, { orderId: '17' }, { orderId: 17 }))).toEqual({ orderId: 17 });
  });

  it('rejects a changed value', () => {
    expect(errors(validateForm(f, { orderId: 18 }, { orderId: 17 }))).toEqual({ orderId: 'is read-only and cannot be changed' });
  });
});

describe('what may be stored', () => {
  const f = form(field('name', 'string'));

  it('rejects fields that are not part of the form', () => {
    expect(errors(validateForm(f, { name: 'x', isAdmin: true }))).toEqual({ isAdmin: 'is not a field of this form' });
  });

  it('never lets prototype names become keys', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1, "prototype": 2, "name": "x"}') as Record<string, unknown>;
    const e = errors(validateForm(f, hostile));
    expect(Object.keys(e).sort()).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const sneaky = validateForm(form(field('__proto__', 'string'), field('ok', 'string')), { ok: 'y' });
    expect(values(sneaky)).toEqual({ ok: 'y' });
    expect(Object.getPrototypeOf(values(sneaky))).toBe(Object.prototype);
  });

  it('accepts any JSON values when the form has no fields', () => {
    expect(values(validateForm(form(), { approved: true, amount: 3, items: [{ sku: 'a' }], note: null }))).toEqual({
      approved: true,
      amount: 3,
      items: [{ sku: 'a' }],
      note: null,
    });
  });

  it('rejects non-JSON values and prototype keys when the form has no fields', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bad = { fn: () => 1, big: 10n, loop: cyclic, map: new Map(), nan: Number.NaN };
    expect(Object.keys(errors(validateForm(form(), bad))).sort()).toEqual(['big', 'fn', 'loop.self', 'map', 'nan']);
    const proto = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(validateForm(form(), proto).ok).toBe(false);
  });

  it('rejects input that is not an object', () => {
    expect(validateForm(f, [] as unknown as Record<string, unknown>).ok).toBe(false);
  });
});

describe('defaultValues', () => {
  it('prefers current variables, then the default expression, then the fixed default, coerced to the type', () => {
    const f = form(
      field('a', 'long', {}, { defaultValue: '5' }),
      field('b', 'string', {}, { defaultExpression: { source: '${x}', language: 'juel', evaluate: (v) => `hi ${String(v.x)}` } }),
      field('c', 'boolean', {}, { defaultValue: 'true' }),
      field('d', 'string'),
      field('e', 'string', {}, { defaultExpression: { source: '${boom}', language: 'juel', evaluate: () => { throw new Error('boom'); } }, defaultValue: 'fallback' }),
    );
    expect(defaultValues(f, { a: 9, x: 'there' })).toEqual({ a: 9, b: 'hi there', c: true, e: 'fallback' });
    expect(defaultValues(f)).toEqual({ a: 5, b: 'hi undefined', c: true, e: 'fallback' });
  });
});
