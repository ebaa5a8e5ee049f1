/**
 * JavaScript compiled once per QuickJS context, before any script. BOOTSTRAP_SOURCE evaluates to
 * `setup(sloppyEval, lockdown)`, which takes what it needs from the intrinsics, locks the context down
 * (script-lockdown.ts) and returns four host-only functions, never reachable from a script:
 * - `runScript(script, isEval, inputJson, wantResult)`: makes the run's variables and `execution` globals,
 *   calls the compiled script (or evals its text), serialises result, setVariable calls and captures,
 *   then deletes every global the run created. The variables are not written onto the global object (a
 *   define and a delete per variable cost ~2 µs each here): the parsed variables object itself is put
 *   between the global object and the frozen built-ins for the run, so names resolve to it, and an
 *   assignment to one (`amount = 5`) lands on the global object like any other, to be deleted after. Its text starts with '+' when the global object
 *   is back to its base state, '!' when it could not be (a non-configurable global, a replaced global
 *   prototype): the host then throws the context away.
 * - `describe(thrown)`: reads a thrown value as JSON text.
 * - `reset()`: after a run that threw, the same clean-up of the global object; true when it is clean.
 * - `adopt(fn, source)`: accepts a compiled script function only if its source text is exactly the
 *   wrapper the host built (nothing escaped the wrapper), and freezes it and its `prototype`, which a
 *   script could otherwise reach through `arguments.callee` and use to pass data to its next run.
 *
 * `execution` is one frozen object per context; its methods read the state of the current run and throw
 * outside of one, so a reference kept by a script is worth nothing later.
 *
 * Everything the helpers need is taken from the intrinsics before user code runs (the `P` bag), so a
 * script that overwrites `JSON`, `Object`, `eval` or `Array.prototype` changes only what its own values
 * look like, never how they are checked. Values leave as JSON text parsed by the host: strict (functions,
 * symbols, BigInt, NaN/Infinity, cycles, Map/Set/class instances rejected with the path that failed)
 * rather than JSON.stringify's silent dropping. The walker keeps its ancestors in a null-prototype
 * object and builds text by concatenation only, because Array.prototype may be rigged (push as a no-op,
 * index setters).
 *
 * Camunda choices: `setVariable(name, undefined)` stores null (Camunda hands undefined to Java as null,
 * so "set it" never silently means "skip it"); a value is serialised when the script ends, so changes
 * made to an object after setVariable are kept, as with Camunda's object variables; `getVariable` of an
 * unknown name is null. A variable named like a non-configurable global (`undefined`, `NaN`) is
 * reachable through `execution` only. No `//` comments in these sources: they are collapsed to one line.
 */
export const BOOTSTRAP_FILE = 'sandbox-setup.js';

/** Deepest nesting a value may have on its way out; far beyond real process data, well inside the stack. */
export const MAX_VALUE_DEPTH = 100;

const ENCODER = String.raw`(function (P) {
  'use strict';
  function fail(path, what) {
    throw new P.TypeError(path + ' ' + what + '; only JSON values (objects, arrays, strings, finite numbers, booleans, null) can leave a script');
  }
  function encode(v, path, stack, depth) {
    switch (typeof v) {
      case 'string': return P.quote(v);
      case 'boolean': return v ? 'true' : 'false';
      case 'number': if (!P.isFinite(v)) fail(path, 'is ' + v); return '' + v;
      case 'undefined': return undefined;
      case 'function': fail(path, 'is a function');
      case 'symbol': fail(path, 'is a symbol');
      case 'bigint': fail(path, 'is a BigInt');
    }
    if (v === null) return 'null';
    for (let i = 0; i < depth; i++) if (stack[i] === v) fail(path, 'refers back to itself (a cycle)');
    if (depth >= ${MAX_VALUE_DEPTH}) fail(path, 'is nested too deeply');
    const proto = P.getProto(v);
    if (proto === P.dateProto) {
      const t = P.apply(P.getTime, v, []);
      if (t !== t) fail(path, 'is an invalid Date');
      return P.quote(P.apply(P.toIso, v, []));
    }
    stack[depth] = v;
    let out = '';
    if (P.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const e = encode(v[i], path + '[' + i + ']', stack, depth + 1);
        out += (i === 0 ? '' : ',') + (e === undefined ? 'null' : e);
      }
      return '[' + out + ']';
    }
    if (proto !== P.objectProto && proto !== null) {
      fail(path, 'is a ' + P.apply(P.slice, P.apply(P.toStr, v, []), [8, -1]) + ', not a plain object');
    }
    const keys = P.keysOf(v);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k === '__proto__') fail(path + '.__proto__', 'is not allowed as a key');
      const e = encode(v[k], path + '.' + k, stack, depth + 1);
      if (e !== undefined) out += (out === '' ? '' : ',') + P.quote(k) + ':' + e;
    }
    return '{' + out + '}';
  }
  return function (v, path) { return encode(v, path, P.create(null), 0); };
})`;

