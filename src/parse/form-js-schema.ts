/**
 * Camunda 8 user task forms are form-js JSON schemas (`zeebe:userTaskForm` embeds one). The engine only
 * needs the input fields to validate a completion, so this maps the schema to the same FormSpec as
 * Camunda 7's camunda:formData, and keeps the original schema for front ends that render it with form-js.
 *
 * Mapping: textfield → string, textarea → textarea, number → number (long with `decimalDigits: 0`),
 * checkbox → boolean, select/radio → enum, checklist/taglist → enum with `properties.multiple = "true"`
 * (a list of the ids), datetime → date (its time and datetime subtypes → string). Options that come from
 * a variable (`valuesKey`, `valuesExpression`) cannot be listed here, so such fields accept any text.
 * Display-only components (text, html, image, spacer, separator, button, iframe, table, document
 * preview) and computed ones (expression) are skipped; groups are flattened (a group `path` is not
 * applied: fields keep their own keys); dynamic lists and file pickers are skipped.
 */
import type { FormField, FormFieldType, FormFieldValidation, FormSpec } from '../spec/types.js';

type Component = Record<string, unknown>;

const FIELD_TYPES: Readonly<Record<string, FormFieldType>> = {
  textfield: 'string',
  textarea: 'textarea',
  number: 'number',
  checkbox: 'boolean',
  select: 'enum',
  radio: 'enum',
  checklist: 'enum',
  taglist: 'enum',
  datetime: 'date',
};
const MULTIPLE = new Set(['checklist', 'taglist']);
const CONTAINERS = new Set(['group', 'default']);
/** Components that hold no submitted value of their own. */
const NOT_INPUT = new Set([
  'text',
  'html',
  'image',
  'spacer',
  'separator',
  'button',
  'iframe',
  'table',
  'documentPreview',
  'expression',
  'filepicker',
  'dynamiclist',
]);
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** form-js `validationType` presets, as patterns of our own (form-js tests them unanchored too). */
const VALIDATION_TYPE_PATTERNS: Readonly<Record<string, string>> = {
  email: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
  phone: '^\\+?[0-9][0-9 ()\\-]{4,}$',
};

export function formJsToFormSpec(schema: unknown, formKey?: string): FormSpec {
  if (!isObject(schema) || !Array.isArray(schema.components)) {
    throw new Error('form-js schema must be a JSON object with a "components" array');
  }
  const fields: FormField[] = [];
  const seen = new Set<string>();
  collect(schema.components, 'components', fields, seen);
  return { fields, schema, ...(formKey !== undefined ? { formKey } : {}) };
}

function collect(components: unknown[], where: string, fields: FormField[], seen: Set<string>): void {
  components.forEach((component, index) => {
    const at = `${where}[${index}]`;
    if (!isObject(component)) throw new Error(`form-js component ${at} must be an object`);
    const type = typeof component.type === 'string' ? component.type : '';
    if (CONTAINERS.has(type) && Array.isArray(component.components)) {
      collect(component.components, `${at}.components`, fields, seen);
      return;
    }
    if (NOT_INPUT.has(type)) return;
    const fieldType = FIELD_TYPES[type];
    if (fieldType === undefined) throw new Error(`form-js component ${at} has unsupported type "${type}"`);
    const key = component.key;
    if (typeof key !== 'string' || key === '') throw new Error(`form-js ${type} ${at} has no "key"`);
    if (FORBIDDEN_KEYS.has(key)) throw new Error(`form-js ${type} ${at} uses the reserved key "${key}"`);
    if (seen.has(key)) throw new Error(`form-js key "${key}" is used by more than one field (${at})`);
    seen.add(key);
    fields.push(toField(component, type, fieldType, key));
  });
}

function toField(c: Component, type: string, mapped: FormFieldType, key: string): FormField {
  const values = staticValues(c.values);
  let fieldType = mapped;
  if (mapped === 'enum' && values === undefined) fieldType = 'custom';
  if (mapped === 'number' && c.decimalDigits === 0) fieldType = 'long';
  if (mapped === 'date' && c.subtype !== undefined && c.subtype !== 'date') fieldType = 'string';

  const properties: Record<string, string> = { component: type };
  if (isObject(c.properties)) {
    for (const [name, value] of Object.entries(c.properties)) {
      if (!FORBIDDEN_KEYS.has(name) && value !== undefined) properties[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
  }
  if (MULTIPLE.has(type)) properties.multiple = 'true';

  const field: FormField = {
    id: key,
    type: fieldType,
    validation: toValidation(c),
    properties,
    ...(typeof c.label === 'string' ? { label: c.label } : {}),
    ...(c.defaultValue !== undefined ? { defaultValue: c.defaultValue } : {}),
    ...(values !== undefined && fieldType === 'enum' ? { values } : {}),
  };
  return field;
}

function toValidation(c: Component): FormFieldValidation {
  const v = isObject(c.validate) ? c.validate : {};
  const out: { -readonly [K in keyof FormFieldValidation]: FormFieldValidation[K] } = {};
  if (v.required === true) out.required = true;
  if (isNumber(v.minLength)) out.minlength = v.minLength;
  if (isNumber(v.maxLength)) out.maxlength = v.maxLength;
  if (isNumber(v.min)) out.min = v.min;
  if (isNumber(v.max)) out.max = v.max;
  if (typeof v.pattern === 'string' && v.pattern !== '') out.pattern = v.pattern;
  else if (typeof v.validationType === 'string' && VALIDATION_TYPE_PATTERNS[v.validationType] !== undefined) {
    out.pattern = VALIDATION_TYPE_PATTERNS[v.validationType];
  }
  // `readonly` may also be a FEEL expression ("=…") evaluated by form-js in the browser; only a plain
  // true is enforced here. Disabled fields are shown but not editable, so they are read-only too.
  if (c.readonly === true || c.disabled === true) out.readonly = true;
  return out;
}

/** Static options `[{ label, value }]`; undefined when options come from a variable or are malformed. */
function staticValues(values: unknown): { id: string; name: string }[] | undefined {
  if (!Array.isArray(values)) return undefined;
  const out: { id: string; name: string }[] = [];
  for (const option of values) {
    if (!isObject(option) || option.value === undefined || option.value === null) return undefined;
    const id = String(option.value);
    out.push({ id, name: typeof option.label === 'string' ? option.label : id });
  }
  return out;
}

function isObject(value: unknown): value is Component {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
