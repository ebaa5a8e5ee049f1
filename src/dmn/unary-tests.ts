import { parseUnaryTests, unaryTest } from 'feelin';
import { ExpressionError } from '../errors/index.js';
import { compileFeel } from '../expr/feel.js';
import type { VariableView } from '../spec/types.js';
import { feelCompare, feelEquals, parseFeelLiteral, rangeDots, splitTopLevel, temporalKey, type Temporal } from './feel-literals.js';

/** One input entry compiled: does the cell input satisfy the tests? */
export type CellTest = (input: unknown, variables: VariableView) => boolean;

type Operand = (variables: VariableView) => unknown;
interface Endpoint {
  readonly read: Operand;
  /** For constant dates: the ordering key, computed once. */
  readonly temporal?: { readonly kind: Temporal; readonly key: string | number };
}

class NotSimple extends Error {}

/**
 * Compiles FEEL simple unary tests (`-`, `"a","b"`, `< 10`, `[1..5]`, `]a..b[`, `not(…)`, `date("…")`,
 * names and paths) once into closures; returns undefined for `-` and empty cells, which match anything.
 * Tests outside that grammar (`? > x`, function calls on `?`) go to feelin's `unaryTest`, which parses
 * on every call: correct, but slow, so only the exotic cells pay for it.
 */
export function compileUnaryTests(raw: string): CellTest | undefined {
  const text = raw.trim();
  if (text === '' || text === '-') return undefined;
  try {
    return compileTests(text);
  } catch (e) {
    if (!(e instanceof NotSimple)) throw e;
    return viaFeelin(text);
  }
}

function compileTests(text: string): CellTest {
  const negated = /^not\s*\(/.exec(text);
  if (negated && matchingParen(text, negated[0].length - 1) === text.length - 1) {
    const inner = compileTests(text.slice(negated[0].length, -1).trim());
    return (input, vars) => !inner(input, vars);
  }
  const tests = splitTopLevel(text).map((part) => compileOne(part.trim()));
  if (tests.length === 1) return tests[0] as CellTest;
  return (input, vars) => {
    for (const test of tests) if (test(input, vars)) return true;
    return false;
  };
}

function compileOne(test: string): CellTest {
  if (test === '' || test.includes('?')) throw new NotSimple();
  const op = /^(<=|>=|!=|<|>|=)/.exec(test);
  if (op) {
    const end = endpoint(test.slice(op[0].length));
    const accept = ORDER_OPS[op[0] as keyof typeof ORDER_OPS];
    if (op[0] === '=') return (input, vars) => equalsEndpoint(input, end, vars);
    if (op[0] === '!=') return (input, vars) => input != null && !equalsEndpoint(input, end, vars);
    return (input, vars) => {
      const c = compareEndpoint(input, end, vars);
      return c !== undefined && accept(c);
    };
  }
  const dots = rangeDots(test);
  if (dots !== -1 && /^[[(\]]/.test(test) && /[\])[]$/.test(test)) {
    const low = endpoint(test.slice(1, dots));
    const high = endpoint(test.slice(dots + 2, -1));
    const lowOpen = test[0] !== '[';
    const highOpen = test[test.length - 1] !== ']';
    return (input, vars) => {
      const a = compareEndpoint(input, low, vars);
      if (a === undefined || (lowOpen ? a <= 0 : a < 0)) return false;
      const b = compareEndpoint(input, high, vars);
      return b !== undefined && (highOpen ? b < 0 : b <= 0);
    };
  }
  const end = endpoint(test);
  return (input, vars) => {
    const value = end.temporal ? undefined : end.read(vars);
    // A name that holds a list tests membership (DMN 1.2+); a boolean `true` test is plain equality.
    if (Array.isArray(value)) return value.some((v) => feelEquals(input, v));
    return equalsEndpoint(input, end, vars, value);
  };
}

const ORDER_OPS = {
  '<': (c: number) => c < 0,
  '<=': (c: number) => c <= 0,
  '>': (c: number) => c > 0,
  '>=': (c: number) => c >= 0,
  '=': (c: number) => c === 0,
  '!=': (c: number) => c !== 0,
} as const;

function endpoint(raw: string): Endpoint {
  const text = raw.trim();
  if (text === '') throw new NotSimple();
  const literal = parseFeelLiteral(text);
  if (literal) {
    const value = literal.value;
    if (literal.temporal) {
      return { read: () => value, temporal: { kind: literal.temporal, key: temporalKey(value, literal.temporal) as string | number } };
    }
    return { read: () => value };
  }
  // Names, paths and arithmetic: the shared FEEL compiler (closures, feelin only for what it declines).
  if (/^[[(]/.test(text)) throw new NotSimple();
  const compiled = compileFeel(text);
  return { read: (vars) => compiled.evaluate(vars) };
}

function equalsEndpoint(input: unknown, end: Endpoint, vars: VariableView, known?: unknown): boolean {
  if (end.temporal) return temporalKey(input, end.temporal.kind) === end.temporal.key;
  return feelEquals(input, known !== undefined ? known : end.read(vars));
}

function compareEndpoint(input: unknown, end: Endpoint, vars: VariableView): number | undefined {
  if (end.temporal) {
    const k = temporalKey(input, end.temporal.kind);
    return k === undefined ? undefined : feelCompare(k, end.temporal.key);
  }
  const value = end.read(vars);
  if (value instanceof Date || (value !== null && typeof value === 'object' && 'iso' in value)) {
    const a = temporalKey(input, 'dateTime');
    const b = temporalKey(value, 'dateTime');
    return a === undefined || b === undefined ? undefined : feelCompare(a, b);
  }
  return feelCompare(input, value);
}

function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function viaFeelin(text: string): CellTest {
  let bad: number | undefined;
  parseUnaryTests(text, {}, undefined).iterate({
    enter(node) {
      if (node.type.isError && bad === undefined) bad = node.from;
      return bad === undefined;
    },
  });
  if (bad !== undefined) throw new ExpressionError(`invalid FEEL unary test '${text}': syntax error at offset ${bad + 1}`);
  return (input, vars) => {
    try {
      return unaryTest(text, { ...vars, '?': input }).value === true;
    } catch (cause) {
      throw new ExpressionError(`cannot evaluate FEEL unary test '${text}': ${(cause as Error).message}`, {}, { cause });
    }
  };
}
