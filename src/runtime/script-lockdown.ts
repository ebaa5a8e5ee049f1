/**
 * JavaScript that locks down a QuickJS context once, so that one context can serve many script runs
 * without a run being able to leave anything behind for the next (SES-style "lockdown"):
 *
 * - every object reachable from the globals, and the hidden intrinsics reachable only through syntax
 *   (generator and iterator prototypes, %ThrowTypeError%…), is frozen;
 * - the built-in globals move onto a frozen object that becomes the global object's prototype. Global
 *   name lookups in QuickJS follow that prototype chain, so scripts see `JSON`, `Math`… as before, but
 *   the global object itself starts out (nearly) empty: whatever a run adds to it (`x = 5`,
 *   `globalThis.y = 1`, variables published as globals) is found with one `Reflect.ownKeys` and deleted;
 * - freezing a prototype turns `obj.toString = f` on an ordinary object into a silent no-op (the
 *   "override mistake": an inherited read-only property blocks assignment), which breaks common script
 *   code such as `MyError.prototype.name = …` or `this.message = …` in an Error subclass. So the
 *   writable data properties with the usual overridable names become accessors whose setter defines
 *   an own property on the receiver, as SES's `overrideTaming` does.
 *
 * The source evaluates to `lockdown()`, which returns `harden(root)`: the freezing walk, kept for the
 * few objects the sandbox hands to scripts later (the `execution` object, compiled script functions).
 * No `//` comments in this source: it is collapsed to one line.
 */

const LOCKDOWN = String.raw`(function () {
  'use strict';
  const g = globalThis, O = Object, R = Reflect;
  const getProto = O.getPrototypeOf, setProto = O.setPrototypeOf, ownKeys = R.ownKeys, gopd = O.getOwnPropertyDescriptor;
  const defineProp = O.defineProperty, freeze = O.freeze, create = O.create, TypeErr = TypeError;
  /* Called directly: before the lockdown no script has run, after it WeakSet.prototype is frozen. */
  const done = new WeakSet();
  const isObj = (v) => v !== null && (typeof v === 'object' || typeof v === 'function');
  function harden(root) {
    const stack = [root];
    let n = 1;
    while (n > 0) {
      const o = stack[--n];
      if (!isObj(o) || o === g || done.has(o)) continue;
      done.add(o);
      freeze(o);
      const keys = ownKeys(o);
      for (let i = 0; i < keys.length; i++) {
        const d = gopd(o, keys[i]);
        if (d === undefined) continue;
        if ('value' in d) stack[n++] = d.value;
        else { stack[n++] = d.get; stack[n++] = d.set; }
      }
      stack[n++] = getProto(o);
    }
    return root;
  }
  const OVERRIDABLE = ['constructor', 'toString', 'valueOf', 'toLocaleString', 'toJSON', 'name', 'message'];
  const OBJECT_EXTRA = ['hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable'];
  function tame(proto, name) {
    const d = gopd(proto, name);
    if (d === undefined || !('value' in d) || !d.writable || !d.configurable) return;
    const value = d.value;
    const accessor = {
      get() { return value; },
      set(v) {
        if (this === proto) throw new TypeErr('Cannot assign to read only property \'' + name + '\' of a built-in prototype');
        if (!isObj(this)) return;
        defineProp(this, name, { value: v, writable: true, enumerable: true, configurable: true });
      },
    };
    defineProp(proto, name, { get: accessor.get, set: accessor.set, enumerable: d.enumerable, configurable: false });
  }
  function tameAll(proto, names) { for (let i = 0; i < names.length; i++) tame(proto, names[i]); }
  const hidden = [];
  /* No async functions here: without the Promise intrinsic QuickJS leaks them, and a runtime that
     still holds objects when it is freed aborts the WASM module. */
  const reach = (f) => { try { const v = f(); if (isObj(v)) hidden[hidden.length] = v; } catch (e) {} };
  reach(() => getProto(function* () {}));
  reach(() => getProto((function* () {})()));
  reach(() => [][Symbol.iterator]());
  reach(() => new Map()[Symbol.iterator]());
  reach(() => new Set()[Symbol.iterator]());
  reach(() => ''[Symbol.iterator]());
  reach(() => /a/[Symbol.matchAll]('a'));
  reach(() => [].values().map((x) => x));
  reach(() => Iterator.from({ next() { return { done: true }; } }));
  reach(() => (function () { return arguments; })());
  reach(() => (function () { 'use strict'; return arguments; })());
  tameAll(O.prototype, OBJECT_EXTRA);
  const globalKeys = ownKeys(g);
  for (let i = 0; i < globalKeys.length; i++) {
    const d = gopd(g, globalKeys[i]);
    if (d === undefined || typeof d.value !== 'function') continue;
    const p = gopd(d.value, 'prototype');
    if (p !== undefined && isObj(p.value)) tameAll(p.value, OVERRIDABLE);
  }
  const builtins = create(getProto(g));
  for (let i = 0; i < globalKeys.length; i++) {
    const d = gopd(g, globalKeys[i]);
    if (d === undefined || !d.configurable) continue;
    defineProp(builtins, globalKeys[i], d);
    delete g[globalKeys[i]];
  }
  setProto(g, builtins);
  harden(builtins);
  for (let i = 0; i < hidden.length; i++) harden(hidden[i]);
  return harden;
})`;

export const LOCKDOWN_SOURCE = LOCKDOWN.replace(/\n\s*/g, ' ');
