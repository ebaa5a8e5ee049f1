import type { FieldError, FormField, FormSpec } from '../index.js';
import { displayValue, html, type SafeHtml } from './html.js';

/** Names the pages' forms use for themselves; a form field with one of these ids is not rendered. */
export const RESERVED_FIELDS = new Set(['_csrf', '_instance']);

/** What one form shows: the values to fill in (raw strings after a failed POST) and errors by field. */
export interface FormState {
  values: Readonly<Record<string, unknown>>;
  errors?: readonly FieldError[];
}

export function renderFields(form: FormSpec | undefined, state: FormState): SafeHtml {
  const fields = (form?.fields ?? []).filter((f) => !RESERVED_FIELDS.has(f.id));
  const general = (state.errors ?? []).filter((e) => !fields.some((f) => f.id === e.field));
  return html`${general.length > 0 ? html`<div class="alert" role="alert">${general.map((e) => html`<p>${e.field ? `${e.field}: ` : ''}${e.message}</p>`)}</div>` : ''}
${fields.map((f) => renderField(f, state.values[f.id], (state.errors ?? []).filter((e) => e.field === f.id)))}`;
}

function renderField(f: FormField, value: unknown, errors: readonly FieldError[]): SafeHtml {
  const id = `f-${f.id}`;
  const v = f.validation;
  const invalid = errors.length > 0;
  const describedBy = invalid ? `${id}-error` : undefined;
  const common = html`id="${id}" name="${f.id}"${v.required && f.type !== 'boolean' ? html` required aria-required="true"` : ''}${invalid ? html` aria-invalid="true" aria-describedby="${describedBy}"` : ''}`;
  const label = html`<label for="${id}">${f.label ?? f.id}${v.required ? html`<span class="required" title="required"> *</span>` : ''}</label>`;
  const error = invalid ? html`<p class="field-error" id="${describedBy}">${errors.map((e) => e.message).join('; ')}</p>` : '';
  if (f.type === 'boolean') {
    // The hidden "false" goes first so an unchecked box still submits a value; checked sends both and the last wins.
    const checked = value === true || value === 'true' || value === 'on';
    return html`<div class="field field-checkbox${invalid ? ' has-error' : ''}">
<input type="hidden" name="${f.id}" value="false"${v.readonly ? ' disabled' : ''}>
<input type="checkbox" value="true" ${common}${checked ? ' checked' : ''}${v.readonly ? ' disabled' : ''}>${label}${error}</div>`;
  }
  return html`<div class="field${invalid ? ' has-error' : ''}">${label}${control(f, value, common)}${error}</div>`;
}

function control(f: FormField, value: unknown, common: SafeHtml): SafeHtml {
  const v = f.validation;
  const text = value === undefined || value === null ? '' : displayValue(value);
  const ro = v.readonly ? html` readonly` : '';
  switch (f.type) {
    case 'textarea':
      return html`<textarea ${common} rows="4"${lengths(f)}${ro}>${text}</textarea>`;
    case 'enum': {
      const options = f.values ?? [];
      return html`<select ${common}${v.readonly ? html` disabled` : ''}>
${v.required && text !== '' ? '' : html`<option value="">—</option>`}${options.map((o) => html`<option value="${o.id}"${o.id === text ? ' selected' : ''}>${o.name}</option>`)}
</select>`;
    }
    case 'long':
    case 'number':
      return html`<input type="number" step="${f.type === 'long' ? '1' : 'any'}" value="${text}" ${common}${num('min', v.min)}${num('max', v.max)}${ro}>`;
    case 'date':
      return html`<input type="date" value="${dateText(text)}" ${common}${ro}>`;
    default:
      return html`<input type="text" value="${text}" ${common}${lengths(f)}${v.pattern !== undefined ? html` pattern="${v.pattern}"` : ''}${ro}>`;
  }
}

function lengths(f: FormField): SafeHtml {
  return html`${num('minlength', f.validation.minlength)}${num('maxlength', f.validation.maxlength)}`;
}

function num(attr: string, n: number | undefined): SafeHtml {
  return n === undefined ? html`` : html` ${attr}="${n}"`;
}

/** `<input type="date">` only shows yyyy-mm-dd; an ISO timestamp is cut to its date, anything else kept for the error. */
function dateText(text: string): string {
  return /^\d{4}-\d{2}-\d{2}(T|$)/.test(text) ? text.slice(0, 10) : text;
}

/**
 * The submitted body as form values: the last value of a repeated name (the checkbox after its
 * hidden "false"), empty inputs left out so `required` catches them and optional ones keep their
 * variable, readonly fields never taken from the browser. Coercion ("42" → 42) is the engine's job.
 */
export function readSubmission(form: FormSpec | undefined, body: unknown): { values: Record<string, unknown>; raw: Record<string, string> } {
  const src = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  const raw: Record<string, string> = {};
  for (const f of form?.fields ?? []) {
    if (RESERVED_FIELDS.has(f.id) || f.validation.readonly || !Object.hasOwn(src, f.id)) continue;
    const given = src[f.id];
    const last = Array.isArray(given) ? given[given.length - 1] : given;
    if (typeof last !== 'string') continue;
    raw[f.id] = last;
    if (last === '') continue;
    values[f.id] = f.type === 'boolean' ? last === 'true' || last === 'on' : last;
  }
  return { values, raw };
}
