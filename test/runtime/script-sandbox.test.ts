import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createScriptSandbox, type ScriptOutcome, type ScriptRequest, type ScriptSandbox } from '../../src/runtime/script-sandbox.js';

let sandbox: ScriptSandbox;
beforeAll(async () => {
  sandbox = await createScriptSandbox();
});
afterAll(() => sandbox.dispose());

// Runs that crash a WASM module swap in the spare and load a new one in the background; the engine
// awaits whenReady() before each run, and so do these tests.
afterEach(() => sandbox.whenReady());

function run(source: string, more: Partial<ScriptRequest> = {}): ScriptOutcome {
  return sandbox.run({ source, variables: {}, timeoutMs: 1000, memoryLimitMb: 32, ...more });
}
function ok(outcome: ScriptOutcome): Extract<ScriptOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.kind}: ${outcome.message}`);
  return outcome;
}
function failed(outcome: ScriptOutcome): Extract<ScriptOutcome, { ok: false }> {
  if (outcome.ok) throw new Error(`expected failure, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('script results and variables', () => {
  it('returns the value of the last expression statement', () => {
    expect(ok(run('var x = 20; x * 2 + 2')).result).toBe(42);
    expect(ok(run('"a" + "b"')).result).toBe('ab');
    expect(ok(run('({ list: [1, "two", null, true], nested: { ok: false } })')).result).toEqual({
      list: [1, 'two', null, true],
      nested: { ok: false },
    });
    expect(ok(run('null')).result).toBeNull();
  });

  it('leaves the result absent when the script ends with undefined', () => {
    const out = ok(run('var x = 1;'));
    expect(out.result).toBeUndefined();
    expect('result' in out && out.result !== undefined).toBe(false);
  });

  it('sees process variables as globals and through execution', () => {
    const out = ok(
      run('[amount * 2, execution.getVariable("customer").name, execution.hasVariable("amount"), execution.hasVariable("nope"), execution.getVariable("nope")]', {
        variables: { amount: 21, customer: { name: 'Ada' } },
      }),
    );
    expect(out.result).toEqual([42, 'Ada', true, false, null]);
  });

  it('collects execution.setVariable and setVariableLocal calls as JSON', () => {
    const out = ok(
      run(
        'execution.setVariable("total", { n: 3, at: new Date(0), tags: ["a"] });' +
          'execution.setVariable("cleared", undefined);' +
          'execution.setVariableLocal("temp", 7);' +
          'execution.getVariable("total").n',
      ),
    );
    expect(out.setVariables).toEqual({ total: { n: 3, at: '1970-01-01T00:00:00.000Z', tags: ['a'] }, cleared: null });
    expect(out.setVariablesLocal).toEqual({ temp: 7 });
    expect(out.result).toBe(3);
  });

  it('lists variables with getVariables including values set during the run', () => {
    const out = ok(run('execution.setVariable("b", 2); var v = execution.getVariables(); [v.a, v.b]', { variables: { a: 1 } }));
    expect(out.result).toEqual([1, 2]);
  });

  it('captures declared outputs assigned with var, let, const and plain assignment', () => {
    const out = ok(
      run('var a = 1; let b = "two"; const c = [3]; d = { four: 4 };', {
        capture: ['a', 'b', 'c', 'd', 'neverDeclared', 'class'],
      }),
    );
    expect(out.captured).toEqual({ a: 1, b: 'two', c: [3], d: { four: 4 } });
  });

  it('answers execution getters from the execution info, null when absent', () => {
    const out = ok(
      run('[execution.getProcessInstanceId(), execution.getCurrentActivityId(), execution.getBusinessKey()]', {
        execution: { processInstanceId: 'pi-1', activityId: 'Task_1' },
      }),
    );
    expect(out.result).toEqual(['pi-1', 'Task_1', null]);
  });

  it('does not check the result when nobody wants it', () => {
    const out = ok(run('var f = function () {}; f', { wantResult: false }));
    expect(out.result).toBeUndefined();
  });
});

