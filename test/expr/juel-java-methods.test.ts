import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { compileExpression } from '../../src/expr/index.js';
import { JAVA_METHOD_ARITIES } from '../../src/expr/juel-java-methods.js';
import { Engine } from '../../src/index.js';

/**
 * Java methods on plain values, as Camunda 7 models call them. The table says what Camunda 7 (JUEL over
 * java.lang.String, ArrayList, HashMap, Long/Double) gives and what we give; where they differ the row
 * says why. `ERROR` is an exception in Camunda and an ExpressionError here.
 */

const ERROR = Symbol('error');
type Expected = unknown;
type Row = [expression: string, variables: Record<string, unknown>, java: Expected, ours: Expected, why?: string];

const TABLE: Row[] = [
  ['${list.size() > 0}', { list: [1] }, true, true],
  ['${list.size()}', { list: [] }, 0, 0],
  ['${name.toUpperCase()}', { name: 'ann' }, 'ANN', 'ANN'],
  ["${'Activiti'.substring(0, 3)}", {}, 'Act', 'Act'],
  ['${s.substring(3, 7)}', { s: 'abcdefgh' }, 'defg', 'defg'],
  ['${s.substring(3)}', { s: 'abcdefgh' }, 'defgh', 'defgh'],
  ['${s.substring(3, 10)}', { s: 'abcdefgh' }, ERROR, ERROR, 'StringIndexOutOfBounds; JS slice would clamp'],
  ['${s.substring(5, 2)}', { s: 'abcdefgh' }, ERROR, ERROR, 'JS substring would swap the bounds'],
  ['${s.substring(-1)}', { s: 'abc' }, ERROR, ERROR, 'JS slice(-1) would count from the end'],
  ["${s.substring('1')}", { s: 'abc' }, 'bc', 'bc', 'EL coerces the argument to the int parameter'],
  ["${s.substring('x')}", { s: 'abc' }, ERROR, ERROR],
  ["${'Activiti'.concat(x)}", { x: '!' }, 'Activiti!', 'Activiti!'],
  ["${'a'.concat(x)}", { x: 5 }, 'a5', 'a5'],
  ["${'a'.concat(x)}", { x: null }, ERROR, ERROR, "NullPointerException; JS concat would give 'anull'"],
  ['${x.toString()}', { x: 5 }, '5', '5'],
  ['${x.toString()}', { x: 2.5 }, '2.5', '2.5'],
  ['${x.toString()}', { x: 5 }, '5.0', '5', 'a Double 5.0 in Camunda; JSON keeps no Long/Double split, so whole numbers print as Long'],
  ['${x.toString()}', { x: 1.5e-7 }, '1.5E-7', '1.5E-7'],
  ['${x.toString()}', { x: null }, ERROR, ERROR, "target unreachable; JS String(null) would be 'null'"],
  ['${x.toString()}', { x: [1, 'a', null] }, '[1, a, null]', '[1, a, null]'],
  ['${x.toString()}', { x: { a: 1, b: [2] } }, '{a=1, b=[2]}', '{a=1, b=[2]}'],
  ['${x.toString()}', { x: { b: 1, a: 2 } }, '{a=2, b=1}', '{b=1, a=2}', 'HashMap orders by hash; we keep insertion order'],
  ['${(a + b).toString()}', { a: 1, b: 2 }, '3', '3'],
  ['${s.isEmpty()}', { s: '' }, true, true],
  ["${s.contains('a')}", { s: 'cat' }, true, true],
  ['${s.contains(x)}', { s: 'cat', x: null }, ERROR, ERROR],
  ['${s.startsWith(p)}', { s: 'invoice-1', p: 'invoice' }, true, true],
  ["${s.startsWith('a', -1)}", { s: 'abc' }, false, false, 'JS startsWith clamps the offset to 0'],
  ["${s.endsWith('.pdf')}", { s: 'a.pdf' }, true, true],
  ['${s.equals(y)}', { s: '5', y: 5 }, false, false, "equals never coerces (JUEL's == does)"],
  ['${s == y}', { s: '5', y: 5 }, true, true],
  ['${s.equals(y)}', { s: 'a', y: 'a' }, true, true],
  ['${s.equals(null)}', { s: 'a' }, false, false],
  ['${s.equalsIgnoreCase(y)}', { s: 'ABC', y: 'abc' }, true, true],
  ['${s.equalsIgnoreCase(y)}', { s: '5', y: 5 }, true, true, 'the String parameter coerces 5 to "5"'],
  ["${s.compareTo('b')}", { s: 'a' }, -1, -1],
  ["${s.compareTo('abc')}", { s: 'a' }, -2, -2],
  ["${map.get('k')}", { map: { k: 'v' } }, 'v', 'v'],
  ["${map.get('missing')}", { map: { k: 'v' } }, null, null],
  ['${map.get(1)}', { map: { 1: 'v' } }, null, null, 'String keys: the Integer 1 finds nothing'],
  ["${map.containsKey('k')}", { map: { k: 'v' } }, true, true],
  ["${map.getOrDefault('x', 0)}", { map: {} }, 0, 0],
  ['${map.size()}', { map: { a: 1, b: 2 } }, 2, 2],
  ['${map.keySet()}', { map: { a: 1, b: 2 } }, ['a', 'b'], ['a', 'b']],
  ['${list.contains(v)}', { list: ['a', 'b'], v: 'b' }, true, true],
  ["${list.contains('1')}", { list: [1] }, false, false, 'Object.equals: no coercion'],
  ['${list.get(0)}', { list: ['x'] }, 'x', 'x'],
  ['${list.get(5)}', { list: ['x'] }, ERROR, ERROR, 'IndexOutOfBounds (unlike list[5], which is null)'],
  ['${list[5]}', { list: ['x'] }, null, null],
  ['${list.indexOf(2)}', { list: [1, 2] }, 1, 1],
  ['${list.subList(1, 3)}', { list: [1, 2, 3, 4] }, [2, 3], [2, 3]],
  ['${s.length()}', { s: 'héllo' }, 5, 5],
  ['${s.trim()}', { s: '  a b \t' }, 'a b', 'a b'],
  ['${s.trim()}', { s: '\u00A0a\u00A0' }, '\u00A0a\u00A0', '\u00A0a\u00A0', 'Java trims only chars <= U+0020; JS trim() also NBSP'],
  ["${s.matches('[0-9]+')}", { s: '123' }, true, true],
  ["${s.matches('[0-9]+')}", { s: 'a123' }, false, false, 'the whole string must match (JS RegExp.test finds a part)'],
  ['${s.matches(re)}', { s: `${'a'.repeat(40)}!`, re: '(a+)+$' }, false, false, 'java.util.regex takes exponential time here; RE2 linear'],
  ["${s.replace('.', '-')}", { s: 'a.b.c' }, 'a-b-c', 'a-b-c', 'literal, every occurrence (JS replace: the first)'],
  ["${s.replaceAll('[.]', '-')}", { s: 'a.b.c' }, 'a-b-c', 'a-b-c'],
  ["${s.replaceAll('(\\\\w+)@(\\\\w+)', '$2 at $1')}", { s: 'ann@corp' }, 'corp at ann', 'corp at ann'],
  ["${s.split(',')}", { s: 'a,b,,' }, ['a', 'b'], ['a', 'b'], 'trailing empty strings are dropped (JS split keeps them)'],
  ["${s.lastIndexOf('a', -1)}", { s: 'abc' }, -1, -1, 'JS lastIndexOf treats a negative start as 0'],
  ["${s.charAt(1) == 'b'}", { s: 'abc' }, true, true],
  ['${s.toUpperCase()}', { s: 'straße' }, 'STRASSE', 'STRASSE'],
  ['${s.toLowerCase()}', { s: 'TITLE' }, 'title', 'title', 'Java uses the JVM locale (a Turkish JVM gives "tıtle"); we are locale-independent'],
  ['${n.intValue()}', { n: 3.9 }, 3, 3],
  ['${n.intValue()}', { n: -3.9 }, -3, -3],
  ['${n.intValue()}', { n: 3000000000 }, -1294967296, -1294967296, 'Long.intValue wraps around'],
  ['${n.longValue()}', { n: 2.5 }, 2, 2],
  ['${n.compareTo(2)}', { n: 3 }, 1, 1],
  ['${n.equals(3)}', { n: 3 }, true, true, 'a Long 3 against an Integer 3 is false in Java; we have one number type'],
  ['${b.toString()}', { b: true }, 'true', 'true'],
  ['${b.booleanValue()}', { b: false }, false, false],
];

