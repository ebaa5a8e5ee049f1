import { ExpressionError } from '../errors/index.js';
import { javaRegex, regexReplace } from './juel-java-regex.js';
import { intArgument, javaEquals, stringArgument } from './juel-java-values.js';

/**
 * java.lang.String methods, with Java's answers where JavaScript's differ: substring and charAt throw on
 * bad indexes instead of clamping or swapping, trim() removes only characters up to U+0020, strip() and
 * isBlank() use Character.isWhitespace (no NBSP), equals never coerces, a null argument is an error
 * (NullPointerException) except for equals and equalsIgnoreCase.
 */

export type JavaMethod<T> = (self: T, args: readonly unknown[]) => unknown;

/** Character.isWhitespace: Unicode space separators except the no-break ones, plus the ASCII controls. */
const JAVA_WHITESPACE = '\\t\\n\\u000B\\f\\r\\u001C-\\u001F \\u1680\\u2000-\\u2006\\u2008-\\u200A\\u2028\\u2029\\u205F\\u3000';
const LEADING_WS = new RegExp(`^[${JAVA_WHITESPACE}]+`);
const TRAILING_WS = new RegExp(`[${JAVA_WHITESPACE}]+$`);
const ALL_WS = new RegExp(`^[${JAVA_WHITESPACE}]*$`);

function outOfBounds(where: string, detail: string): ExpressionError {
  return new ExpressionError(`${where}: ${detail} (StringIndexOutOfBoundsException in Java)`);
}

function substring(s: string, args: readonly unknown[]): string {
  const where = `String.substring(${args.length === 1 ? 'begin' : 'begin, end'})`;
  const begin = intArgument(args[0], where);
  const end = args.length === 2 ? intArgument(args[1], where) : s.length;
  if (begin < 0 || end > s.length || begin > end) throw outOfBounds(where, `begin ${begin}, end ${end}, length ${s.length}`);
  return s.slice(begin, end);
}

/** Java trims every char <= U+0020, JavaScript's trim() Unicode spaces: ' \u00A0x'.trim() differs. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start++;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

/** Character.toUpperCase / toLowerCase work per char: a mapping that changes the length (ß → SS) is skipped. */
function foldChar(c: string): string {
  const upper = c.toUpperCase();
  const lower = (upper.length === 1 ? upper : c).toLowerCase();
  return lower.length === 1 ? lower : c;
}

/** String.compareTo: the first differing UTF-16 unit decides, else the length. */
function compareUnits(a: string, b: string, fold: boolean): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = fold ? foldChar(a[i]!).charCodeAt(0) : a.charCodeAt(i);
    const y = fold ? foldChar(b[i]!).charCodeAt(0) : b.charCodeAt(i);
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

/** Literal replace of every occurrence; an empty target inserts between all characters, as in Java. */
function replaceLiteral(s: string, target: string, replacement: string): string {
  if (target === '') return `${replacement}${[...s].join(replacement)}${s === '' ? '' : replacement}`;
  return s.split(target).join(replacement);
}

const arg = (args: readonly unknown[], i: number, where: string): string => stringArgument(args[i], where);

export const STRING_METHODS: ReadonlyMap<string, { arities: readonly number[]; call: JavaMethod<string> }> = new Map<
  string,
  { arities: readonly number[]; call: JavaMethod<string> }