describe('values that are not JSON', () => {
  it.each([
    ['execution.setVariable("f", function () {})', /f is a function/],
    ['execution.setVariable("s", Symbol("x"))', /s is a symbol/],
    ['execution.setVariable("o", { deep: { fn() {} } })', /o\.deep\.fn is a function/],
    ['NaN', /result is NaN/],
    ['[1, Infinity]', /result\[1\] is Infinity/],
    ['new Map([[1, 2]])', /is a Map, not a plain object/],
    ['var o = {}; o.self = o; o', /cycle/],
    ['({ when: new Date(NaN) })', /invalid Date/],
  ])('rejects %s with a clear message', (source, message) => {
    const out = failed(run(source));
    expect(out.kind).toBe('error');
    expect(out.message).toMatch(message);
  });

  it('points at the line of a setVariable call with a function', () => {
    expect(failed(run('var x = 1;\n\nexecution.setVariable("f", () => x);')).line).toBe(3);
  });

  it('refuses prototype-polluting variable names', () => {
    expect(failed(run('execution.setVariable("__proto__", { polluted: true })')).message).toMatch(/cannot be used/);
    const ownProto = 'Object.defineProperty({}, "__proto__", { value: 1, enumerable: true })';
    expect(failed(run(ownProto)).message).toMatch(/__proto__ is not allowed/);
    expect(failed(run('1', { capture: ['constructor'] })).message).toMatch(/cannot be captured/);
  });
});

