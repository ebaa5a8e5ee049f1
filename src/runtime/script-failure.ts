/**
 * Turning what a failed script threw into a ScriptFailure: the script's own message and line for
 * errors, kind 'memory' for QuickJS's out-of-memory errors. The thrown value is read by the in-sandbox
 * `describe` helper (see script-bootstrap.ts), never by walking it from the host.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';

export interface ScriptFailure {
  ok: false;
  message: string;
  /** 1-based line in the script source, when the error came from a frame of the script. */
  line?: number;
  kind: 'error' | 'timeout' | 'memory';
}

interface Described {
  isError: boolean;
  name?: string;
  message: string;
  stack?: string;
}

/** Called first: returns the timeout failure, or prepares room to read the error and returns undefined. */
export type AfterFailure = () => ScriptFailure | undefined;

export function fail(kind: ScriptFailure['kind'], message: string): ScriptFailure {
  return { ok: false, kind, message };
}

export function scriptFailure(
  ctx: QuickJSContext,
  describe: QuickJSHandle,
  thrown: QuickJSHandle,
  afterFailure: AfterFailure,
): ScriptFailure {
  const limited = afterFailure();
  if (limited) return limited;
  const res = ctx.callFunction(describe, ctx.undefined, thrown);
  if (res.error) {
    res.error.dispose();
    return fail('error', 'script failed with a value that could not be read');
  }
  let d: Described;
  try {
    d = JSON.parse(ctx.getString(res.value)) as Described;
  } finally {
    res.value.dispose();
  }
  return fromDescribed(d);
}

function fromDescribed(d: Described): ScriptFailure {
  if (!d.isError) return fail('error', d.message);
  const name = d.name ?? 'Error';
  if (isMemoryMessage(name, d.message)) return fail('memory', `script ran out of memory (${d.message})`);
  const message = name === 'Error' ? d.message : `${name}: ${d.message}`;
  const line = lineOf(d.stack) ?? undefined;
  return line === undefined ? fail('error', message) : { ok: false, kind: 'error', message, line };
}

function isMemoryMessage(name: unknown, message: string): boolean {
  // QuickJS reports a failed string allocation under a memory limit as "string too long".
  return name === 'InternalError' && (message === 'out of memory' || message === 'string too long');
}

/**
 * First frame in the script itself (errors thrown by `execution` helpers point at the calling line).
 * `<input>` is QuickJS's name for eval code: scripts that need their completion value run as eval.
 */
function lineOf(stack: string | undefined): number | undefined {
  const m = stack === undefined ? null : /(?:\(|at )(?:script\.js|<input>):(\d+)/.exec(stack);
  return m ? Number(m[1]) : undefined;
}
