/**
 * One QuickJS runtime with one locked-down context (script-lockdown.ts), reused for many script runs:
 * the bootstrap is compiled once and kept as function handles, and each script text is compiled once
 * (script-compile.ts) and kept until the context goes. The sandbox throws a context away after a run
 * stopped by its time or memory limit, after a run that left the global object in a state it cannot
 * undo, and every RUNS_PER_CONTEXT runs (cyclic garbage of old runs and cached scripts count against
 * the memory limit). A script that merely threw is cleaned up like a successful one: setting up a
 * context costs ~10 ms, which would make every failing script ~300 times dearer than a passing one.
 */
import type { Intrinsics, QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from 'quickjs-emscripten';
import { BOOTSTRAP_FILE, BOOTSTRAP_SOURCE, SLOPPY_EVAL_SOURCE } from './script-bootstrap.js';
import { compileScript, type CompiledScript } from './script-compile.js';
import { scriptFailure, type AfterFailure, type ScriptFailure } from './script-failure.js';
import { LOCKDOWN_SOURCE } from './script-lockdown.js';

/** The running script's deadline; the runtime's interrupt handler reads it. */
export interface ScriptClock {
  deadline: number;
  interrupted: boolean;
}

export interface ContextRunOk {
  ok: true;
  result: unknown;
  setVariables: Record<string, unknown>;
  setVariablesLocal: Record<string, unknown>;
  captured: Record<string, unknown>;
}

export interface ContextRun {
  outcome: ContextRunOk | ScriptFailure;
  /** false: the run left something behind that cannot be undone; the context must not serve another run. */
  clean: boolean;
}

const STACK_BYTES = 256 * 1024;
/** Distinct script texts kept compiled; past it the cache starts over (a deployment has far fewer). */
const MAX_CACHED_SCRIPTS = 256;
/** Setting up (compile bootstrap, lock down) takes a few ms; the limit only guards against a hang. */
const SETUP_MS = 10_000;

// Promise, Proxy and typed arrays (with SharedArrayBuffer and Atomics) are left out: scripts run
// synchronously and do not need them, and leaving them out makes a context ~40% cheaper.
const INTRINSICS: Intrinsics = {
  BaseObjects: true,
  Date: true,
  Eval: true,
  StringNormalize: true,
  RegExp: true,
  JSON: true,
  MapSet: true,
};

interface Helpers {
  run: QuickJSHandle;
  describe: QuickJSHandle;
  adopt: QuickJSHandle;
  reset: QuickJSHandle;
}

export class ScriptContext {
  runs = 0;
  readonly #rt: QuickJSRuntime;
  readonly #ctx: QuickJSContext;
  readonly #helpers: Helpers;
  readonly #cache = new Map<string, Map<string, CompiledScript>>();
  #cached = 0;

  private constructor(rt: QuickJSRuntime, ctx: QuickJSContext, helpers: Helpers) {
    this.#rt = rt;
    this.#ctx = ctx;
    this.#helpers = helpers;
  }

  /** Throws when setting up fails (a bug, or the WASM module is broken): the caller replaces the module. */
  static create(module: QuickJSWASMModule, clock: ScriptClock): ScriptContext {
    const rt = module.newRuntime();
    rt.setMaxStackSize(STACK_BYTES);
    rt.setInterruptHandler(() => {
      if (Date.now() <= clock.deadline) return false;
      clock.interrupted = true;
      return true;
    });
    clock.deadline = Date.now() + SETUP_MS;
    clock.interrupted = false;
    const ctx = rt.newContext({ intrinsics: INTRINSICS });
    const sloppy = ctx.evalCode(SLOPPY_EVAL_SOURCE, BOOTSTRAP_FILE, { type: 'global' }).unwrap();
    const lockdown = ctx.evalCode(LOCKDOWN_SOURCE, BOOTSTRAP_FILE, { type: 'global', strict: true }).unwrap();
    const setup = ctx.evalCode(BOOTSTRAP_SOURCE, BOOTSTRAP_FILE, { type: 'global', strict: true }).unwrap();
    const made = ctx.callFunction(setup, ctx.undefined, sloppy, lockdown);
    for (const h of [sloppy, lockdown, setup]) h.dispose();
    const helpers = made.unwrap();
    const [run, describe, adopt, reset] = [0, 1, 2, 3].map((i) => ctx.getProp(helpers, i));
    helpers.dispose();
    return new ScriptContext(rt, ctx, { run: run!, describe: describe!, adopt: adopt!, reset: reset! });
  }

  setMemoryLimit(bytes: number): void {
    this.#rt.setMemoryLimit(bytes);
  }

  run(
    source: string,
    capture: readonly string[],
    wantResult: boolean,
    input: string,
    afterFailure: AfterFailure,
  ): ContextRun {
    this.runs++;
    const ctx = this.#ctx;
    const { run, describe, adopt } = this.#helpers;
    const failure = (thrown: QuickJSHandle): ScriptFailure => scriptFailure(ctx, describe, thrown, afterFailure);
    // Keyed by the source first: the engine passes the same string object every time, whose hash V8
    // keeps, where a key built per run would be hashed again each run.
    const variant = capture.length === 0 ? (wantResult ? 'r' : 'n') : `${wantResult ? 'r' : 'n'}${capture.join('\u0000')}`;
    let variants = this.#cache.get(source);
    let script = variants?.get(variant);
    if (script === undefined) {
      const compiled = compileScript({ ctx, adopt, failure }, source, capture, wantResult);
      if ('failure' in compiled) return { outcome: compiled.failure, clean: compiled.clean };
      if (this.#cached >= MAX_CACHED_SCRIPTS) this.#clearCache();
      if (variants === undefined || this.#cached === 0) this.#cache.set(source, (variants = new Map()));
      variants.set(variant, compiled);
      this.#cached++;
      script = compiled;
    }
    const inputHandle = ctx.newString(input);
    const res = ctx.callFunction(run, ctx.undefined, script.handle, script.isEval ? ctx.true : ctx.false, inputHandle, wantResult ? ctx.true : ctx.false);
    inputHandle.dispose();
    if (res.error) {
      let outcome: ScriptFailure;
      try {
        outcome = failure(res.error);
      } finally {
        res.error.dispose();
      }
      // A script that threw leaves nothing the clean-up after a successful run would not also find; one
      // stopped by a limit may have been stopped anywhere, inside the sandbox's own code too.
      return { outcome, clean: outcome.kind === 'error' && this.#reset() };
    }
    const text = ctx.getString(res.value);
    res.value.dispose();
    const out = JSON.parse(text.slice(1)) as {
      set: Record<string, unknown>;
      local: Record<string, unknown>;
      result?: unknown;
      captured: Record<string, unknown>;
    };
    return {
      outcome: { ok: true, result: out.result, setVariables: out.set, setVariablesLocal: out.local, captured: out.captured },
      clean: text.startsWith('+'),
    };
  }

  #reset(): boolean {
    const res = this.#ctx.callFunction(this.#helpers.reset, this.#ctx.undefined);
    if (res.error) {
      res.error.dispose();
      return false;
    }
    const clean = this.#ctx.dump(res.value) === true;
    res.value.dispose();
    return clean;
  }

  /** May throw (QuickJS asserts that a freed runtime holds no objects): the caller replaces the module. */
  dispose(): void {
    this.#clearCache();
    for (const h of Object.values(this.#helpers)) h.dispose();
    this.#ctx.dispose();
    this.#rt.dispose();
  }

  #clearCache(): void {
    for (const variants of this.#cache.values()) for (const s of variants.values()) s.handle.dispose();
    this.#cache.clear();
    this.#cached = 0;
  }
}