describe('script failures', () => {
  it('reports a thrown Error with its own message and line', () => {
    const out = failed(run('var a = 1;\n\nthrow new Error("credit check failed");'));
    expect(out).toEqual({ ok: false, kind: 'error', message: 'credit check failed', line: 3 });
  });

  it('names the error type of engine errors and the line of the failing frame', () => {
    const out = failed(run('function f(o) {\n  return o.x;\n}\nf(null);'));
    expect(out.message).toMatch(/^TypeError: .*'x'/);
    expect(out.line).toBe(2);
  });

  it('reports syntax errors with their line', () => {
    const out = failed(run('var a = 1;\nvar b = ;'));
    expect(out.message).toMatch(/^SyntaxError/);
    expect(out.line).toBe(2);
  });

  it('reports thrown non-Error values as text', () => {
    expect(failed(run('throw "plain text"')).message).toBe('plain text');
    expect(failed(run('throw { code: "E1" }')).message).toBe('{"code":"E1"}');
  });

  it('stops an endless loop with a timeout and leaves the host event loop free', async () => {
    let fired = false;
    const timer = new Promise<void>((resolve) =>
      setTimeout(() => {
        fired = true;
        resolve();
      }, 0),
    );
    const started = Date.now();
    const out = failed(run('while (true) {}', { timeoutMs: 200 }));
    expect(out.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    await timer;
    expect(fired).toBe(true);
  });

  it('cannot catch its way out of the time limit', () => {
    const out = failed(run('for (;;) { try { while (true) {} } catch (e) {} }', { timeoutMs: 200 }));
    expect(out.kind).toBe('timeout');
  });

  it('stops a memory bomb with kind memory', () => {
    expect(failed(run('var a = []; while (true) a.push([1, 2, 3, 4, 5, 6, 7, 8]);', { memoryLimitMb: 8, timeoutMs: 10_000 })).kind).toBe(
      'memory',
    );
  });

  it('stops a string bomb that QuickJS does not count against its own limit', () => {
    const out = failed(run('var a = []; while (true) a.push("x".repeat(1e6) + a.length);', { timeoutMs: 30_000 }));
    expect(out.kind).toBe('memory');
  });

  it('turns deep recursion into an error', () => {
    const out = failed(run('function down(n) { return down(n + 1) + 1; }\ndown(0);'));
    expect(out.kind).toBe('error');
    expect(out.message).toMatch(/stack overflow/);
  });

  it('survives nesting deep enough to exhaust the host stack and keeps working', async () => {
    for (let i = 0; i < 3; i++) {
      await sandbox.whenReady();
      const out = failed(run('eval("(".repeat(100000) + "1" + ")".repeat(100000))'));
      expect(out.kind).toBe('error');
    }
    await sandbox.whenReady();
    expect(ok(run('6 * 7')).result).toBe(42);
  });
});

describe('isolation', () => {
  it('offers nothing of the host', () => {
    const out = ok(
      run(
        '[typeof require, typeof process, typeof setTimeout, typeof setInterval, typeof fetch, typeof XMLHttpRequest,' +
          ' typeof SharedArrayBuffer, typeof WebAssembly, typeof module, typeof globalThis.global]',
      ),
    );
    expect(out.result).toEqual(Array(10).fill('undefined'));
    expect(failed(run('import("fs")')).kind).toBe('error');
  });

  it('cannot block the thread with Atomics.wait', () => {
    const started = Date.now();
    const out = failed(run('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)', { timeoutMs: 200 }));
    expect(out.kind).toBe('error');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('keeps globalThis mischief inside one run', () => {
    const out = ok(
      run(
        'JSON.stringify = function () { return "hacked"; }; JSON.parse = null; Object.prototype.polluted = 1;' +
          ' Array.prototype.push = function () {}; Object.keys = function () { return []; }; eval = null;' +
          ' globalThis.leak = "x"; var leakedVar = 1; ({ list: [1, [2]], text: "fine" })',
      ),
    );
    expect(out.result).toEqual({ list: [1, [2]], text: 'fine' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}');
    const next = ok(run('[typeof leak, typeof leakedVar, ({}).polluted, JSON.stringify([1]), typeof eval]'));
    expect(next.result).toEqual(['undefined', 'undefined', null, '[1]', 'function']);
  });

  it('does not let a variable named __proto__ reach the prototype', () => {
    const variables = JSON.parse('{"__proto__": {"polluted": true}, "safe": 1}') as Record<string, unknown>;
    expect(ok(run('[({}).polluted, safe]', { variables })).result).toEqual([null, 1]);
  });

  it('rejects variables the host cannot pass as JSON', () => {
    expect(failed(run('1', { variables: { big: 10n } })).message).toMatch(/variables cannot be passed/);
  });
});

// One QuickJS context serves many runs (see script-context.ts); each rule below is one the sandbox
// relies on for "nothing of a run reaches the next one".
describe('isolation between runs that share a context', () => {
  const quiet = (source: string, more: Partial<ScriptRequest> = {}): ScriptOutcome => run(source, { wantResult: false, ...more });

  it('keeps undeclared assignments for the rest of the run only', () => {
    expect(ok(run('x = 5; x + 1')).result).toBe(6);
    expect(ok(quiet('y = 5; execution.setVariable("seen", y)')).setVariables).toEqual({ seen: 5 });
    expect(ok(run('[typeof x, typeof y, Object.getOwnPropertyNames(globalThis).includes("x")]')).result).toEqual(['undefined', 'undefined', false]);
  });

  it.each([true, false])('runs top-level var, let, const, class and function declarations again without clashing (result wanted: %s)', (wantResult) => {
    const source = 'var v = 1; let l = 2; const c = 3; class K {} function f() { return 4; } execution.setVariable("sum", v + l + c + f()); v';
    for (let i = 0; i < 2; i++) expect(ok(run(source, { wantResult })).setVariables).toEqual({ sum: 10 });
    expect(ok(run('[typeof v, typeof l, typeof c, typeof K, typeof f]')).result).toEqual(Array(5).fill('undefined'));
  });

  it('ignores sloppy assignments to built-ins, rejects strict ones, and the next run sees the originals', () => {
    expect(ok(run('Array.prototype.push = null; JSON = 1; Math.max = 0; [typeof [].push, typeof JSON, typeof Math.max]')).result).toEqual([
      'function',
      'object',
      'function',
    ]);
    expect(failed(run('"use strict"; Array.prototype.push = null;')).message).toMatch(/^TypeError/);
    expect(failed(run('Object.defineProperty(Object.prototype, "polluted", { value: 1 })')).message).toMatch(/^TypeError/);
    expect(ok(run('delete JSON.parse; delete Array.prototype.map; [typeof JSON.parse, typeof [].map]')).result).toEqual(['function', 'function']);
  });

  it('freezes prototypes that scripts reach only through syntax', () => {
    const reach = [
      'Object.getPrototypeOf([][Symbol.iterator]())',
      'Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()))',
      'Object.getPrototypeOf(new Map().entries())',
      'Object.getPrototypeOf(new Set().values())',
      'Object.getPrototypeOf(/a/[Symbol.matchAll]("a"))',
      'Object.getPrototypeOf([].values().map((x) => x))',
      'Object.getPrototypeOf(Iterator.from({ next() { return { done: true }; } }))',
      'Object.getPrototypeOf(""[Symbol.iterator]())',
      'Object.getPrototypeOf(function* () {})',
      'Object.getPrototypeOf(Object.getPrototypeOf((function* () {})()))',
      'Object.getOwnPropertyDescriptor(Function.prototype, "caller").get',
    ];
    expect(ok(run(`[${reach.join(',')}].map(Object.isFrozen)`)).result).toEqual(Array(reach.length).fill(true));
  });

  // The global object's prototype is the run's own variables object; the built-ins sit behind it.
  it('leaves every object reachable from the globals frozen, except the global object and the run\'s variables', () => {
    const walk =
      'var scope = Object.getPrototypeOf(globalThis), seen = new Set([scope]), todo = [Object.getPrototypeOf(scope)], open = [];' +
      'while (todo.length) { var o = todo.pop(); if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o) || o === globalThis) continue;' +
      ' seen.add(o); if (!Object.isFrozen(o)) open.push(String(o.name || o));' +
      ' for (var k of Reflect.ownKeys(o)) { var d = Object.getOwnPropertyDescriptor(o, k); todo.push(d.value, d.get, d.set); }' +
      ' todo.push(Object.getPrototypeOf(o)); }' +
      '[seen.size > 500, open]';
    expect(ok(run(walk)).result).toEqual([true, []]);
  });

  it('still lets scripts give their own objects a toString, name or constructor', () => {
    const source =
      'function Rejection(m) { this.message = m; } Rejection.prototype = Object.create(Error.prototype);' +
      ' Rejection.prototype.name = "Rejection"; Rejection.prototype.constructor = Rejection;' +
      ' class Late extends Error { constructor() { super("late"); this.name = "Late"; } }' +
      ' var o = {}; o.toString = function () { return "custom"; }; o.valueOf = function () { return 7; };' +
      ' [String(new Rejection("no")), String(new Late()), "" + o, o * 1, new Rejection("x") instanceof Error]';
    expect(ok(run(source)).result).toEqual(['Rejection: no', 'Late: late', '7', 7, true]);
    expect(failed(run('"use strict"; Object.prototype.toString = null;')).message).toMatch(/read only/);
  });

  it('gives a script no way to keep data on execution or on its own function', () => {
    const source =
      'var fn = arguments.callee, before = [execution.stash, execution.getVariable.stash, fn.stash, (fn.prototype || {}).stash];' +
      ' try { execution.stash = variable; } catch (e) {} try { execution.getVariable.stash = variable; } catch (e) {}' +
      ' try { fn.stash = variable; fn.prototype.stash = variable; } catch (e) {}' +
      ' execution.setVariable("before", before);';
    for (const wantResult of [true, false]) {
      ok(run(source, { variables: { variable: 'secret' }, wantResult }));
      expect(ok(run(source, { variables: { variable: 'other' }, wantResult })).setVariables).toEqual({ before: [null, null, null, null] });
    }
  });

  it('does not show one run the variables of another', () => {
    ok(run('secret', { variables: { secret: 'from run 1', JSON: 'shadowed' } }));
    expect(ok(run('[typeof secret, execution.hasVariable("secret"), typeof JSON.parse]')).result).toEqual(['undefined', false, 'function']);
  });

  it('lets a script assign to a variable for its own run only', () => {
    expect(ok(run('amount = amount + 98; amount', { variables: { amount: 1 }, capture: ['amount'] })).captured).toEqual({ amount: 99 });
    expect(ok(run('amount', { variables: { amount: 2 } })).result).toBe(2);
  });

  it('lets a variable named like a built-in shadow it for that run only', () => {
    expect(ok(run('Date', { variables: { Date: '2024-01-01' } })).result).toBe('2024-01-01');
    expect(ok(run('typeof Date.now')).result).toBe('function');
  });

  it.each([
    ['a non-configurable global', 'Object.defineProperty(globalThis, "stuck", { value: 1 }); 1', 'typeof stuck', 'undefined'],
    ['a replaced global prototype', 'Object.setPrototypeOf(globalThis, null); 1', 'typeof JSON', 'object'],
    ['a non-extensible global object', 'Object.preventExtensions(globalThis); 1', 'z = 1; typeof z', 'number'],
    ['a property on its own variables object', 'Object.getPrototypeOf(globalThis).stash = 1; 1', 'typeof stash', 'undefined'],
    ['a symbol-keyed global', 'globalThis[Symbol.for("k")] = 1; 1', 'typeof globalThis[Symbol.for("k")]', 'undefined'],
    ['a global left by a failing run', 'globalThis.left = 1; throw new Error("stop")', 'typeof left', 'undefined'],
    ['a global left by a run whose result is not JSON', 'globalThis.left = 1; (function () {})', 'typeof left', 'undefined'],
    ['a global left by a run that overflowed its stack', 'globalThis.left = 1; (function down() { return down() + 1; })()', 'typeof left', 'undefined'],
    ['a non-configurable global and a throw', 'Object.defineProperty(globalThis, "stuck", { value: 1 }); throw 1', 'typeof stuck', 'undefined'],
    ['declarations of indirect eval and Function', '(0, eval)("var ev = 1; let lv = 2; function fv() {}"); Function("}); let esc = 1; (function () {"); 1', '[typeof ev, typeof lv, typeof fv, typeof esc]', ['undefined', 'undefined', 'undefined', 'undefined']],
  ])('starts clean after %s', (_what, first, probe, expected) => {
    run(first);
    expect(ok(run(probe)).result).toEqual(expected);
  });

  it('starts clean after a run stopped by its time limit', () => {
    expect(failed(run('globalThis.left = 1; while (true) {}', { timeoutMs: 100 })).kind).toBe('timeout');
    expect(ok(run('typeof left')).result).toBe('undefined');
  });

  it('treats a text that would close its function wrapper as the syntax error it is', () => {
    for (const wantResult of [true, false]) {
      expect(failed(run('}); globalThis.escaped = 1; (function () {', { wantResult })).message).toMatch(/^SyntaxError/);
    }
    expect(ok(run('typeof escaped')).result).toBe('undefined');
    expect(failed(quiet('return 1')).message).toMatch(/^SyntaxError/);
  });

  it('keeps strict mode for scripts that ask for it', () => {
    expect(failed(quiet('"use strict"; undeclared = 1;')).message).toMatch(/^ReferenceError/);
  });
});

describe('compiled script reuse', () => {
  it('gives the completion value of global code, whichever way the script is compiled', () => {
    expect(ok(run('amount * 2;', { variables: { amount: 4 } })).result).toBe(8);
    expect(ok(run('// doubled\namount * 2 // done', { variables: { amount: 5 } })).result).toBe(10);
    expect(ok(run('if (amount > 1) { "big" } else { "small" }', { variables: { amount: 2 } })).result).toBe('big');
    expect(ok(run('{}')).result).toBeUndefined();
    expect(ok(run('function f() {}')).result).toBeUndefined();
    expect(ok(run('1; var later = 2;')).result).toBe(1);
  });

  it.each([
    ['var a = 1; /;/.test("x;") ? a : 0', 1],
    ['var s = "a;b"; s', 'a;b'],
    ['var a = 1 // note; here\na + 1', 2],
    ['var a = 1, b = 2, c = 3; if (a) b; c', 3],
    ['a = 1; b = 2;', 2],
    ['let v = 5; v * 2;', 10],
    ['var x = 1; if (x) { "yes" }', 'yes'],
    ['var n = 0; for (var i = 0; i < 3; i++) { n += i; } n', 3],
    ['var t = `a;${1 + 1}`; t', 'a;2'],
  ])('reads the completion value of %j', (source, expected) => {
    expect(ok(run(source)).result).toEqual(expected);
  });

  it('does not split a statement that continues on the next line', () => {
    expect(failed(run('x = 1; x\n(2)')).message).toMatch(/^TypeError: .*not a function/);
  });

  it('returns a result and captures together', () => {
    const out = ok(run('var a = 1; total = a + 1; total * 10', { capture: ['a', 'total'] }));
    expect(out.result).toBe(20);
    expect(out.captured).toEqual({ a: 1, total: 2 });
  });

  it('runs a cached script with each run its own variables and captures', () => {
    const source = 'total = amount + 1; total';
    expect(ok(run(source, { variables: { amount: 1 } })).result).toBe(2);
    expect(ok(run(source, { variables: { amount: 10 } })).result).toBe(11);
    expect(ok(run(source, { variables: { amount: 3 }, capture: ['total'] })).captured).toEqual({ total: 4 });
    expect(ok(run(source, { variables: { amount: 5 }, wantResult: false, capture: ['total'] })).captured).toEqual({ total: 6 });
  });

  it('keeps working when more distinct scripts ran than it keeps compiled', () => {
    for (let i = 0; i < 300; i++) expect(ok(run(`${i} + n`, { variables: { n: 1 } })).result).toBe(i + 1);
    expect(ok(run('0 + n', { variables: { n: 2 } })).result).toBe(2);
  });

  it('reports the line of a runtime error in scripts compiled as functions', () => {
    const out = failed(run('var a = 1;\nnull.x;', { wantResult: false }));
    expect(out.line).toBe(2);
    expect(failed(run('var a = 1;\n\nvar b = ;', { wantResult: false })).line).toBe(3);
  });
});
