import { evaluate as feelin } from 'feelin';
import { describe, expect, it } from 'vitest';
import { compileFeelSubset, type FeelEvaluator } from '../../src/expr/feel-compiler.js';
import { NEEDS_FEELIN } from '../../src/expr/feel-semantics.js';
import { FeelUnsupported } from '../../src/expr/feel-tokenizer.js';

/**
 * The compiled FEEL subset must agree with feelin: same value (deep) or both failing. Expressions are
 * generated from the subset's grammar with a fixed seed, so a failure names a reproducible expression.
 */

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ATOMS = ['0', '1', '2.5', '.5', '10', '"a"', '"b"', '""', '"x\\"y"', 'true', 'false', 'null',
  'n', 's', 't', 'b', 'f', 'z', 'missing', 'o.x', 'o.y.z', 'o.missing', 'l.v', 'lst', 'n.x', 's.x', 'o.y'];
const BINARY = ['+', '-', '*', '/', '=', '!=', '<', '<=', '>', '>=', 'and', 'or'];

function generate(rand: () => number, depth: number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  if (depth === 0 || rand() < 0.25) return pick(ATOMS);
  const r = rand();
  const sub = () => generate(rand, depth - 1);
  if (r < 0.5) return `${sub()} ${pick(BINARY)} ${sub()}`;
  if (r < 0.6) return `(${sub()} ${pick(BINARY)} ${sub()})`;
  if (r < 0.68) return `not(${sub()})`;
  if (r < 0.76) return `-${pick(['n', 'f', 's', 'z', '1', '(n + 1)', 'missing', 'o.x'])}`;
  if (r < 0.84) return `(if ${sub()} then ${sub()} else ${sub()})`;
  if (r < 0.92) return `[${sub()}, ${sub()}]`;
  return `{k: ${sub()}, "q r": ${sub()}}`;
}

const VARIABLE_SETS: Record<string, unknown>[] = [
  { n: 3, s: 'a', t: 'b', b: true, f: 0, z: -2, o: { x: 1, y: { z: 'deep' } }, l: [{ v: 1 }, { v: 2 }], lst: [1, 2, 3] },
  { n: 0, s: '', t: 'a', b: false, f: 1.5, z: 0, o: { x: 'str', y: null }, l: [{ v: 'a' }, { w: 1 }, 7], lst: [] },
  { n: null, s: null, t: null, b: null, f: null, z: null, o: null, l: null, lst: null },
  {},
];

type Outcome = { ok: true; value: unknown } | { ok: false };

function viaFeelin(expr: string, vars: Record<string, unknown>): Outcome {
  try {
    return { ok: true, value: feelin(expr, vars).value ?? null };
  } catch {
    return { ok: false };
  }
}

describe('FEEL subset vs feelin (differential)', () => {
  it('given 200 generated expressions and 4 variable sets, when evaluated both ways, then they agree', () => {
    const rand = prng(20240611);
    // chained comparisons (`a < b = c`) are generated too; those are feelin's, so keep drawing
    const expressions = new Map<string, FeelEvaluator>();
    while (expressions.size < 200) {
      const expr = generate(rand, 3);
      try {
        expressions.set(expr, compileFeelSubset(expr, () => false));
      } catch (e) {
        if (!(e instanceof FeelUnsupported)) throw e;
      }
    }
    let compared = 0;
    let deferred = 0;
    const disagreements: string[] = [];
    for (const [expr, compiled] of expressions) {
      for (const [i, vars] of VARIABLE_SETS.entries()) {
        let ours: Outcome;
        try {
          ours = { ok: true, value: compiled(vars) };
        } catch (e) {
          if (e === NEEDS_FEELIN) {
            deferred++;
            continue;
          }
          ours = { ok: false };
        }
        compared++;
        const theirs = viaFeelin(expr, vars);
        try {
          expect(ours).toEqual(theirs);
        } catch {
          disagreements.push(`${expr} [vars ${i}]: ours ${JSON.stringify(ours)} feelin ${JSON.stringify(theirs)}`);
        }
      }
    }
    expect(disagreements.slice(0, 20)).toEqual([]);
    // the fast path must carry the bulk, not defer everything to feelin
    expect(compared).toBeGreaterThan(500);
    expect(deferred).toBeLessThan(compared / 2);
  });

  it.each([
    '1 = "1"', 'null = null', 'missing = null', 'n != null', '"a" < "b"', '"b" >= "a"', '1 / 0', '-n * 2',
    '-n.x', '2 - -1', '1 - 2 - 3', '8 / 2 / 2', '1 + 2 * 3', '(1 + 2) * 3', 'true and null', 'false and null',
    'null or true', 'null or false', 'not(null)', 'not(1)', 'if null then 1 else 2', 'if 0 then 1 else 2',
    'if b then "y" else "n" + "!"', 'b and n > 1 or s = "a"', 'l.v', 'o.y.z', '{a: {b: 1}}.a.b',
    '[1, 2].x', '"a" + null', '"\\n\\t\\\\"', '[]', '{}', '[[1], {a: null}]', 'o.x + 1', 's + t',
  ])('given %s, when evaluated both ways, then they agree', (expr) => {
    const compiled = compileFeelSubset(expr, () => false);
    for (const vars of VARIABLE_SETS) {
      let ours: Outcome;
      try {
        ours = { ok: true, value: compiled(vars) };
      } catch (e) {
        if (e === NEEDS_FEELIN) continue;
        ours = { ok: false };
      }
      expect(ours, `${expr} with ${JSON.stringify(vars)}`).toEqual(viaFeelin(expr, vars));
    }
  });
});
