import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileExpression } from '../../src/expr/index.js';

const juel = (text: string, vars: Record<string, unknown> = {}): unknown =>
  compileExpression(text, 'camunda7').evaluate(vars);

const compileError = (text: string): ExpressionError => {
  try {
    compileExpression(text, 'camunda7');
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected '${text}' not to compile`);
};

const VARS = {
  amount: 1500,
  name: 'Ann',
  approved: true,
  nothing: null,
  blank: '',
  numeric: '42',
  order: { customer: { tier: 'gold' }, lines: [{ sku: 'A1', qty: 2 }, { sku: 'B2', qty: 0 }], 'odd key': 7 },
  tags: [],
  meta: {},
  when: new Date('2024-01-01T00:00:00Z'),
};

describe('JUEL subset', () => {
  it.each<[string, unknown]>([
    ['${amount}', 1500],
    ['${order.customer.tier}', 'gold'],
    ["${order['customer']['tier']}", 'gold'],
    ['${order["odd key"]}', 7],
    ['${order.lines[1].sku}', 'B2'],
    ["${order.lines['0'].qty}", 2],
    ['${order.lines[5]}', null],
    ['${order.missing}', null],
    ['${nothing.anything}', null],
    ['${amount > 1000}', true],
    ['${amount gt 1000 and approved}', true],
    ['${amount le 1000 or !approved}', false],
    ['${not approved}', false],
    ['${amount == 1500 && name eq "Ann"}', true],
    ['${amount ne 1500}', false],
    ['${amount >= 1500 ? "big" : "small"}', 'big'],
    ['${amount < 10 ? "tiny" : amount < 2000 ? "mid" : "huge"}', 'mid'],
    // A name before the colon is a branch, not the namespace of an EL function (`ns:fn(…)`).
    ['${approved ? name : amount}', 'Ann'],
    ['${approved ? order.customer.tier : name.length()}', 'gold'],
    ['${1 + 2 * 3}', 7],
    ['${(1 + 2) * 3}', 9],
    ['${7 / 2}', 3.5],
    ['${7 div 2}', 3.5],
    ['${7 % 4}', 3],
    ['${7 mod 4}', 3],
    ['${-amount + 1}', -1499],
    ['${- -2}', 2],
    ['${1.5e2}', 150],
    ['${.5 + .25}', 0.75],
    ["${'single' == \"single\"}", true],
    ["${'it\\'s'}", "it's"],
    ['${"back\\\\slash"}', 'back\\slash'],
    ['${null}', null],
    ['${true}', true],
  ])('given the subset expression %s, when evaluated, then it yields %j', (text, expected) => {
    expect(juel(text, VARS)).toEqual(expected);
  });

  describe('JUEL coercion, not JavaScript or expr-eval semantics', () => {
    it.each<[string, unknown]>([
      // `+` is numeric in JUEL: strings are parsed, never concatenated
      ['${numeric + 1}', 43],
      ['${"2" + "3"}', 5],
      ['${nothing + 1}', 1],
      ['${blank + 1}', 1],
      // `==` compares a number and a string as numbers; null only equals null
      ['${amount == "1500"}', true],
      ['${numeric == 42}', true],
      ['${nothing == null}', true],
      ['${nothing == 0}', false],
      ['${nothing != null}', false],
      // booleans: a string is true only when it says 'true'
      ['${approved == "true"}', true],
      ['${approved == "yes"}', false],
      // `||` is logical (expr-eval: concatenation), `!` is negation (expr-eval: factorial)
      ['${false || approved}', true],
      ['${!false}', true],
      ['${!nothing}', true],
      // `<` family: strings lexically, numbers numerically, null is never ordered
      ['${"apple" < "banana"}', true],
      ['${"10" < 9}', false],
      ['${nothing < 1}', false],
      ['${nothing >= nothing}', true],
      ['${when <= when}', true],
      // `empty`
      ['${empty nothing}', true],
      ['${empty blank}', true],
      ['${empty tags}', true],
      ['${empty meta}', true],
      ['${empty order}', false],
      ['${not empty name}', true],
      ['${empty 0}', false],
      // `/` is floating point like Java doubles
      ['${1 / 0}', Infinity],
    ])('given %s, when evaluated, then it yields %j', (text, expected) => {
      expect(juel(text, VARS)).toEqual(expected);
    });

    it('given a condition, when && or || decides early, then the other side is not evaluated', () => {
      expect(juel('${false && missing}', {})).toBe(false);
      expect(juel('${true || missing}', {})).toBe(true);
      expect(juel('${true ? 1 : missing}', {})).toBe(1);
    });

    it.each([
      ['${approved + 1}', /Cannot coerce boolean to a number/],
      ["${'abc' * 2}", /Cannot coerce 'abc' to a number/],
      ['${amount == approved}', /Cannot coerce boolean to a number/],
      ['${5 % 0}', /Division by zero/],
      ['${order < 1}', /Cannot coerce object to a number/],
      ['${order < meta}', /Cannot compare/],
      ['${name.length}', /Cannot read property 'length' of a value of type string/],
      ['${order.lines.first}', /Cannot use 'first' as a list index/],
      ['${amount ? 1 : 2}', /Cannot coerce number to a boolean/],
    ])('given %s, when evaluated, then it fails with an ExpressionError', (text, message) => {
      const compiled = compileExpression(text, 'camunda7');
      expect(() => compiled.evaluate(VARS)).toThrow(ExpressionError);
      expect(() => compiled.evaluate(VARS)).toThrow(message);
    });
  });

  it('given a missing top-level variable, when evaluated, then it fails like Camunda instead of yielding null', () => {
    const compiled = compileExpression('${ghost > 1}', 'camunda7');
    expect(() => compiled.evaluate({})).toThrow("Cannot resolve identifier 'ghost'");
    expect(() => compiled.evaluate({ other: 1 })).toThrow(ExpressionError);
  });

  it('given variable names that are expr-eval built-ins, when evaluated, then they are plain variables', () => {
    expect(juel('${max + min + random + length + V}', { max: 1, min: 2, random: 3, length: 4, V: 5 })).toBe(15);
    expect(() => juel('${max}', {})).toThrow("Cannot resolve identifier 'max'");
  });

  it.each([
    ['${a.b()}', /method calls are not supported: 'a.b\(…\)'/],
    ['${execution.getVariableTyped("x")}', /method calls are not supported: 'execution.getVariableTyped/],
    ['${order.isPremium() > 0}', /method calls are not supported: 'order.isPremium\(…\)'/],
    ['${f(1)}', /function calls are not supported: 'f\(…\)'/],
    ['${fn:upper(name)}', /function calls are not supported/],
    ['${x -> x + 1}', /lambda expressions/],
    ['${x = 1}', /assignment/],
    ['${x += "a"}', /string concatenation operator/],
    ['${a; b}', /; \(sequence\) operator/],
    ['${a instanceof b}', /instanceof/],
    ['${[1, 2]}', /list literals/],
    ['${{1, 2}}', /set\/map literals/],
    ['${1 +}', /unexpected end|unexpected '}'/],
    ['${a', /missing closing '}'|unexpected end/],
    ["${'open}", /unterminated string/],
    ['${"\\n"}', /invalid escape sequence/],
    ['${a @ b}', /unexpected character '@'/],
    ['${a.empty}', /unexpected 'empty'/],
  ])('given the unsupported %s, when compiled, then it is rejected and names the construct', (text, message) => {
    expect(compileError(text).message).toMatch(message);
  });

  it('given deeply nested parentheses, when compiled, then it fails with an ExpressionError, not a stack overflow', () => {
    expect(compileError(`\${${'('.repeat(5000)}1${')'.repeat(5000)}}`).message).toMatch(/nests deeper/);
    expect(compileError(`\${${'-'.repeat(5000)}1}`).message).toMatch(/nests deeper/);
  });

  it('given an expression, when compiled once, then evaluations over different variables stay independent', () => {
    const compiled = compileExpression('${amount > limit}', 'camunda7');
    expect(compiled.language).toBe('juel');
    expect(compiled.evaluate({ amount: 5, limit: 1 })).toBe(true);
    expect(compiled.evaluate({ amount: 0, limit: 1 })).toBe(false);
  });
});
