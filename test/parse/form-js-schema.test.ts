import { describe, expect, it } from 'vitest';
import { validateForm } from '../../src/engine/form-validation.js';
import { formJsToFormSpec } from '../../src/parse/form-js-schema.js';

/** Shaped like what Camunda Modeler 5 saves for a C8 form (schemaVersion 16+). */
const invoiceForm = {
  executionPlatform: 'Camunda Cloud',
  schemaVersion: 16,
  id: 'Form_invoice',
  type: 'default',
  components: [
    { type: 'text', id: 'Field_intro', text: '# Approve the invoice' },
    {
      type: 'textfield',
      id: 'Field_1',
      key: 'creditor',
      label: 'Creditor',
      validate: { required: true, minLength: 2, maxLength: 40 },
    },
    { type: 'number', id: 'Field_2', key: 'amount', label: 'Amount', validate: { min: 0, max: 10000 }, defaultValue: 100 },
    { type: 'number', id: 'Field_3', key: 'copies', decimalDigits: 0 },
    { type: 'checkbox', id: 'Field_4', key: 'approved', label: 'Approved' },
    {
      type: 'select',
      id: 'Field_5',
      key: 'category',
      label: 'Category',
      values: [
        { label: 'Travel', value: 'travel' },
        { label: 'Office', value: 'office' },
      ],
    },
    { type: 'radio', id: 'Field_6', key: 'priority', values: [{ label: 'High', value: 'high' }] },
    { type: 'datetime', id: 'Field_7', key: 'dueDate', subtype: 'date', dateLabel: 'Due' },
    { type: 'datetime', id: 'Field_8', key: 'meetAt', subtype: 'time' },
    { type: 'textarea', id: 'Field_9', key: 'notes', readonly: true },
    {
      type: 'group',
      id: 'Group_1',
      label: 'Contact',
      components: [
        { type: 'textfield', id: 'Field_10', key: 'email', validate: { validationType: 'email' } },
        { type: 'textfield', id: 'Field_11', key: 'zip', validate: { pattern: '^[0-9]{5}$' }, disabled: true },
      ],
    },
    { type: 'checklist', id: 'Field_12', key: 'tags', values: [{ label: 'Urgent', value: 'urgent' }, { label: 'Late', value: 'late' }] },
    { type: 'select', id: 'Field_13', key: 'costCenter', valuesKey: 'costCenters' },
    { type: 'spacer', id: 'Spacer_1' },
    { type: 'button', id: 'Button_1', action: 'submit', label: 'Submit' },
  ],
};

describe('formJsToFormSpec', () => {
  const spec = formJsToFormSpec(invoiceForm, 'invoice-form');

  it('maps input components in document order, flattening groups and skipping display-only ones', () => {
    expect(spec.fields.map((f) => [f.id, f.type])).toEqual([
      ['creditor', 'string'],
      ['amount', 'number'],
      ['copies', 'long'],
      ['approved', 'boolean'],
      ['category', 'enum'],
      ['priority', 'enum'],
      ['dueDate', 'date'],
      ['meetAt', 'string'],
      ['notes', 'textarea'],
      ['email', 'string'],
      ['zip', 'string'],
      ['tags', 'enum'],
      ['costCenter', 'custom'],
    ]);
  });

  it('keeps labels, defaults, options and validation', () => {
    const byId = Object.fromEntries(spec.fields.map((f) => [f.id, f]));
    expect(byId.creditor).toMatchObject({ label: 'Creditor', validation: { required: true, minlength: 2, maxlength: 40 } });
    expect(byId.amount).toMatchObject({ defaultValue: 100, validation: { min: 0, max: 10000 } });
    expect(byId.category!.values).toEqual([
      { id: 'travel', name: 'Travel' },
      { id: 'office', name: 'Office' },
    ]);
    expect(byId.notes!.validation.readonly).toBe(true);
    expect(byId.zip!.validation).toEqual({ pattern: '^[0-9]{5}$', readonly: true });
    expect(byId.email!.validation.pattern).toBeDefined();
    expect(byId.tags!.properties).toMatchObject({ component: 'checklist', multiple: 'true' });
  });

  it('keeps the original schema and the form key', () => {
    expect(spec.schema).toBe(invoiceForm);
    expect(spec.formKey).toBe('invoice-form');
    expect('formKey' in formJsToFormSpec({ components: [] })).toBe(false);
  });

  it('produces a form the validator enforces', () => {
    const ok = validateForm(spec, {
      creditor: 'ACME',
      amount: '250.5',
      copies: '2',
      approved: 'on',
      category: 'travel',
      dueDate: '2026-05-01',
      email: 'a@b.io',
      tags: ['urgent', 'late'],
      costCenter: 'CC-7',
    });
    expect(ok).toEqual({
      ok: true,
      values: {
        creditor: 'ACME',
        amount: 250.5,
        copies: 2,
        approved: true,
        category: 'travel',
        dueDate: '2026-05-01',
        email: 'a@b.io',
        tags: ['urgent', 'late'],
        costCenter: 'CC-7',
      },
    });
    const bad = validateForm(spec, { creditor: 'A', amount: -1, copies: '1.5', category: 'food', email: 'nope', tags: ['soon'] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(['amount', 'category', 'copies', 'creditor', 'email', 'tags']);
  });

  it('treats a checklist with nothing ticked as an empty list', () => {
    const check = validateForm(spec, { creditor: 'ACME' });
    expect(check.ok && check.values.tags).toEqual([]);
  });

  it.each([
    [null, /components/],
    [[], /components/],
    ['{"components": []}', /components/],
    [{ components: {} }, /components/],
    [{ components: [42] }, /components\[0\] must be an object/],
    [{ components: [{ type: 'textfield', label: 'No key' }] }, /has no "key"/],
    [{ components: [{ type: 'slider', key: 'x' }] }, /unsupported type "slider"/],
    [{ components: [{ type: 'textfield', key: 'a' }, { type: 'group', components: [{ type: 'number', key: 'a' }] }] }, /more than one field/],
    [{ components: [{ type: 'textfield', key: '__proto__' }] }, /reserved key/],
  ])('rejects %j with a clear message', (schema, message) => {
    expect(() => formJsToFormSpec(schema)).toThrow(message);
  });
});
