import { describe, expect, it } from 'vitest';
import { displayValue, escapeHtml, html, trusted } from '../../src/express/html.js';
import { readSubmission, renderFields } from '../../src/express/form-fields.js';
import type { FormSpec } from '../../src/index.js';

describe('html template helper', () => {
  it('escapes every interpolated value, including quotes, so text cannot leave an attribute', () => {
    const evil = `"><script>alert('x')</script>&`;
    expect(html`<a title="${evil}">${evil}</a>`.text).toBe(
      '<a title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</a>',
    );
  });

  it('nests html results unescaped, joins arrays and drops null, undefined and false', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}${0}</ul>`.text).toBe('<ul><li>&lt;a&gt;</li><li>b</li>0</ul>');
    expect(html`${trusted('<br>')}`.text).toBe('<br>');
  });

  it('shows non-string values as JSON', () => {
    expect(displayValue({ a: [1, '<'] })).toBe('{"a":[1,"<"]}');
    expect(displayValue(true)).toBe('true');
    expect(escapeHtml(displayValue('<x>'))).toBe('&lt;x&gt;');
  });
});

describe('form fields', () => {
  const form: FormSpec = {
    fields: [
      { id: 'name', label: 'Name', type: 'string', validation: { required: true } },
      { id: 'ok', type: 'boolean', validation: {} },
      { id: 'kind', type: 'enum', values: [{ id: 'a', name: 'A' }], validation: {} },
      { id: 'locked', type: 'string', validation: { readonly: true } },
      { id: '_csrf', type: 'string', validation: {} },
    ],
  };

  it('takes the last value of a repeated name, leaves out empty inputs, readonly fields and reserved names', () => {
    const body = { name: '', ok: ['false', 'true'], kind: 'a', locked: 'changed', _csrf: 'token', extra: 'x' };
    expect(readSubmission(form, body)).toEqual({ values: { ok: true, kind: 'a' }, raw: { name: '', ok: 'true', kind: 'a' } });
    expect(readSubmission(form, { ok: 'false' }).values).toEqual({ ok: false });
  });

  it('puts each error next to its field and errors of no field at the top', () => {
    const out = renderFields(form, { values: {}, errors: [{ field: 'name', message: 'is required' }, { field: '', message: 'instance suspended' }] }).text;
    expect(out).toMatch(/<div class="alert" role="alert"><p>instance suspended<\/p><\/div>/);
    expect(out).toMatch(/aria-invalid="true" aria-describedby="f-name-error"[^>]*><p class="field-error" id="f-name-error">is required<\/p>/);
    expect(out).not.toContain('name="_csrf"');
    expect(out).toMatch(/<input type="text" value="" id="f-locked" name="locked" readonly>/);
  });
});
