/**
 * JavaScript that runs inside each fresh QuickJS context before the user's script. CORE_SOURCE evaluates
 * to `setup(varsJson, infoJson, encoderSource)`: it publishes the process variables as globals, installs the Camunda-style
 * `execution` object and returns two host-only functions (never reachable from globals): `finish`
 * (serialise result, setVariable calls and captures) and `describe` (read a thrown value).
 *
 * Compiling is the main per-run cost (measured ~150 ns per source character in this QuickJS build, so
 * ~850 µs for a 6 KB helper), hence two parts: a small core compiled every run, and the strict JSON
 * walker (ENCODER_SOURCE) compiled only when an object or array has to leave the sandbox.
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

const CORE = String.raw`(function (varsJson, infoJson, encoderSource) {
  'use strict';
  const g = globalThis, O = Object, create = O.create, defineProp = O.defineProperty;
  const P = create(null);
  P.quote = JSON.stringify; P.isFinite = Number.isFinite; P.getProto = O.getPrototypeOf; P.keysOf = O.keys;
  P.isArray = Array.isArray; P.apply = Reflect.apply; P.create = create; P.TypeError = TypeError;
  P.objectProto = O.prototype; P.toStr = O.prototype.toString; P.slice = String.prototype.slice;
  P.dateProto = Date.prototype; P.getTime = Date.prototype.getTime; P.toIso = Date.prototype.toISOString;
  const errorProto = Error.prototype, indirectEval = eval, parse = JSON.parse, quote = P.quote;
  let walker;
  function enc(v, path) {
    switch (typeof v) {
      case 'string': return quote(v);
      case 'boolean': return v ? 'true' : 'false';
      case 'undefined': return undefined;
      case 'number': if (P.isFinite(v)) return '' + v; break;
      case 'object': if (v === null) return 'null';
    }
    walker = walker || indirectEval(encoderSource)(P);
    return walker(v, path);
  }
  const FORBIDDEN = create(null);
  FORBIDDEN.__proto__ = FORBIDDEN.constructor = FORBIDDEN.prototype = true;
  const store = create(null), setGlobal = create(null), setLocal = create(null);
  const initial = parse(varsJson), info = parse(infoJson), names = P.keysOf(initial);
  for (let i = 0; i < names.length; i++) store[names[i]] = initial[names[i]];
  function set(target, name, value) {
    if (typeof name !== 'string' || name === '') throw new TypeError('variable name must be a non-empty string');
    if (FORBIDDEN[name] === true) throw new TypeError('"' + name + '" cannot be used as a variable name');
    const t = typeof value;
    if (t === 'function' || t === 'symbol' || t === 'bigint') throw new TypeError(name + ' is a ' + t + '; only JSON values can be stored');
    target[name] = store[name] = value === undefined ? null : value;
  }
  function getter(key) { return function () { const v = info[key]; return typeof v === 'string' ? v : null; }; }
  const execution = O.freeze({
    getVariable(name) { return name in store ? store[name] : null; },
    getVariableLocal(name) { return name in store ? store[name] : null; },
    hasVariable(name) { return name in store; },
    getVariables() {
      const o = {};
      for (const k in store) defineProp(o, k, { value: store[k], writable: true, enumerable: true, configurable: true });
      return o;
    },
    getVariableNames() { return P.keysOf(store); },
    setVariable(name, value) { set(setGlobal, name, value); },
    setVariableLocal(name, value) { set(setLocal, name, value); },
    getId: getter('id'), getProcessInstanceId: getter('processInstanceId'),
    getActivityId: getter('activityId'), getCurrentActivityId: getter('activityId'),
    getCurrentActivityName: getter('activityName'), getProcessDefinitionId: getter('processDefinitionId'),
    getBusinessKey: getter('businessKey'), getProcessBusinessKey: getter('businessKey'),
    getEventName: getter('eventName'),
  });
  for (let i = 0; i < names.length; i++) {
    if (names[i] === 'execution') continue;
    try { defineProp(g, names[i], { value: store[names[i]], writable: true, configurable: true }); } catch (e) {}
  }
  defineProp(g, 'execution', { value: execution, writable: true, configurable: true });
  function record(map) {
    let out = '';
    for (const k in map) { const e = enc(map[k], k); out += (out === '' ? '' : ',') + quote(k) + ':' + e; }
    return '{' + out + '}';
  }
  function finish(result, wantResult, captured) {
    let out = '{"set":' + record(setGlobal) + ',"local":' + record(setLocal) + ',"captured":{';
    let first = true;
    for (const k in captured) {
      const e = enc(captured[k], k);
      if (e !== undefined) { out += (first ? '' : ',') + quote(k) + ':' + e; first = false; }
    }
    out += '}';
    if (wantResult) { const r = enc(result, 'the script result'); if (r !== undefined) out += ',"result":' + r; }
    return out + '}';
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
  return [finish, describe];
})`;

/** Fewer characters to tokenise; safe because the sources have no line comments and use semicolons. */
const collapse = (source: string): string => source.replace(/\n\s*/g, ' ');

export const BOOTSTRAP_SOURCE = collapse(CORE);
/** Passed to setup as a string (not embedded in the core) so that runs which never need it never parse it. */
export const ENCODER_SOURCE = collapse(ENCODER);
