import type { FormField, FormFieldType, FormFieldValidation, FormSpec } from '../spec/types.js';
import { elements, extension, extensions, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

const FIELD_TYPES = new Set<FormFieldType>(['string', 'long', 'boolean', 'date', 'enum']);
const isExpression = (s: string): boolean => /[$#]\{/.test(s);

/** Fixed defaults are coerced to the field type once here; `${…}` defaults stay expressions. */
function defaultOf(type: FormFieldType, text: string | undefined, el: ModdleElement, ctx: ParseContext): Partial<FormField> {
  if (text === undefined) return {};
  if (isExpression(text)) return { defaultExpression: ctx.expr(text, el) };
  if (type === 'long' && /^-?\d+$/.test(text.trim())) return { defaultValue: Number(text) };
  if (type === 'boolean' && /^(true|false)$/i.test(text.trim())) return { defaultValue: text.trim().toLowerCase() === 'true' };
  return { defaultValue: text };
}

function validation(field: ModdleElement, owner: ModdleElement, ctx: ParseContext): FormFieldValidation {
  const v: { -readonly [K in keyof FormFieldValidation]: FormFieldValidation[K] } = {};
  for (const c of elements(field['validation'] && (field['validation'] as ModdleElement)['constraints'])) {
    const name = str(c, 'name');
    const config = str(c, 'config');
    const num = (): number => {
      const n = Number(config);
      if (config === undefined || config.trim() === '' || !Number.isFinite(n)) {
        return ctx.fail(owner, `form field "${str(field, 'id')}": constraint ${name} needs a number, got ${JSON.stringify(config)}`);
      }
      return n;
    };
    switch (name) {
      case 'required':
      case 'readonly':
        v[name] = true;
        break;
      case 'minlength':
      case 'maxlength':
      case 'min':
      case 'max':
        v[name] = num();
        break;
      default:
        // Custom validators are Java classes or expressions Camunda resolves in the JVM.
        ctx.unsupported(owner, `form field "${str(field, 'id')}": validation constraint "${name}" is not supported`);
    }
  }
  return v;
}

function formField(field: ModdleElement, owner: ModdleElement, ctx: ParseContext): FormField {
  const id = str(field, 'id');
  if (!id) return ctx.fail(owner, 'camunda:formField needs an id');
  const declared = str(field, 'type') ?? 'string';
  const type: FormFieldType = FIELD_TYPES.has(declared as FormFieldType) ? (declared as FormFieldType) : 'custom';
  const label = str(field, 'label');
  const values = elements(field['values']).map((v) => ({ id: str(v, 'id') ?? '', name: str(v, 'name') ?? str(v, 'id') ?? '' }));
  const props = elements((field['properties'] as ModdleElement | undefined)?.['values']);
  const properties: Record<string, string> = {};
  for (const p of props) properties[str(p, 'id') ?? str(p, 'name') ?? ''] = str(p, 'value') ?? '';
  if (declared !== type) properties['camunda:type'] = declared;
  const datePattern = str(field, 'datePattern');
  if (datePattern !== undefined) properties['datePattern'] = datePattern;
  return {
    id,
    ...(label !== undefined ? { label } : {}),
    type,
    ...defaultOf(type, str(field, 'defaultValue'), owner, ctx),
    ...(values.length > 0 ? { values } : {}),
    validation: validation(field, owner, ctx),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

/** Activiti-era `camunda:formProperty`, still read by Camunda 7: the same fields in another shape. */
function formProperty(p: ModdleElement, owner: ModdleElement, ctx: ParseContext): FormField {
  const id = str(p, 'id');
  if (!id) return ctx.fail(owner, 'camunda:formProperty needs an id');
  const declared = str(p, 'type') ?? 'string';
  const type: FormFieldType = FIELD_TYPES.has(declared as FormFieldType) ? (declared as FormFieldType) : 'custom';
  const label = str(p, 'name');
  const values = elements(p['values']).map((v) => ({ id: str(v, 'id') ?? '', name: str(v, 'name') ?? str(v, 'id') ?? '' }));
  const v: { -readonly [K in keyof FormFieldValidation]: FormFieldValidation[K] } = {};
  if (str(p, 'required') === 'true') v.required = true;
  if (str(p, 'writable') === 'false') v.readonly = true;
  const properties: Record<string, string> = {};
  for (const key of ['variable', 'expression', 'datePattern', 'readable'] as const) {
    const val = str(p, key);
    if (val !== undefined) properties[key] = val;
  }
  return {
    id,
    ...(label !== undefined ? { label } : {}),
    type,
    ...defaultOf(type, str(p, 'default'), owner, ctx),
    ...(values.length > 0 ? { values } : {}),
    validation: v,
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

const FORM_REF_BINDINGS = ['deployment', 'latest', 'version'];

/** The checks of Camunda 7's DefaultFormHandler.parseConfiguration on a `camunda:formRef`. */
function checkFormRef(el: ModdleElement, ctx: ParseContext): void {
  if (str(el, 'formKey') !== undefined) ctx.fail(el, 'only one of camunda:formKey and camunda:formRef is allowed');
  const binding = str(el, 'formRefBinding');
  if (binding === undefined || !FORM_REF_BINDINGS.includes(binding)) {
    ctx.fail(el, `camunda:formRefBinding must be one of ${FORM_REF_BINDINGS.join(', ')}, got ${binding === undefined ? 'none' : JSON.stringify(binding)}`);
  }
  if (binding === 'version' && str(el, 'formRefVersion') === undefined) ctx.fail(el, 'camunda:formRefBinding="version" needs camunda:formRefVersion');
}

function formRefOf(el: ModdleElement, id: string): NonNullable<FormSpec['formRef']> {
  const binding = str(el, 'formRefBinding') as NonNullable<FormSpec['formRef']>['binding'];
  const version = binding === 'version' ? str(el, 'formRefVersion') : undefined;
  return { id, binding, ...(version !== undefined ? { version } : {}) };
}

/** `camunda:formData` / `camunda:formProperty` / `camunda:formKey` / `camunda:formRef` of a user task or start event. */
export function camunda7Form(el: ModdleElement, ctx: ParseContext): FormSpec | undefined {
  const data = extension(el, 'camunda:FormData');
  const fields = elements(data?.['fields']).map((f) => formField(f, el, ctx));
  fields.push(...extensions(el, 'camunda:FormProperty').map((p) => formProperty(p, el, ctx)));
  const formRef = str(el, 'formRef');
  if (formRef !== undefined) checkFormRef(el, ctx);
  const formKey = str(el, 'formKey') ?? (formRef !== undefined ? `camunda-forms:deployment:${formRef}` : undefined);
  if (fields.length === 0 && formKey === undefined) return undefined;
  return { fields, ...(formKey !== undefined ? { formKey } : {}), ...(formRef !== undefined ? { formRef: formRefOf(el, formRef) } : {}) };
}