function evaluate(text: string, vars: Record<string, unknown>): unknown {
  try {
    return compileExpression(text, 'camunda7').evaluate(vars);
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return ERROR;
  }
}

describe('Java methods on values: Camunda 7 vs. ours', () => {
  it.each(TABLE)('%s with %j: Java %s, ours %s', (text, vars, java, ours, why) => {
    expect(evaluate(text, vars)).toStrictEqual(ours);
    // A difference from Camunda is a decision, and a decision has a reason.
    const differs = java !== ours && JSON.stringify(java) !== JSON.stringify(ours);
    if (differs) expect(why, `${text}: why do we differ?`).toBeTruthy();
  });
});

function deployError(text: string): ExpressionError {
  try {
    compileExpression(text, 'camunda7');
  } catch (e) {
    expect(e).toBeInstanceOf(ExpressionError);
    return e as ExpressionError;
  }
  throw new Error(`expected '${text}' not to compile`);
}

describe('Java method calls at deploy', () => {
  it.each<[string, RegExp]>([
    ['${myBean.doIt()}', /method calls are not supported: 'myBean.doIt\(…\)'/],
    ['${order.isPremiumOrder()}', /method calls are not supported: 'order.isPremiumOrder\(…\)'/],
    ['${s.getBytes()}', /method calls are not supported: 's.getBytes\(…\)'/],
    ['${s[m]()}', /method calls are not supported/],
    ['${s.substring()}', /substring\(…\) takes 1 or 2 arguments, got 0/],
    ['${list.size(1)}', /size\(…\) takes 0 arguments, got 1/],
    ["${s.replace('a')}", /replace\(…\) takes 2 arguments, got 1/],
    ["${s.matches('[a-')}", /invalid regular expression '\[a-'/],
    ["${s.split('(?<=,)')}", /invalid regular expression/],
  ])('given %s, then the deploy fails and says why', (text, message) => {
    expect(deployError(text).message).toMatch(message);
  });

  it('given the whitelist, then it holds no name that reaches JavaScript internals', () => {
    for (const name of ['constructor', '__proto__', 'prototype', 'valueOf', 'call', 'apply', 'bind', 'hasOwnProperty', '__defineGetter__', 'getClass']) {
      expect(JAVA_METHOD_ARITIES.has(name), name).toBe(false);
    }
  });

  it('given a plain object whose own properties are functions named like every whitelisted method, then no call reaches them', () => {
    let called = 0;
    const m: Record<string, unknown> = {};
    for (const name of JAVA_METHOD_ARITIES.keys()) m[name] = () => ++called;
    for (const [name, arities] of JAVA_METHOD_ARITIES) {
      for (const n of arities) {
        const args = Array.from({ length: n }, () => "'a'").join(', ');
        try {
          compileExpression(`\${m.${name}(${args})}`, 'camunda7').evaluate({ m });
        } catch (e) {
          expect(e, `m.${name}(${args})`).toBeInstanceOf(ExpressionError);
        }
      }
    }
    expect(called).toBe(0);
  });
});

