/**
 * Compiling a script once per context and source text, into something `runScript` (script-bootstrap.ts)
 * can call on every later run. Compiling costs ~100–150 ns per source character in this QuickJS build,
 * far more than running a typical script, so a cached script skips it entirely.
 *
 * A Camunda script is global code: sloppy unless it says 'use strict', its last expression statement is
 * its result, and `var`/`let`/`const` at its top are visible to the declared-output capture. Run as real
 * global code in a context that is reused, its declarations would outlive the run (`let` bindings cannot
 * be removed at all), so a script becomes one of three shapes, all with the same scoping (declarations
 * local to the run, undeclared assignments on the global object, cleaned after the run):
 * - no result wanted: the text becomes the body of a function, `(function () {<source>\n})`;
 * - a result wanted and the text is one expression (`amount * 2`, `a > b;`): `return (<source>\n)`;
 * - a result wanted from statements (`var x = 1; x + 1`): the only way to get a completion value without
 *   parsing JavaScript on the host is QuickJS's own eval, so the text is kept as a string and run with a
 *   direct eval from a sloppy function each time (compiled per run: costs its length).
 * The text first has to compile on its own as a global script (compile only, nothing runs), so a `return`
 * at the top level stays an error, syntax errors point at the script's own lines, and no text can close a
 * wrapper early and run code outside it; `adopt` then double-checks the compiled wrapper's source text.
 * The wrappers open on the script's first line, so line numbers in errors stay those of the script.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { captureSnippet } from './script-capture.js';
import { fail, type ScriptFailure } from './script-failure.js';

export const SCRIPT_FILE = 'script.js';

export interface CompiledScript {
  handle: QuickJSHandle;
  /** true: `handle` is the text for the sloppy eval; false: a function taking the capture sink. */
  isEval: boolean;
}

/** What compiling needs from the sandbox: the context, its `adopt` helper, and how to read a thrown error. */
export interface CompileTools {
  ctx: QuickJSContext;
  adopt: QuickJSHandle;
  failure(thrown: QuickJSHandle): ScriptFailure;
}

const SINK = '__bpmnRunnerCapture__';

export function compileScript(
  tools: CompileTools,
  source: string,
  capture: readonly string[],
  wantResult: boolean,
): CompiledScript | ScriptFailure {
  const { ctx } = tools;
  const check = ctx.evalCode(source, SCRIPT_FILE, { type: 'global', compileOnly: true });
  if (check.error) {
    try {
      return tools.failure(check.error);
    } finally {
      check.error.dispose();
    }
  }
  check.value.dispose();

  const captured = capture.length > 0 ? captureSnippet(capture) : '';
  let wrapper: string | undefined;
  if (!wantResult) {
    wrapper = captured === '' ? `(function () {${source}\n})` : `(function (${SINK}) {${source}\n;${SINK}(${captured});})`;
  } else if (captured === '') {
    const body = expressionBody(source);
    if (body !== undefined) wrapper = `(function () { return (${body}\n); })`;
  }
  if (wrapper !== undefined) {
    const compiled = compileWrapper(tools, wrapper);
    if (compiled !== undefined) return compiled;
  }
  const text = captured === '' ? source : `${source}\n;var __bpmnRunnerCaptured__ = ${SINK}(${captured});`;
  return { handle: ctx.newString(text), isEval: true };
}

/** undefined when the wrapper does not compile (the eval form then takes over). */
function compileWrapper(tools: CompileTools, wrapper: string): CompiledScript | ScriptFailure | undefined {
  const { ctx } = tools;
  const made = ctx.evalCode(wrapper, SCRIPT_FILE, { type: 'global' });
  if (made.error) {
    made.error.dispose();
    return undefined;
  }
  const source = ctx.newString(wrapper.slice(1, -1));
  const adopted = ctx.callFunction(tools.adopt, ctx.undefined, made.value, source);
  source.dispose();
  if (adopted.error) {
    adopted.error.dispose();
    made.value.dispose();
    return fail('error', 'script sandbox could not prepare the script');
  }
  const ok = ctx.dump(adopted.value) === true;
  adopted.value.dispose();
  if (ok) return { handle: made.value, isEval: false };
  made.value.dispose();
  // Cannot happen for a text that compiled as a script on its own; if it does, code outside the wrapper
  // may have run, and the caller drops the context because this is a failure.
  return fail('error', 'script text reaches outside its function wrapper');
}

/**
 * The text as one expression, or undefined when it cannot be one with the same meaning: a statement
 * starting with `{`, `function`, `class`, `async` or `let` means something else as an expression
 * (`{}` is an empty block, not an object). Anything else that compiles both as a script and inside
 * `return (…)` is a single expression statement, and its value is the script's completion value.
 */
function expressionBody(source: string): string | undefined {
  let body = source.trimEnd();
  if (body.endsWith(';')) body = body.slice(0, -1);
  const start = skipSpaceAndComments(body);
  if (start >= body.length) return undefined;
  if (/^(?:\{|(?:function|class|async|let)(?![\w$]))/.test(body.slice(start, start + 9))) return undefined;
  return body;
}

function skipSpaceAndComments(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else return i;
  }
}
