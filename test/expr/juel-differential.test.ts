import { describe, expect, it } from 'vitest';
import { compileJuel } from '../../src/expr/juel.js';
import { compileCommonShape } from '../../src/expr/juel-closure-compiler.js';
import { parseJuelBlock } from '../../src/expr/juel-parser.js';
import { compileJuelAst, compileWithExprEval, type JuelEvaluator } from '../../src/expr/juel-to-expr-eval.js';

/**
 * The common JUEL shapes run as closures; everything else through expr-eval-fork. For every generated
 * expression of those shapes both must give the same value, or fail with the same error class and
 * message. Expressions come from a fixed seed, so a failure names a reproducible expression.
 */

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LITERALS = ['0', '1', '-1', '2.5', '.5', '1e3', '10', "'1'", '"abc"', "''", "'a\\'b'", '"Ünï ☃"', 'true', 'false', 'null'];
const PATHS = [
  'n', 's', 'ns', 'e', 'b', 'bs', 'z', 'nul', 'o', 'lst', 'missing', 'd',
  'o.x', 'o.y.z', 'o.missing', 'o.missing.deeper', "o['x']", 'o["y"].z', 'lst[0]', 'lst[1]', 'lst[9]', "lst['1']",
  's.x', 'n.x', 'nul.x', 'lst.x', 'o[1]', 'o[true]', 'o[null]', 'o.empty2',
];
/** Java methods on values (juel-java-methods.ts), of every receiver type and of none (null, missing). */
const METHOD_CALLS = [
  's.length()', 'ns.toUpperCase()', 'lst.size()', "o.get('x')", 'o.containsKey("y")', 's.substring(1)', 'ns.substring(0, 2)',
  'lst.contains(1)', 'lst.get(0)', 'n.intValue()', 'n.toString()', 'nul.toString()', 's.equals(ns)', 'o.size()', 'e.isEmpty()',
  "ns.startsWith('a')", 'missing.size()', 'b.toString()', "s.concat(n)", 'lst.indexOf(o.x)', "s.matches('[0-9]+')", 'o.y.toString()',
];
const COMPARE = ['==', '!=', '<', '<=', '>', '>=', 'eq', 'ne', 'lt', 'le', 'gt', 'ge'];
const LOGIC = ['&&', '||', 'and', 'or'];

function generate(rand: () => number, depth: number, paths: readonly string[] = PATHS): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const operand = (): string => (rand() < 0.5 ? pick(LITERALS) : pick(paths));
  if (depth === 0 || rand() < 0.2) return operand();
  const r = rand();
  const sub = (): string => generate(rand, depth - 1, paths);
  if (r < 0.45) return `${operand()} ${pick(COMPARE)} ${operand()}`;
  if (r < 0.7) return `${sub()} ${pick(LOGIC)} ${sub()}`;
  if (r < 0.8) return `(${sub()})`;
  if (r < 0.88) return `${pick(['!', 'not '])}${sub()}`;
  return `empty ${operand()}`;
}

const VARIABLE_SETS: Record<string, unknown>[] = [
  { n: 1, s: '1', ns: 'abc', e: '', b: true, bs: 'true', z: 0, nul: null, o: { x: 1, y: { z: 'deep' }, '1': 'one', true: 't', null: 'n', empty2: {} }, lst: [1, 'a'], d: '2024-01-01' },
  { n: 3, s: 'a', ns: '3', e: ' ', b: false, bs: 'TRUE', z: -0.5, nul: null, o: { x: '1', y: null }, lst: [], d: 5 },
  { n: 0, s: '', ns: '', e: [], b: 'false', bs: 'no', z: 1e3, nul: 0, o: {}, lst: [null, { x: 1 }], d: true },
  { n: '10', s: 'abc', ns: 10, e: {}, b: 1, bs: '', z: 2.5, nul: false, o: { x: [1], y: { z: 3 } }, lst: 'str', d: null },
  { n: 2.5, s: '2.5', ns: '0x1', e: null, b: null, bs: null, z: '0', nul: '', o: null, lst: [[1], [2]], d: { a: 1 } },
  // Half the names missing: a missing top-level variable is an error, a missing key is null.
  { n: 1, o: { x: 1 } },
  {},
];

