/**
 * JavaScript script tasks (and `camunda:script` listeners) run in QuickJS compiled to WASM: nothing of
 * the host is reachable (no require, process, import(), timers, network), a `while (true) {}` is stopped
 * by an interrupt handler, and memory and stack are capped. Values cross the boundary as JSON text only.
 * Built-ins are frozen (see script-lockdown.ts): a script cannot change them for itself either; a
 * sloppy-mode assignment to one is ignored, a strict-mode one throws.
 *
 * Cost model (measured on the shared 2-core box, release-sync build, CPU time, noisy): a fresh context
 * per run cost ~150 µs, compiling the bootstrap ~400 µs and running it ~100 µs, 0.9–1.4 ms per run in
 * all. So one runtime holds one context that serves many runs (script-context.ts): it is locked down
 * once (script-lockdown.ts: every reachable built-in frozen, built-in globals moved behind the global
 * object), the bootstrap is compiled once, each script text is compiled once (script-compile.ts), and a
 * run costs ~15–35 µs: one string in, one call, one string out, plus deleting whatever globals the run
 * created. Setting up a context costs ~10 ms; it is thrown away after a run stopped by a limit, after a
 * run that left a global it cannot delete, and every RUNS_PER_CONTEXT runs. Scripts that want a result and are
 * more than one expression are still compiled on every run (see script-compile.ts).
 *
 * QuickJS's stack limit measures its C shadow stack, not the V8 stack the WASM frames really use, so some
 * deep native recursion (parsing `((((…))))`, JSON of deeply nested arrays) can still overflow the host
 * stack. That throws a RangeError out of WASM and leaves the module's memory inconsistent; the module is
 * then dropped and a spare one, loaded in advance, takes over.
 *
 * QuickJS's own memory limit does not count strings grown by reallocation (`'x'.repeat(1e6)` in a loop
 * reached 50 MB under a 32 MB limit), so each module also gets a WebAssembly.Memory with a hard maximum:
 * past it malloc fails inside QuickJS and the script gets a clean "out of memory". WASM memory never
 * shrinks, so a module whose heap grew past MODULE_RELEASE_BYTES is swapped for the spare after the run.
 *
 * Known gap: QuickJS polls the interrupt handler every ~10 000 bytecode branches, so a loop whose body
 * is one long native call (e.g. splitting a megabyte string, ~200 ms) overruns the time limit by a lot.
 * Closing it needs the script in a worker thread that can be terminated.
 */
import { newQuickJSWASMModuleFromVariant, newVariant, RELEASE_SYNC } from 'quickjs-emscripten';
import type { CustomizeVariantOptions, QuickJSWASMModule } from 'quickjs-emscripten';
import { FORBIDDEN_NAMES } from './script-capture.js';
import { ScriptContext, type ScriptClock } from './script-context.js';
import { fail, type ScriptFailure } from './script-failure.js';

export type { ScriptFailure } from './script-failure.js';

/** What a script may ask `execution` about; every getter returns null when its field is absent. */
export interface ScriptExecutionInfo {
  id?: string;
  processInstanceId?: string;
  activityId?: string;
  activityName?: string;
  businessKey?: string;
  processDefinitionId?: string;
  eventName?: string;
}

export interface ScriptRequest {
  /** The script text from the BPMN file. */
  source: string;
  /** JSON-able values visible to the script, as globals and through `execution.getVariable`. */
  variables: Readonly<Record<string, unknown>>;
  /** Default used by the engine: 1000. */
  timeoutMs: number;
  /** Default used by the engine: 32. */
  memoryLimitMb: number;
  /** Names to read back from the script's global scope after it ran (plain assignments to declared outputs). */
  capture?: readonly string[];
  /** false when nobody reads the result (no `camunda:resultVariable`): it is then neither checked nor returned. Default true. */
  wantResult?: boolean;
  execution?: ScriptExecutionInfo;
}

export type ScriptOutcome =
  | {
      ok: true;
      result: unknown;
      /** `execution.setVariable` calls, last one per name wins. */
      setVariables: Record<string, unknown>;
      /** `execution.setVariableLocal` calls: belong to the task's own scope. */
      setVariablesLocal: Record<string, unknown>;
      captured: Record<string, unknown>;
    }
  | ScriptFailure;

export interface ScriptSandbox {
  run(req: ScriptRequest): ScriptOutcome;
  /**
   * Resolves once the sandbox holds a working module and a spare. Only pending for the few milliseconds
   * after a script crashed a WASM module while its replacement loads; await it before a run to never
   * see "restarting".
   */
  whenReady(): Promise<void>;
  dispose(): void;
}

const RUNS_PER_CONTEXT = 5000;
/** Room to read an error object after the script failed near its limits. */
const DESCRIBE_MS = 100;
const DESCRIBE_EXTRA_BYTES = 4 * 1024 * 1024;
const WASM_PAGE = 64 * 1024;
const MODULE_INITIAL_BYTES = 16 * 1024 * 1024;
const MODULE_MAX_BYTES = 128 * 1024 * 1024;
const MODULE_RELEASE_BYTES = 64 * 1024 * 1024;

type Failure = ScriptFailure;

export async function createScriptSandbox(): Promise<ScriptSandbox> {
  const [main, spare] = await Promise.all([loadModule(), loadModule()]);
  return new QuickJsScriptSandbox(main, spare);
}