describe('Java method calls at run time', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['${n.substring(1)}', { n: 5 }, /Number has no method substring\(\)/],
    ['${list.toUpperCase()}', { list: [] }, /List has no method toUpperCase\(\)/],
    ["${m.contains('a')}", { m: {} }, /Map has no method contains\(\)/],
    ['${list.substring(1, 2)}', { list: [] }, /List has no method substring/],
    ['${s.get(0)}', { s: 'abc' }, /String has no method get\(\)/],
    ['${list.indexOf(1, 2)}', { list: [1] }, /List.indexOf takes 1 argument, got 2/],
    ['${x.toString()}', { x: null }, /cannot call toString\(\) on this value: it is null/],
    ['${d.toString()}', { d: new Date(0) }, /it is a date/],
    ['${bean.toString()}', {}, /Cannot resolve identifier 'bean'/],
  ])('given %s with %j, then it fails with an ExpressionError that says why', (text, vars, message) => {
    let error: unknown;
    try {
      compileExpression(text, 'camunda7').evaluate(vars);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ExpressionError);
    expect((error as Error).message).toMatch(message);
  });

  it('given calls chained on results and inside composite text, then each applies to the value before it', () => {
    const vars = { name: '  ada lovelace ', list: ['x', 'y'], m: { k: [1, 2, 3] } };
    expect(compileExpression('${name.trim().substring(0, 3).toUpperCase()}', 'camunda7').evaluate(vars)).toBe('ADA');
    expect(compileExpression("Hi ${name.trim()}, ${list.size()} items, last ${m.get('k').get(2)}", 'camunda7').evaluate(vars)).toBe(
      'Hi ada lovelace, 2 items, last 3',
    );
    expect(compileExpression("${not empty list and list.get(0).equals('x') ? m.k.size() : -1}", 'camunda7').evaluate(vars)).toBe(3);
  });

  it("given a value read through execution, then its Java methods apply", () => {
    const execution = { getVariable: (n: string) => (n === 'order' ? { total: 30 } : 'Ann') };
    expect(compileExpression("${execution.getVariable('order').toString()}", 'camunda7').evaluate({ execution })).toBe('{total=30}');
    expect(compileExpression("${execution.getVariable('who').length()}", 'camunda7').evaluate({ execution })).toBe(3);
  });
});

