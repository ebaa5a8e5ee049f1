/**
 * The one way pages put text into HTML. `html` escapes every interpolated value unless it is already
 * `SafeHtml` (the result of another `html` call), so a label, variable value or process name can never
 * open a tag or leave an attribute: all attributes are written double-quoted and `"` is escaped too.
 */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** One value as HTML: SafeHtml as is, arrays joined, null/undefined/false as nothing, the rest escaped. */
function piece(value: unknown): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Trusted markup built elsewhere (e.g. a user-supplied layout's output); never pass user data here. */
export function trusted(text: string): SafeHtml {
  return new SafeHtml(text);
}

/** A variable value as readable text: strings bare, everything else as compact JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
