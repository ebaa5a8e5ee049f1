import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileCondition, compileExpression, isExpressionText, literal } from '../../src/expr/index.js';

describe('compileExpression: choosing the language by flavour', () => {
  it('given Camunda 7 text with ${…} or #{…}, when compiled, then it is JUEL', () => {
    expect(compileExpression('${a}', 'camunda7').language).toBe('juel');
    expect(compileExpression('#{a}', 'camunda7').language).toBe('juel');
    expect(compileExpression('${a}', 'bpmn').language).toBe('juel');
    expect(compileExpression('#{a + 1}', 'camunda7').evaluate({ a: 1 })).toBe(2);
  });

  it('given Camunda 7 text without a block, when compiled, then it is the literal string', () => {
    const compiled = compileExpression('approveInvoice', 'camunda7');
    expect(compiled).toMatchObject({ language: 'literal', source: 'approveInvoice' });
    expect(compiled.evaluate({})).toBe('approveInvoice');
    expect(compileExpression('= a', 'camunda7').evaluate({})).toBe('= a');
    expect(compileExpression('costs $5 {net}', 'camunda7').evaluate({})).toBe('costs $5 {net}');
  });

  it('given Camunda 8 text starting with =, when compiled, then it is FEEL; otherwise a literal', () => {
    expect(compileExpression('= a', 'camunda8').language).toBe('feel');
    expect(compileExpression('=a + 1', 'camunda8').evaluate({ a: 1 })).toBe(2);
    const plain = compileExpression('${a}', 'camunda8');
    expect(plain.language).toBe('literal');
    expect(plain.evaluate({ a: 1 })).toBe('${a}');
  });

  it('given texts, when asked whether they are expressions, then the flavour decides', () => {
    expect(isExpressionText('${x}', 'camunda7')).toBe(true);
    expect(isExpressionText('Dear #{name}', 'bpmn')).toBe(true);
    expect(isExpressionText('\\${x}', 'camunda7')).toBe(false);
    expect(isExpressionText('=x', 'camunda7')).toBe(false);
    expect(isExpressionText('=x', 'camunda8')).toBe(true);
    expect(isExpressionText('${x}', 'camunda8')).toBe(false);
    expect(isExpressionText('plain', 'camunda8')).toBe(false);
  });

  it('given a compile error, when thrown, then it is an ExpressionError without location', () => {
    try {
      compileExpression('${a.b()}', 'camunda7');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExpressionError);
      expect((e as ExpressionError).code).toBe('EXPRESSION_ERROR');
      expect((e as ExpressionError).elementId).toBeUndefined();
    }
  });
});

describe('JUEL composite text', () => {
  it('given text around a block, when evaluated, then the result is a string with EL coercion', () => {
    const compiled = compileExpression('Hello ${name}, you owe ${amount * 2} (${nothing}|${ok})!', 'camunda7');
    expect(compiled.evaluate({ name: 'Ann', amount: 2.5, nothing: null, ok: true })).toBe(
      'Hello Ann, you owe 5 (|true)!',
    );
  });

  it('given a single block, when evaluated, then the value keeps its type', () => {
    expect(compileExpression('${list}', 'camunda7').evaluate({ list: [1, 2] })).toEqual([1, 2]);
    expect(compileExpression('${a}${b}', 'camunda7').evaluate({ a: 1, b: 2 })).toBe('12');
    expect(compileExpression(' ${a} ', 'camunda7').evaluate({ a: 1 })).toBe(' 1 ');
  });

  it('given braces inside string literals and escaped blocks, when evaluated, then they are text', () => {
    expect(compileExpression('${"}"} and ${\'${x}\'}', 'camunda7').evaluate({})).toBe('} and ${x}');
    expect(compileExpression('cost: \\${price} = ${price}', 'camunda7').evaluate({ price: 3 })).toBe(
      'cost: ${price} = 3',
    );
  });

  it('given an unclosed block, when compiled, then it is an ExpressionError', () => {
    expect(() => compileExpression('Hello ${name', 'camunda7')).toThrow(ExpressionError);
  });
});

describe('compileCondition', () => {
  it('given a condition body wrapped in whitespace by the modeller, when compiled, then it keeps its type', () => {
    const c7 = compileCondition('\n        ${amount > 100}\n      ', 'camunda7');
    expect(c7.source).toBe('${amount > 100}');
    expect(c7.evaluate({ amount: 101 })).toBe(true);
    const c8 = compileCondition('  =amount > 100 ', 'camunda8');
    expect(c8.language).toBe('feel');
    expect(c8.evaluate({ amount: 5 })).toBe(false);
    expect(c8.evaluate({})).toBeNull();
  });
});

describe('literal', () => {
  it('given any value, when wrapped, then it evaluates to that value with language literal', () => {
    const obj = { a: 1 };
    expect(literal(obj).evaluate({})).toBe(obj);
    expect(literal(obj)).toMatchObject({ language: 'literal', source: '{"a":1}' });
    expect(literal('R1').source).toBe('R1');
    expect(literal(null).evaluate({ x: 1 })).toBeNull();
  });
});
