/**
 * FEEL literals and value comparison for decision table cells. Unary tests compare the cell input with
 * constants far more often than with anything else, so constants are read here once, at compile time,
 * and compared without going through a FEEL evaluator at all.
 */

export type Temporal = 'date' | 'dateTime';

export interface FeelLiteral {
  readonly value: unknown;
  /** Set for `date("…")` / `date and time("…")`: `value` is then the ISO text. */
  readonly temporal?: Temporal;
}

const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;
const STRING = /^"((?:[^"\\]|\\.)*)"$/s;
const TEMPORAL = /^(date and time|date)\s*\(\s*"([^"\\]*)"\s*\)$/;

export function parseFeelLiteral(raw: string): FeelLiteral | undefined {
  const text = raw.trim();
  if (NUMBER.test(text)) return { value: Number(text) };
  const str = STRING.exec(text);
  if (str) return { value: unescapeFeel(str[1] as string) };
  if (text === 'true') return { value: true };
  if (text === 'false') return { value: false };
  if (text === 'null') return { value: null };
  const t = TEMPORAL.exec(text);
  if (t) {
    const temporal: Temporal = t[1] === 'date' ? 'date' : 'dateTime';
    const iso = t[2] as string;
    if (temporalKey(iso, temporal) === undefined) return undefined;
    return { value: iso, temporal };
  }
  return undefined;
}

function unescapeFeel(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, esc: string) => {
    if (esc.length === 5) return String.fromCharCode(parseInt(esc.slice(1), 16));
    return esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : esc;
  });
}

/**
 * Splits on a separator outside strings, parentheses and brackets. Ranges use `..` and lists `,`, and a
 * string may contain either, which is why a plain `split` will not do.
 */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Index of `..` outside strings, or -1. */
export function rangeDots(text: string): number {
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (text[i] === '.' && text[i + 1] === '.') return i;
  }
  return -1;
}

/**
 * A value turned into something `<` can order, for the given temporal kind: dates as `YYYY-MM-DD` text,
 * date-times as epoch milliseconds. Accepts JS Dates, ISO strings and feelin's FeelDate / FeelDateTime
 * (both carry an `iso`). Zone-less date-times are read as UTC so the answer never depends on the host.
 */
export function temporalKey(value: unknown, kind: Temporal): string | number | undefined {
  let iso: string | undefined;
  if (value instanceof Date) iso = Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  else if (typeof value === 'string') iso = value;
  else if (value !== null && typeof value === 'object' && typeof (value as { iso?: unknown }).iso === 'string') iso = (value as { iso: string }).iso;
  if (iso === undefined || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  if (kind === 'date') return iso.slice(0, 10);
  const zoned = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : iso.includes('T') ? `${iso}Z` : `${iso}T00:00:00Z`;
  const ms = Date.parse(zoned.replace(/@.*$/, ''));
  return Number.isNaN(ms) ? undefined : ms;
}

/** FEEL `=`: same type and value; null equals only null (a missing variable counts as null). */
export function feelEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date || isFeelTemporal(a) || isFeelTemporal(b)) {
    const ka = temporalKey(a, 'dateTime');
    return ka !== undefined && ka === temporalKey(b, 'dateTime');
  }
  return false;
}

/** Negative, zero or positive; undefined when FEEL cannot order the two (then no comparison matches). */
export function feelCompare(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function isFeelTemporal(v: unknown): boolean {
  return v !== null && typeof v === 'object' && typeof (v as { iso?: unknown }).iso === 'string';
}
