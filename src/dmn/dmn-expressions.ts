import { BpmnRunnerError, ExpressionError } from '../errors/index.js';
import { compileFeel } from '../expr/feel.js';
import { compileJuel, containsJuel } from '../expr/juel.js';
import type { VariableView } from '../spec/types.js';
import { parseFeelLiteral } from './feel-literals.js';
import type { DmnExpressionSpec } from './types.js';
import { compileUnaryTests, type CellTest } from './unary-tests.js';

export type ValueFn = (variables: VariableView) => unknown;

export interface Where {
  readonly file?: string;
  readonly elementId: string;
}

/** An input expression or output entry (a value, not a test). Empty text yields null. */
export function compileValue(spec: DmnExpressionSpec, where: Where): ValueFn {
  return located(spec, where, () => {
    if (spec.text === '') return () => null;
    if (spec.language === 'juel') return compileJuel(juelText(spec.text)).evaluate;
    const literal = parseFeelLiteral(spec.text);
    if (literal && !literal.temporal) {
      const value = literal.value;
      return () => value;
    }
    return compileFeel(spec.text).evaluate;
  });
}

/**
 * An input entry. FEEL entries are unary tests on the cell input; JUEL entries are boolean expressions
 * that see the cell input as `cellInput` (or the input's `camunda:inputVariable`), as in Camunda 7.
 */
export function compileInputEntry(spec: DmnExpressionSpec, inputVariable: string, where: Where): CellTest | undefined {
  return located(spec, where, () => {
    if (spec.language === 'feel') return compileUnaryTests(spec.text);
    if (spec.text === '' || spec.text === '-') return undefined;
    const compiled = compileJuel(juelText(spec.text));
    return (input, vars) => compiled.evaluate({ ...vars, [inputVariable]: input }) === true;
  });
}

/**
 * Camunda 7 evaluates DMN JUEL text as an expression whether or not it is wrapped in `${…}`
 * (`cellInput == "gold"` and `${input1}` both appear in its own test files).
 */
function juelText(text: string): string {
  return containsJuel(text) ? text : `\${${text}}`;
}

/** Compile errors carry the file, line, column and id of the cell, like every deploy error. */
function located<T>(spec: DmnExpressionSpec, where: Where, build: () => T): T {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof BpmnRunnerError)) throw e;
    throw new ExpressionError(e.reason, { ...e.details, file: where.file, line: spec.line, column: spec.column, elementId: spec.id ?? where.elementId }, { cause: e });
  }
}

/** Camunda's typeRef conversions for inputs and outputs; other types pass through untouched. */
export function coerceType(value: unknown, typeRef: string | undefined, elementId: string): unknown {
  if (typeRef === undefined || value === null || value === undefined) return value;
  switch (typeRef.toLowerCase()) {
    case 'integer':
    case 'long':
    case 'double':
    case 'number': {
      if (typeof value === 'number') return value;
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (Number.isNaN(n)) throw new ExpressionError(`value ${JSON.stringify(value)} is not a ${typeRef}`, { elementId, dmnCode: 'DMN-01005' });
      return n;
    }
    case 'string':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
    case 'boolean':
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value;
    default:
      return value;
  }
}
