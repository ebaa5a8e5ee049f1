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
 * - a result wanted and the text ends with an expression statement (`amount * 2`, `var x = a; x + 1;`):
 *   the statements before it stay as they are and the last one becomes `return (<expression>\n)`. The
 *   split is found without a JavaScript parser on the host: QuickJS compiles the candidates (see
 *   resultSplits);
 * - anything else that wants a result (`if (a) { 1 } else { 2 }`, a result and captures with no
 *   split): the text is kept as a string and run with a direct eval from a sloppy function, whose
 *   completion value QuickJS computes, each time (compiled per run: costs its length).
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

/** A script that cannot be used; `clean` is false when code may have run while compiling it. */
export interface CompileFailure {
  failure: ScriptFailure;
  clean: boolean;
}

export function compileScript(
  tools: CompileTools,
  source: string,
  capture: readonly string[],
  wantResult: boolean,
): CompiledScript | CompileFailure {
  const { ctx } = tools;
  const check = ctx.evalCode(source, SCRIPT_FILE, { type: 'global', compileOnly: true });
  if (check.error) {
    try {
      return { failure: tools.failure(check.error), clean: true };
    } finally {
      check.error.dispose();
    }
  }
  check.value.dispose();

  const captured = capture.length > 0 ? captureSnippet(capture) : '';
  if (!wantResult) {
    const wrapper = captured === '' ? `(function () {${source}\n})` : `(function (${SINK}) {${source}\n;${SINK}(${captured});})`;
    const compiled = compileWrapper(tools, wrapper);
    if (compiled !== undefined) return compiled;
  } else {
    for (const split of resultSplits(ctx, source)) {
      const compiled = compileWrapper(tools, resultWrapper(split, captured));
      if (compiled !== undefined) return compiled;
    }
  }
  const text = captured === '' ? source : `${source}\n;var __bpmnRunnerCaptured__ = ${SINK}(${captured});`;
  return { handle: ctx.newString(text), isEval: true };
}

interface ResultSplit {
  /** Complete statements, ending with their `;`, or ''. */
  statements: string;
  /** One expression, the script's last statement. */
  last: string;
}

/** The prefix ends with `;` outside any comment, so code may follow it on the same line. */
function resultWrapper({ statements, last }: ResultSplit, captured: string): string {
  if (captured === '') return `(function () {${statements} return (${last}\n); })`;
  const result = '__bpmnRunnerResult__';
  return `(function (${SINK}) {${statements} const ${result} = (${last}\n); ${SINK}(${captured}); return ${result}; })`;
}

const MAX_SPLITS = 8;

/**
 * Ways to read the script as "statements; expression", last `;` first. A split is offered only when
 * the statements compile on their own as a script and their `;` is not inside a line comment (then
 * `statements)` would compile too), and the rest can be an expression statement: together they are
 * the same program, and the expression's value is its completion value. Whether the rest really is
 * one expression is left to compiling the wrapper.
 */
function* resultSplits(ctx: QuickJSContext, source: string): Generator<ResultSplit> {
  let body = source.trimEnd();
  if (body.endsWith(';')) body = body.slice(0, -1);
  let at = body.length;
  for (let tries = 0; tries < MAX_SPLITS; tries++) {
    at = body.lastIndexOf(';', at - 1);
    if (at < 0) break;
    const statements = body.slice(0, at + 1);
    const last = body.slice(at + 1);
    if (canStartExpression(last) && compiles(ctx, statements) && !compiles(ctx, `${statements})`)) yield lineUp(statements, last);
  }
  if (canStartExpression(body)) yield lineUp('', body);
}

/**
 * Moves the space and comments before the expression to the statements, so that `return (` lands on
 * the expression's first line: QuickJS reports errors in it at the line of the statement it is in.
 */
function lineUp(statements: string, last: string): ResultSplit {
  const start = skipSpaceAndComments(last);
  return { statements: statements + last.slice(0, start), last: last.slice(start) };
}

function compiles(ctx: QuickJSContext, text: string): boolean {
  const r = ctx.evalCode(text, SCRIPT_FILE, { type: 'global', compileOnly: true });
  if (r.error) {
    r.error.dispose();
    return false;
  }
  r.value.dispose();
  return true;
}

/** undefined when the wrapper does not compile (the eval form then takes over). */
function compileWrapper(tools: CompileTools, wrapper: string): CompiledScript | CompileFailure | undefined {
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
    return { failure: fail('error', 'script sandbox could not prepare the script'), clean: false };
  }
  const ok = ctx.dump(adopted.value) === true;
  adopted.value.dispose();
  if (ok) return { handle: made.value, isEval: false };
  made.value.dispose();
  // Cannot happen for a text that compiled as a script on its own; if it does, code outside the wrapper
  // may have run, and the caller drops the context because this is a failure.
  return { failure: fail('error', 'script text reaches outside its function wrapper'), clean: false };
}

/**
 * false when a statement starting like this text is not an expression statement: `{` opens a block
 * (`{}` is no object there), `function`, `class`, `async` and `let` start declarations.
 */
function canStartExpression(text: string): boolean {
  const start = skipSpaceAndComments(text);
  if (start >= text.length) return false;
  return !/^(?:\{|(?:function|class|async|let)(?![\w$]))/.test(text.slice(start, start + 9));
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