>([
  ['length', { arities: [0], call: (s) => s.length }],
  ['isEmpty', { arities: [0], call: (s) => s.length === 0 }],
  ['isBlank', { arities: [0], call: (s) => ALL_WS.test(s) }],
  ['charAt', { arities: [1], call: (s, a) => {
    const i = intArgument(a[0], 'String.charAt(index)');
    if (i < 0 || i >= s.length) throw outOfBounds('String.charAt(index)', `index ${i}, length ${s.length}`);
    return s[i];
  } }],
  ['substring', { arities: [1, 2], call: substring }],
  ['concat', { arities: [1], call: (s, a) => s + arg(a, 0, 'String.concat(str)') }],
  ['contains', { arities: [1], call: (s, a) => s.includes(arg(a, 0, 'String.contains(s)')) }],
  ['startsWith', { arities: [1, 2], call: (s, a) => {
    const prefix = arg(a, 0, 'String.startsWith(prefix)');
    if (a.length === 1) return s.startsWith(prefix);
    // Java answers false for an offset outside the string; JavaScript would clamp it.
    const offset = intArgument(a[1], 'String.startsWith(prefix, offset)');
    return offset >= 0 && offset <= s.length - prefix.length && s.startsWith(prefix, offset);
  } }],
  ['endsWith', { arities: [1], call: (s, a) => s.endsWith(arg(a, 0, 'String.endsWith(suffix)')) }],
  ['indexOf', { arities: [1, 2], call: (s, a) => {
    const str = arg(a, 0, 'String.indexOf(str)');
    return a.length === 1 ? s.indexOf(str) : s.indexOf(str, Math.max(0, intArgument(a[1], 'String.indexOf(str, fromIndex)')));
  } }],
  ['lastIndexOf', { arities: [1, 2], call: (s, a) => {
    const str = arg(a, 0, 'String.lastIndexOf(str)');
    if (a.length === 1) return s.lastIndexOf(str);
    const from = intArgument(a[1], 'String.lastIndexOf(str, fromIndex)');
    return from < 0 ? -1 : s.lastIndexOf(str, from);
  } }],
  ['equals', { arities: [1], call: (s, a) => javaEquals(s, a[0]) }],
  ['equalsIgnoreCase', { arities: [1], call: (s, a) => {
    if (a[0] === null || a[0] === undefined) return false;
    const other = arg(a, 0, 'String.equalsIgnoreCase(other)');
    return other.length === s.length && compareUnits(s, other, true) === 0;
  } }],
  ['compareTo', { arities: [1], call: (s, a) => compareUnits(s, arg(a, 0, 'String.compareTo(other)'), false) }],
  ['compareToIgnoreCase', { arities: [1], call: (s, a) => compareUnits(s, arg(a, 0, 'String.compareToIgnoreCase(other)'), true) }],
  // Locale-independent (Locale.ROOT); Java uses the JVM's default locale (Turkish dotless i).
  ['toUpperCase', { arities: [0], call: (s) => s.toUpperCase() }],
  ['toLowerCase', { arities: [0], call: (s) => s.toLowerCase() }],
  ['trim', { arities: [0], call: javaTrim }],
  ['strip', { arities: [0], call: (s) => s.replace(LEADING_WS, '').replace(TRAILING_WS, '') }],
  ['stripLeading', { arities: [0], call: (s) => s.replace(LEADING_WS, '') }],
  ['stripTrailing', { arities: [0], call: (s) => s.replace(TRAILING_WS, '') }],
  ['replace', { arities: [2], call: (s, a) => replaceLiteral(s, arg(a, 0, 'String.replace(target, replacement)'), arg(a, 1, 'String.replace(target, replacement)')) }],
  ['replaceAll', { arities: [2], call: (s, a) => regexReplace(s, arg(a, 0, 'String.replaceAll(regex, replacement)'), arg(a, 1, 'String.replaceAll(regex, replacement)'), true) }],
  ['replaceFirst', { arities: [2], call: (s, a) => regexReplace(s, arg(a, 0, 'String.replaceFirst(regex, replacement)'), arg(a, 1, 'String.replaceFirst(regex, replacement)'), false) }],
  ['matches', { arities: [1], call: (s, a) => javaRegex(arg(a, 0, 'String.matches(regex)')).matches(s) }],
  ['split', { arities: [1, 2], call: (s, a) => {
    const regex = javaRegex(arg(a, 0, 'String.split(regex)'));
    // Java: splitting '' gives [''], whatever the pattern.
    if (s === '') return [''];
    return regex.split(s, a.length === 2 ? intArgument(a[1], 'String.split(regex, limit)') : 0);
  } }],
  ['toString', { arities: [0], call: (s) => s }],
]);