const CORE = String.raw`(function (sloppyEval, lockdown) {
  'use strict';
  const g = globalThis, O = Object, create = O.create, defineProp = O.defineProperty;
  const P = create(null);
  P.quote = JSON.stringify; P.isFinite = Number.isFinite; P.getProto = O.getPrototypeOf; P.keysOf = O.keys;
  P.isArray = Array.isArray; P.apply = Reflect.apply; P.create = create; P.TypeError = TypeError;
  P.objectProto = O.prototype; P.toStr = O.prototype.toString; P.slice = String.prototype.slice;
  P.dateProto = Date.prototype; P.getTime = Date.prototype.getTime; P.toIso = Date.prototype.toISOString;
  const errorProto = Error.prototype, parse = JSON.parse, quote = P.quote, ownKeys = Reflect.ownKeys;
  const deleteProp = Reflect.deleteProperty, isExtensible = O.isExtensible, fnToString = Function.prototype.toString;
  const setProto = O.setPrototypeOf, hasOwn = O.hasOwn;
  const walker = ${ENCODER}(P);
  function enc(v, path) {
    switch (typeof v) {
      case 'string': return quote(v);
      case 'boolean': return v ? 'true' : 'false';
      case 'undefined': return undefined;
      case 'number': if (P.isFinite(v)) return '' + v; break;
      case 'object': if (v === null) return 'null';
    }
    return walker(v, path);
  }
  const FORBIDDEN = create(null);
  FORBIDDEN.__proto__ = FORBIDDEN.constructor = FORBIDDEN.prototype = true;
  let run = null;
  const current = () => {
    if (run === null) throw new TypeError('execution can only be used while its script runs');
    return run;
  };
  function set(local, name, value) {
    if (typeof name !== 'string' || name === '') throw new TypeError('variable name must be a non-empty string');
    if (FORBIDDEN[name] === true) throw new TypeError('"' + name + '" cannot be used as a variable name');
    const t = typeof value;
    if (t === 'function' || t === 'symbol' || t === 'bigint') throw new TypeError(name + ' is a ' + t + '; only JSON values can be stored');
    const r = current();
    (local ? r.setLocal : r.setGlobal)[name] = r.store[name] = value === undefined ? null : value;
  }
  const getter = (key) => () => { const v = current().info[key]; return typeof v === 'string' ? v : null; };
  const execution = {
    getVariable(name) { const s = current().store; return name in s ? s[name] : null; },
    getVariableLocal(name) { const s = current().store; return name in s ? s[name] : null; },
    hasVariable(name) { return name in current().store; },
    getVariables() {
      const s = current().store, o = {};
      for (const k in s) defineProp(o, k, { value: s[k], writable: true, enumerable: true, configurable: true });
      return o;
    },
    getVariableNames() { return P.keysOf(current().store); },
    setVariable(name, value) { set(false, name, value); },
    setVariableLocal(name, value) { set(true, name, value); },
    getId: getter('id'), getProcessInstanceId: getter('processInstanceId'),
    getActivityId: getter('activityId'), getCurrentActivityId: getter('activityId'),
    getCurrentActivityName: getter('activityName'), getProcessDefinitionId: getter('processDefinitionId'),
    getBusinessKey: getter('businessKey'), getProcessBusinessKey: getter('businessKey'),
    getEventName: getter('eventName'),
  };
  const capture = (values) => { current().captured = values; };
  const harden = lockdown();
  harden(execution); harden(capture); harden(sloppyEval);
  const globalProto = P.getProto(g), baseKeys = ownKeys(g), base = create(null);
  for (let i = 0; i < baseKeys.length; i++) base[baseKeys[i]] = true;
  function record(map) {
    let out = '';
    for (const k in map) { const e = enc(map[k], k); out += (out === '' ? '' : ',') + quote(k) + ':' + e; }
    return '{' + out + '}';
  }
  function finish(r, wantResult, result) {
    let out = '{"set":' + record(r.setGlobal) + ',"local":' + record(r.setLocal) + ',"captured":{';
    let first = true;
    for (const k in r.captured) {
      const e = enc(r.captured[k], k);
      if (e !== undefined) { out += (first ? '' : ',') + quote(k) + ':' + e; first = false; }
    }
    out += '}';
    if (wantResult) { const e = enc(result, 'the script result'); if (e !== undefined) out += ',"result":' + e; }
    return out + '}';
  }
  function clean(scope) {
    if (P.getProto(g) !== scope || !isExtensible(g)) return false;
    const keys = ownKeys(g);
    if (keys.length !== baseKeys.length) {
      for (let i = 0; i < keys.length; i++) if (base[keys[i]] !== true && !deleteProp(g, keys[i])) return false;
    }
    setProto(g, globalProto);
    return true;
  }
  let runScope = null;
  function reset() {
    const scope = runScope;
    run = runScope = null;
    return clean(scope === null ? globalProto : scope);
  }
  function runScript(script, isEval, input, wantResult) {
    const data = parse(input), scope = data[0], names = P.keysOf(scope), store = create(null);
    for (let i = 0; i < names.length; i++) store[names[i]] = scope[names[i]];
    if (hasOwn(scope, 'eval')) delete scope.eval;
    defineProp(scope, 'execution', { value: execution, writable: true, enumerable: false, configurable: true });
    setProto(scope, globalProto);
    runScope = scope;
    setProto(g, scope);
    run = { store, setGlobal: create(null), setLocal: create(null), info: data[1], captured: undefined };
    const result = isEval ? sloppyEval(script, capture) : script(capture);
    const text = finish(run, wantResult, result);
    return (reset() ? '+' : '!') + text;
  }
  function adopt(fn, expected) {
    if (typeof fn !== 'function' || P.apply(fnToString, fn, []) !== expected) return false;
    harden(fn);
    return true;
  }
  function isError(e) {
    let p = P.getProto(e);
    for (let i = 0; p !== null && i < 64; i++, p = P.getProto(p)) if (p === errorProto) return true;
    return false;
  }
  function describe(e) {
    if (e !== null && typeof e === 'object' && isError(e)) {
      return '{"isError":true,"name":' + quote('' + e.name) + ',"message":' + quote('' + e.message) +
        ',"stack":' + quote('' + e.stack) + '}';
    }
    let text;
    try { text = typeof e === 'string' ? e : enc(e, 'thrown value'); } catch (x) { text = typeof e; }
    return '{"isError":false,"message":' + quote(text === undefined ? 'undefined' : text) + '}';
  }
  return [runScript, describe, adopt, reset];
})`;

/** Fewer characters to tokenise; safe because the sources have no line comments and use semicolons. */
const collapse = (source: string): string => source.replace(/\n\s*/g, ' ');

export const BOOTSTRAP_SOURCE = collapse(CORE);

/**
 * The one sloppy-mode function of the sandbox: a direct eval here gives scripts that need their
 * completion value Camunda's global-script semantics (sloppy unless they say 'use strict', `var`
 * local to this call, `let`/`const` local to the eval) without anything landing in the global scope.
 * The second parameter is the capture sink the appended capture code calls (see script-compile.ts).
 */
export const SLOPPY_EVAL_SOURCE = `(function (__bpmnRunnerSource__, __bpmnRunnerCapture__) { return eval(__bpmnRunnerSource__); })`;
