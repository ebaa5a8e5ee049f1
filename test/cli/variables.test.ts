import { describe, expect, it } from 'vitest';
import { AnswerBook } from '../../src/cli/answers.js';
import { parseLooseValue, parseVarAssignments, parseVariablesInput, UsageError } from '../../src/cli/variables.js';

describe('--var values', () => {
  it('parses numbers, booleans, null and JSON, and keeps other text as typed', () => {
    expect(parseVarAssignments(['n=42', 'f=1.5', 'yes=true', 'none=null', 'list=[1,2]', 'obj={"a":1}', 'name=Ann', 'zip=01234', 'empty=', 'eq=a=b'])).toEqual({
      n: 42, f: 1.5, yes: true, none: null, list: [1, 2], obj: { a: 1 }, name: 'Ann', zip: '01234', empty: '', eq: 'a=b',
    });
  });

  it('keeps a quoted JSON string as the string inside the quotes', () => {
    expect(parseLooseValue('"42"')).toBe('42');
  });

  it('rejects an assignment without a name', () => {
    expect(() => parseVarAssignments(['=5'])).toThrow(UsageError);
    expect(() => parseVarAssignments(['novalue'])).toThrow(/name=value/);
  });
});

describe('variables typed at a prompt', () => {
  it('reads empty as none, a JSON object, or k=v pairs', () => {
    expect(parseVariablesInput('  ')).toEqual({});
    expect(parseVariablesInput('{"sent": true, "count": 2}')).toEqual({ sent: true, count: 2 });
    expect(parseVariablesInput('sent=true count=2')).toEqual({ sent: true, count: 2 });
  });

  it('explains broken JSON instead of guessing', () => {
    expect(() => parseVariablesInput('{"sent": }')).toThrow(/not valid JSON/);
  });
});

describe('AnswerBook', () => {
  it('hands out the entries of an element in order, then nothing', () => {
    const book = AnswerBook.from({ Review: [{ a: 1 }, { a: 2 }], Notify: { sent: true } });
    expect(book.next('Review')).toEqual({ a: 1 });
    expect(book.next('Review')).toEqual({ a: 2 });
    expect(book.next('Review')).toBeUndefined();
    expect(book.next('Notify')).toEqual({ sent: true });
    expect(book.next('Notify')).toBeUndefined();
    expect(book.next('Other')).toBeUndefined();
  });

  it('rejects entries that are not objects', () => {
    expect(() => AnswerBook.from({ Review: [1] })).toThrow(/Review\[0\] must be an object/);
    expect(() => AnswerBook.from([])).toThrow(/object keyed by element id/);
  });
});
