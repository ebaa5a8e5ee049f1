import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileExpression } from '../../src/expr/index.js';

const feel = (text: string, vars: Record<string, unknown> = {}): unknown =>
  compileExpression(text, 'camunda8').evaluate(vars);

const VARS = {
  amount: 1500,
  name: 'Ann',
  approved: true,
  nothing: null,
  order: { customer: { tier: 'gold' }, lines: [{ sku: 'A1', qty: 2 }, { sku: 'B2', qty: 0 }] },
  items: [3, 1, 2],
};

describe('FEEL', () => {
  it.each<[string, unknown]>([
    ['= amount', 1500],
    ['= order.customer.tier', 'gold'],
    ['= order.lines.sku', ['A1', 'B2']],
    ['= amount > 1000', true],
    ['= amount >= 1500 and name = "Ann"', true],
    ['= amount < 10 or not(approved)', false],
    ['= name != "Bob"', true],
    ['= amount * 2 - 1', 2999],
    ['= amount / 4', 375],
    ['= -amount + 1', -1499],
    ['= "Hello " + name', 'Hello Ann'],
    ['= [amount, name, [1]]', [1500, 'Ann', [1]]],
    ['= {total: amount, who: name, "with space": null}', { total: 1500, who: 'Ann', 'with space': null }],
    ['= if amount > 1000 then "manual" else "auto"', 'manual'],
    ['= if nothing then 1 else 2', 2],
    ['= null', null],
  ])('given %s, when evaluated, then it yields %j', (text, expected) => {
    expect(feel(text, VARS)).toEqual(expected);
  });

  describe('FEEL semantics (not JUEL)', () => {
    it.each<[string, unknown]>([
      // a missing variable or entry is null, not an error
      ['= ghost', null],
      ['= ghost = null', true],
      ['= order.ghost.deeper', null],
      ['= ghost > 1', null],
      // comparing different types is null; `=` is equality, not assignment
      ['= amount = "1500"', null],
      ['= approved = 1', null],
      // arithmetic on mismatched types or with null is null; division by zero too
      ['= amount + "1"', null],
      ['= amount + nothing', null],
      ['= amount / 0', null],
      // three-valued logic
      ['= true and nothing', null],
      ['= false and nothing', false],
      ['= true or nothing', true],
      ['= false or nothing', null],
      ['= not(nothing)', null],
      ['= not("yes")', null],
    ])('given %s, when evaluated, then it yields %j', (text, expected) => {
      expect(feel(text, VARS)).toEqual(expected);
    });
  });

  describe('beyond the compiled subset: feelin', () => {
    it.each<[string, unknown]>([
      ['= count(items)', 3],
      ['= sum(items)', 6],
      ['= items[1]', 3],
      ['= items[item > 1]', [3, 2]],
      ['= for x in items return x * 2', [6, 2, 4]],
      ['= some x in items satisfies x > 2', true],
      ['= amount between 1000 and 2000', true],
      ['= amount in [1000..2000]', true],
      ['= 2 ** 3', 8],
      ['= {a: 1, b: a + 1}.b', 2],
      ['= upper case(name)', 'ANN'],
      ['= string length(name)', 3],
      ['= [1] = 1', true],
    ])('given %s, when evaluated, then feelin computes %j', (text, expected) => {
      expect(feel(text, VARS)).toEqual(expected);
    });

    it('given a compiled expression meeting a value it does not mirror, when evaluated, then feelin decides', () => {
      const compiled = compileExpression('= when', 'camunda8');
      const value = compiled.evaluate({ when: new Date('2024-03-01T10:00:00Z') }) as { toString(): string };
      expect(String(value)).toContain('2024-03-01T10:00:00');
      expect(compiled.evaluate({ when: 'plain' })).toBe('plain');
    });

    it('given a missing variable named like a FEEL built-in, when evaluated, then it means what feelin says', () => {
      expect(typeof feel('= count', {})).toBe('function');
      expect(feel('= count', { count: 4 })).toBe(4);
    });

    it('given a FEEL syntax error, when compiled, then it fails at deploy with an ExpressionError', () => {
      expect(() => compileExpression('= 1 +', 'camunda8')).toThrow(ExpressionError);
      expect(() => compileExpression('= items[1', 'camunda8')).toThrow(/invalid FEEL expression/);
      expect(() => compileExpression('=', 'camunda8')).toThrow(/empty FEEL expression/);
      expect(() => compileExpression('=   ', 'camunda8')).toThrow(/empty FEEL expression/);
    });

    it('given feelin failing at run time, when evaluated, then the failure is an ExpressionError', () => {
      const compiled = compileExpression('= amount < approved', 'camunda8');
      expect(() => compiled.evaluate(VARS)).toThrow(ExpressionError);
      expect(() => compiled.evaluate(VARS)).toThrow(/cannot evaluate FEEL '= amount < approved'/);
      expect(compiled.evaluate({ amount: 1, approved: 2 })).toBe(true);
    });
  });
});