// Node has WebAssembly at run time, but our lib settings (no DOM) type only its namespace.
const WasmMemory = (
  globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number; maximum: number }) => WasmMemory } }
).WebAssembly.Memory;
type WasmMemory = Extract<NonNullable<CustomizeVariantOptions['wasmMemory']>, { buffer: unknown }>;

function loadModule(): Promise<QuickJSWASMModule> {
  const wasmMemory = new WasmMemory({
    initial: MODULE_INITIAL_BYTES / WASM_PAGE,
    maximum: MODULE_MAX_BYTES / WASM_PAGE,
  });
  return newQuickJSWASMModuleFromVariant(newVariant(RELEASE_SYNC, { wasmMemory }));
}

class QuickJsScriptSandbox implements ScriptSandbox {
  #module: QuickJSWASMModule | undefined;
  #spare: QuickJSWASMModule | undefined;
  #loading: Promise<void> | undefined;
  #context: ScriptContext | undefined;
  readonly #clock: ScriptClock = { deadline: 0, interrupted: false };
  #disposed = false;

  constructor(main: QuickJSWASMModule, spare: QuickJSWASMModule) {
    this.#module = main;
    this.#spare = spare;
  }

  run(req: ScriptRequest): ScriptOutcome {
    if (this.#disposed) throw new Error('script sandbox is disposed');
    const input = inputJson(req);
    if (typeof input !== 'string') return input;
    const capture = req.capture ?? [];
    const bad = capture.find((n) => FORBIDDEN_NAMES.has(n) || n === '');
    if (bad !== undefined) return fail('error', `"${bad}" cannot be captured as a variable name`);
    const module = this.#module;
    if (module === undefined) return fail('error', 'the script sandbox is restarting after a crash; try again');

    const clock = this.#clock;
    const limitBytes = Math.max(1, req.memoryLimitMb) * 1024 * 1024;
    let outcome: ScriptOutcome;
    let clean: boolean;
    try {
      const sc = (this.#context ??= ScriptContext.create(module, clock));
      sc.setMemoryLimit(limitBytes);
      clock.deadline = Date.now() + req.timeoutMs;
      clock.interrupted = false;
      ({ outcome, clean } = sc.run(req.source, capture, req.wantResult !== false, input, () => {
        if (clock.interrupted) return fail('timeout', `script ran longer than its ${req.timeoutMs} ms limit`);
        clock.deadline = Date.now() + DESCRIBE_MS;
        sc.setMemoryLimit(limitBytes + DESCRIBE_EXTRA_BYTES);
        return undefined;
      }));
    } catch (err) {
      // An exception out of WASM itself (not a script error): see the header. Nothing of this module is
      // touched again, not even to free the context.
      this.#context = undefined;
      this.#replaceModule();
      const why = err instanceof Error ? err.message : String(err);
      return fail('error', `script exhausted the host (${why}), most likely by nesting too deeply; its sandbox was replaced`);
    }
    if (!clean || (this.#context?.runs ?? 0) >= RUNS_PER_CONTEXT) this.#dropContext();
    if (this.#spare !== undefined && module.getWasmMemory().buffer.byteLength > MODULE_RELEASE_BYTES) {
      this.#dropContext();
      this.#replaceModule();
    }
    return outcome;
  }

  async whenReady(): Promise<void> {
    while (this.#loading !== undefined && !this.#disposed) await this.#loading;
  }

  dispose(): void {
    this.#dropContext();
    this.#disposed = true;
    this.#module = undefined;
    this.#spare = undefined;
  }

  #dropContext(): void {
    const sc = this.#context;
    this.#context = undefined;
    try {
      sc?.dispose();
    } catch {
      // QuickJS asserts that a freed runtime holds no objects; a few constructs leak one (`import()`
      // without a module loader), and the failed assertion aborts the whole WASM module.
      if (!this.#disposed) this.#replaceModule();
    }
  }

  /** The old module is not touched again (not even to dispose): its memory may be mid-update. */
  #replaceModule(): void {
    this.#context = undefined;
    this.#module = this.#spare;
    this.#spare = undefined;
    this.#loadSpare();
  }

  #loadSpare(): void {
    if (this.#loading) return;
    this.#loading = loadModule().then(
      (m) => {
        this.#loading = undefined;
        if (this.#disposed) return;
        if (this.#module !== undefined) this.#spare = m;
        else {
          this.#module = m;
          this.#loadSpare();
        }
      },
      () => {
        this.#loading = undefined;
      },
    );
  }
}

const FORBIDDEN_LIST = [...FORBIDDEN_NAMES];

/** `[variables, executionInfo]` as one JSON text: one string to copy into the sandbox per run. */
function inputJson(req: ScriptRequest): string | Failure {
  let vars = req.variables;
  // Copying is the slow path (a V8 dictionary object), needed only to drop names that reach prototypes.
  if (FORBIDDEN_LIST.some((name) => Object.hasOwn(vars, name))) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(vars)) {
      if (!FORBIDDEN_NAMES.has(k)) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    vars = copy;
  }
  try {
    return `[${JSON.stringify(vars)},${JSON.stringify(req.execution ?? {})}]`;
  } catch (err) {
    return fail('error', `variables cannot be passed to a script: ${err instanceof Error ? err.message : String(err)}`);
  }
}
