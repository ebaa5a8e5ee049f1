import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileUnaryTests } from '../../src/dmn/unary-tests.js';

const matches = (test: string, input: unknown, vars: Record<string, unknown> = {}): boolean => {
  const compiled = compileUnaryTests(test);
  return compiled === undefined ? true : compiled(input, vars);
};

describe('FEEL unary tests', () => {
  it.each([
    // [test, input, expected]
    ['-', 'anything', true],
    ['', null, true],
    ['"Winter"', 'Winter', true],
    ['"Winter"', 'winter', false],
    ['"a","b"', 'b', true],
    ['"a","b"', 'c', false],
    ['"a,b"', 'a,b', true],
    ['5', 5, true],
    ['5', '5', false],
    ['< 10', 9, true],
    ['< 10', 10, false],
    ['<= 10', 10, true],
    ['> 10', 10.5, true],
    ['>= 10', 9.99, false],
    ['>10', 11, true],
    ['[1..5]', 1, true],
    ['[1..5]', 5, true],
    ['[1..5]', 5.5, false],
    ['(1..5)', 1, false],
    [']1..5[', 4.9, true],
    [']1..5[', 5, false],
    ['[1..5)', 5, false],
    ['[1..5], > 100', 101, true],
    ['not("a","b")', 'c', true],
    ['not("a","b")', 'a', false],
    ['not([1..5])', 7, true],
    ['true', true, true],
    ['false', true, false],
    ['null', null, true],
    ['null', undefined, true],
    ['< 10', null, false],
    ['< 10', 'nine', false],
    ['"Spring"', 42, false],
  ] as const)('%s with %j → %s', (test, input, expected) => {
    // given a cell text, when compiled and run on the input, then it matches as FEEL says
    expect(matches(test, input)).toBe(expected);
  });

  it('compares dates written as date("…") with ISO strings, Dates and date-times', () => {
    expect(matches('date("2026-01-01")', '2026-01-01')).toBe(true);
    expect(matches('date("2026-01-01")', new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(matches('< date("2026-01-01")', '2025-12-31')).toBe(true);
    expect(matches('< date("2026-01-01")', '2026-01-02')).toBe(false);
    expect(matches('[date("2026-01-01")..date("2026-03-31")]', '2026-02-15')).toBe(true);
    expect(matches('[date("2026-01-01")..date("2026-03-31")]', '2026-04-01')).toBe(false);
    expect(matches('> date and time("2026-01-01T10:00:00Z")', new Date('2026-01-01T10:00:01Z'))).toBe(true);
    expect(matches('> date and time("2026-01-01T10:00:00Z")', 'not a date')).toBe(false);
  });

  it('reads names, paths and arithmetic from the variables at evaluation time', () => {
    expect(matches('< limit', 9, { limit: 10 })).toBe(true);
    expect(matches('< limit', 11, { limit: 10 })).toBe(false);
    expect(matches('[low..high]', 3, { low: 1, high: 5 })).toBe(true);
    expect(matches('> customer.limit * 2', 21, { customer: { limit: 10 } })).toBe(true);
    expect(matches('allowed', 'b', { allowed: ['a', 'b'] })).toBe(true);
    expect(matches('allowed', 'c', { allowed: ['a', 'b'] })).toBe(false);
  });

  it('falls back to feelin for tests on ? and keeps their meaning', () => {
    expect(matches('? > 5', 6)).toBe(true);
    expect(matches('? > 5', 4)).toBe(false);
    expect(matches('starts with(?, "ab")', 'abc')).toBe(true);
  });

  it('refuses a syntax error when compiling, not on first use', () => {
    expect(() => compileUnaryTests('[1..')).toThrow(ExpressionError);
  });
});
