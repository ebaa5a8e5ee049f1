import { afterEach, describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileExpression } from '../../src/expr/index.js';

/**
 * Expressions come from uploaded diagrams and variables from web forms: neither may reach JavaScript
 * internals. CVE-2025-12735 (expr-eval ≤ 2.0.2) executed functions handed in through the variables
 * object; CVE-2025-13204 polluted prototypes through `__proto__` member paths.
 */

const protoKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
const baseline = protoKeys();

afterEach(() => {
  expect(protoKeys()).toEqual(baseline);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

function rejectsAtCompile(text: string): ExpressionError {
  try {
    compileExpression(text, 'camunda7');
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected '${text}' to be rejected`);
}

describe('JUEL injection attempts', () => {
  it.each([
    '${constructor}',
    '${x.constructor}',
    "${x['constructor']}",
    '${x.constructor.constructor("return process")()}',
    "${''.constructor.constructor('return this')()}",
    '${__proto__}',
    '${x.__proto__.polluted}',
    "${x['__proto__']['polluted'] = 1}",
    '${x.prototype}',
    '${Object.prototype}',
  ])('given the path %s, when compiled, then it is rejected before anything runs', (text) => {
    expect(rejectsAtCompile(text).message).toMatch(/not allowed|not supported|unexpected|assignment/);
  });

  it('given a forbidden name computed at run time, when evaluated, then it is refused', () => {
    const compiled = compileExpression('${x[key]}', 'camunda7');
    for (const key of ['constructor', '__proto__', 'prototype']) {
      expect(() => compiled.evaluate({ x: {}, key })).toThrow(/access to '.*' is not allowed/);
    }
    expect(compiled.evaluate({ x: { ok: 1 }, key: 'ok' })).toBe(1);
  });

  it('given CVE-2025-12735-style variables holding functions, when evaluated, then no function is called', () => {
    let called = 0;
    const exec = (): string => {
      called++;
      return 'pwned';
    };
    const vars = { exec, obj: { run: exec }, list: [exec] };
    expect(() => compileExpression('${exec("id")}', 'camunda7')).toThrow(/function calls are not supported/);
    expect(() => compileExpression('${obj.run("id")}', 'camunda7')).toThrow(/method calls are not supported/);
    // read as values they stay values: never invoked, never coerced by calling them
    expect(compileExpression('${exec}', 'camunda7').evaluate(vars)).toBe(exec);
    expect(compileExpression('${obj.run}', 'camunda7').evaluate(vars)).toBe(exec);
    expect(() => compileExpression('${exec + 1}', 'camunda7').evaluate(vars)).toThrow(ExpressionError);
    expect(() => compileExpression('${exec.name}', 'camunda7').evaluate(vars)).toThrow(/Cannot read property/);
    expect(called).toBe(0);
  });

  it("given a value shaped like expr-eval's lazy sub-expression, when evaluated, then it is refused, not invoked", () => {
    let called = 0;
    const fake = { type: 'IEXPREVAL', value: () => (called++, 'pwned') };
    expect(() => compileExpression('${fake}', 'camunda7').evaluate({ fake })).toThrow(ExpressionError);
    expect(() => compileExpression('${o.fake == 1}', 'camunda7').evaluate({ o: { fake } })).toThrow(ExpressionError);
    expect(called).toBe(0);
  });

  it('given properties of class instances or inherited ones, when read, then only own plain data is visible', () => {
    class Account {
      secret = 's3cret';
      get computed(): string {
        return 'getter ran';
      }
    }
    const inherited = Object.create({ hidden: 'from prototype' }) as object;
    expect(() => compileExpression('${acct.secret}', 'camunda7').evaluate({ acct: new Account() })).toThrow(
      /Cannot read property 'secret' of a value of type object/,
    );
    expect(() => compileExpression('${o.hidden}', 'camunda7').evaluate({ o: inherited })).toThrow(ExpressionError);
    expect(compileExpression('${o.toString}', 'camunda7').evaluate({ o: {} })).toBeNull();
    expect(() => compileExpression('${toString}', 'camunda7').evaluate({})).toThrow("Cannot resolve identifier 'toString'");
  });

  it('given a 100k-character expression, when compiled, then it fails at once without parsing', () => {
    const huge = `\${${'a + '.repeat(25_000)}a}`;
    expect(huge.length).toBeGreaterThan(100_000);
    const started = Date.now();
    expect(rejectsAtCompile(huge).message).toMatch(/too long/);
    expect(Date.now() - started).toBeLessThan(1000); // safety bound only
  });
});

describe('JUEL Java method calls on values', () => {
  it.each([
    '${s.constructor}',
    "${s['constructor']}",
    '${s.constructor()}',
    "${s['constructor']('return process')()}",
    '${x.__proto__}',
    "${m.get('a').__proto__}",
    '${s.valueOf()}',
    '${s.toString.call(x)}',
    '${f.apply(null, args)}',
    '${s.getClass()}',
    "${o.hasOwnProperty('a')}",
    "${o.__defineGetter__('a', f)}",
    '${s[name]()}',
    '${list.add(1)}',
    "${map.put('a', 1)}",
  ])('given %s, when compiled, then it is rejected before anything runs', (text) => {
    expect(rejectsAtCompile(text).message).toMatch(/not allowed|not supported/);
  });

  it('given values that carry their own functions, when whitelisted methods are called, then only data is read', () => {
    let called = 0;
    const fn = (): string => (called++, 'pwned');
    const o = { size: fn, get: fn, toString: fn, equals: fn, run: fn };
    const vars = { o, list: [fn], f: fn };
    expect(compileExpression('${o.size()}', 'camunda7').evaluate(vars)).toBe(5);
    expect(compileExpression("${o.get('run')}", 'camunda7').evaluate(vars)).toBe(fn);
    expect(compileExpression("${o.containsKey('toString')}", 'camunda7').evaluate(vars)).toBe(true);
    expect(compileExpression('${list.get(0)}', 'camunda7').evaluate(vars)).toBe(fn);
    expect(() => compileExpression('${o.toString()}', 'camunda7').evaluate(vars)).toThrow(/cannot convert a function/);
    expect(() => compileExpression('${f.toString()}', 'camunda7').evaluate(vars)).toThrow(/cannot call toString\(\) on this value: it is a function/);
    expect(() => compileExpression("${o.equals(o)}", 'camunda7').evaluate(vars)).not.toThrow();
    expect(called).toBe(0);
  });

  it('given a class instance or a value inherited from a prototype, when a method is called on it, then it is refused', () => {
    class Account {
      secret = 's3cret';
      size(): number {
        return 42;
      }
      get computed(): string {
        throw new Error('getter ran');
      }
    }
    const acct = new Account();
    for (const text of ['${acct.size()}', '${acct.toString()}', '${acct.equals(acct)}']) {
      expect(() => compileExpression(text, 'camunda7').evaluate({ acct }), text).toThrow(/not plain data/);
    }
    const inherited = Object.create({ k: 'from prototype' }) as object;
    expect(compileExpression("${m.get('k')}", 'camunda7').evaluate({ m: { own: 1 } })).toBeNull();
    expect(() => compileExpression("${m.get('k')}", 'camunda7').evaluate({ m: inherited })).toThrow(/not plain data/);
  });

  it('given forbidden keys computed at run time, when passed to Map methods, then they are refused', () => {
    const polluted = JSON.parse('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    for (const key of ['constructor', '__proto__', 'prototype']) {
      for (const text of ['${m.get(key)}', '${m.containsKey(key)}', '${m.getOrDefault(key, 1)}']) {
        expect(() => compileExpression(text, 'camunda7').evaluate({ m: polluted, key }), `${text} ${key}`).toThrow(/access to '.*' is not allowed/);
      }
    }
  });

  it("given a list element shaped like expr-eval's lazy sub-expression, when read by a method, then it is refused, not invoked", () => {
    let called = 0;
    const fake = { type: 'IEXPREVAL', value: () => (called++, 'pwned') };
    expect(() => compileExpression('${list.get(0)}', 'camunda7').evaluate({ list: [fake] })).toThrow(ExpressionError);
    expect(() => compileExpression("${m.get('f') == 1}", 'camunda7').evaluate({ m: { f: fake } })).toThrow(ExpressionError);
    expect(() => compileExpression('${(a + 1).toString() == list.get(0)}', 'camunda7').evaluate({ a: 1, list: [fake] })).toThrow(ExpressionError);
    expect(called).toBe(0);
  });

  it('given a catastrophic-backtracking pattern from a variable, when matched, then RE2 answers in linear time', () => {
    // `(a+)+$` against a's and a final '!' takes 2^n steps in a backtracking engine (JavaScript's, Java's);
    // with n = 50,000 this would never finish there.
    const compiled = compileExpression('${s.matches(re)}', 'camunda7');
    expect(compiled.evaluate({ s: `${'a'.repeat(50_000)}!`, re: '(a+)+$' })).toBe(false);
    expect(compiled.evaluate({ s: 'aaa', re: '(a+)+$' })).toBe(true);
  });

  it('given a pattern RE2 cannot run in linear time or an over-long one, when used, then it is an expression error', () => {
    expect(rejectsAtCompile("${s.matches('(a)\\\\1')}").message).toMatch(/invalid regular expression/);
    expect(rejectsAtCompile("${s.replaceAll('(?=a)', 'b')}").message).toMatch(/invalid regular expression/);
    const compiled = compileExpression('${s.matches(re)}', 'camunda7');
    expect(() => compiled.evaluate({ s: 'aa', re: '(a)\\1' })).toThrow(/invalid regular expression/);
    expect(() => compiled.evaluate({ s: 'a', re: 'a'.repeat(2001) })).toThrow(/too long/);
  });
});

describe('FEEL injection attempts', () => {
  it.each([
    ['= x.constructor', { x: {} }],
    ['= x.__proto__', { x: {} }],
    ['= x.prototype', { x: {} }],
    ['= constructor', {}],
    ['= __proto__', {}],
    ['= {a: 1}.constructor', {}],
  ])('given %s, when evaluated, then it is null and reads nothing inherited', (text, vars) => {
    expect(compileExpression(text, 'camunda8').evaluate(vars)).toBeNull();
  });

  it('given a context literal with a __proto__ key, when evaluated, then the global prototype is untouched', () => {
    const value = compileExpression('= {"__proto__": {polluted: true}}', 'camunda8').evaluate({});
    expect(typeof value).toBe('object');
  });

  it('given a 100k-character FEEL expression, when compiled, then it fails at once', () => {
    expect(() => compileExpression(`= ${'1 + '.repeat(25_000)}1`, 'camunda8')).toThrow(/too long/);
  });
});