type Outcome = { value: unknown } | { error: string };

function outcome(fn: JuelEvaluator, vars: Record<string, unknown>): Outcome {
  try {
    return { value: fn(vars) };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

function compileBoth(text: string): { direct: JuelEvaluator; reference: JuelEvaluator } {
  const { ast } = parseJuelBlock(`\${${text}}`, 2);
  expect(compileCommonShape(ast), `'${text}' should be one of the common shapes`).toBeDefined();
  return { direct: compileJuelAst(ast, text), reference: compileWithExprEval(ast, text) };
}

describe('JUEL common shapes: closures agree with expr-eval-fork', () => {
  it('on generated expressions over many variable sets', () => {
    const rand = prng(20261123);
    let compared = 0;
    let errors = 0;
    for (let i = 0; i < 2500; i++) {
      const text = generate(rand, 3);
      const { direct, reference } = compileBoth(text);
      for (const vars of VARIABLE_SETS) {
        const want = outcome(reference, vars);
        const got = outcome(direct, vars);
        expect(got, `${text} with ${JSON.stringify(vars)}`).toStrictEqual(want);
        compared++;
        if ('error' in want) errors++;
      }
    }
    // Both branches were exercised, not just one.
    expect(errors).toBeGreaterThan(compared / 10);
    expect(errors).toBeLessThan(compared * 0.9);
  });

  it('on generated expressions with Java method calls', () => {
    const rand = prng(20261124);
    const operands = [...METHOD_CALLS, ...PATHS.slice(0, 6)];
    let compared = 0;
    let errors = 0;
    for (let i = 0; i < 1000; i++) {
      const text = generate(rand, 3, operands);
      const { direct, reference } = compileBoth(text);
      for (const vars of VARIABLE_SETS) {
        const want = outcome(reference, vars);
        expect(outcome(direct, vars), `${text} with ${JSON.stringify(vars)}`).toStrictEqual(want);
        compared++;
        if ('error' in want) errors++;
      }
    }
    expect(errors).toBeGreaterThan(compared / 10);
    expect(errors).toBeLessThan(compared * 0.9);
  });

  it.each([
    ['x == 1', { x: '1' }, true],
    ['x eq 1', { x: 1 }, true],
    ['x != null', { x: 0 }, true],
    ['x < 10 && y', { x: '9', y: 'true' }, true],
    ['a.b.c == "z"', { a: { b: { c: 'z' } } }, true],
    ['a.b.c', { a: { b: null } }, null],
    ['!done', { done: '' }, true],
    ['empty list', { list: [] }, true],
    ['false && missing', {}, false],
    ['true || missing', {}, true],
    ['list.size() > 0', { list: [0] }, true],
    ["name.substring(0, 3) == 'Act'", { name: 'Activiti' }, true],
  ])('%s with %j is %j', (text, vars, expected) => {
    const { direct, reference } = compileBoth(text);
    expect(direct(vars)).toBe(expected);
    expect(reference(vars)).toBe(expected);
  });

  it('fails on a missing variable the way expr-eval does (PropertyNotFound in Camunda)', () => {
    const { direct, reference } = compileBoth('count < limit');
    expect(() => direct({ count: 1 })).toThrow("Cannot resolve identifier 'limit'");
    expect(outcome(direct, { count: 1 })).toStrictEqual(outcome(reference, { count: 1 }));
  });

  it('leaves other shapes to expr-eval-fork', () => {
    for (const text of ['a + 1', 'a ? 1 : 2', 'a[b]', 'execution.processBusinessKey', 'a * 2 > 3', '(a + 1).toString()', 's.substring(a - 1)']) {
      expect(compileCommonShape(parseJuelBlock(`\${${text}}`, 2).ast), text).toBeUndefined();
    }
    // …and whole expressions still evaluate, whichever way they were compiled.
    expect(compileJuel('${a + 1 > 2 && b == "x"}').evaluate({ a: 2, b: 'x' })).toBe(true);
    expect(compileJuel('Hello ${name}!').evaluate({ name: 'Ann' })).toBe('Hello Ann!');
  });
});