describe('Java method calls in a process', () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="t">
  <process id="p" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="cut"/>
    <serviceTask id="cut" camunda:expression="\${s.substring(3, 10)}" camunda:resultVariable="short"/>
    <sequenceFlow id="f2" sourceRef="cut" targetRef="gw"/>
    <exclusiveGateway id="gw"/>
    <sequenceFlow id="long" sourceRef="gw" targetRef="endLong"><conditionExpression>\${short.length() > 5}</conditionExpression></sequenceFlow>
    <sequenceFlow id="other" sourceRef="gw" targetRef="endOther"><conditionExpression>\${short.length() &lt;= 5}</conditionExpression></sequenceFlow>
    <endEvent id="endLong"/>
    <endEvent id="endOther"/>
  </process>
</definitions>`;

  it('given a substring within bounds, when the instance runs, then the result drives the gateway', async () => {
    const engine = new Engine({});
    await engine.deploy(xml);
    const done = await engine.start('p', { variables: { s: 'abcdefghijkl' } });
    expect(done.status).toBe('COMPLETED');
    expect(done.variables.short).toBe('defghij');
  });

  it('given a substring past the end, when the instance runs, then the service task has an expression incident', async () => {
    const engine = new Engine({});
    await engine.deploy(xml);
    const failed = await engine.start('p', { variables: { s: 'abc' } });
    expect(failed.incidents).toHaveLength(1);
    expect(failed.incidents[0]).toMatchObject({ elementId: 'cut', type: 'failedExpression' });
    expect(failed.incidents[0]!.message).toMatch(/begin 3, end 10, length 3/);
  });
});
