import { IO_SCRIPT_RESULTS } from '../spec/types.js';
import type { ElementSpec, IoParameter, VariableView } from '../spec/types.js';
import { withExecution } from './execution-facade.js';
import { propagate, viewOf } from './scope-variables.js';
import { asElementError } from './element-errors.js';
import type { StepContext } from './step-context.js';
import type { IoProgress, JobState, TokenState, Variables } from './state.js';

/**
 * Input mappings make an activity's locals when it is entered; output mappings carry values out to
 * its scope when it completes (`camunda:inputOutput`, `zeebe:ioMapping`). Parameters are computed in
 * order, and later inputs may read earlier ones, as in both Camunda versions.
 *
 * A parameter holding `camunda:script`s needs the runtime's sandbox: the mapping stops there, the
 * token waits for a script job, and `ioScriptDone` resumes it where it stopped (`token.io`).
 * Both functions return false while such a job is pending.
 */
export function applyInputs(ctx: StepContext, token: TokenState, el: ElementSpec): boolean {
  const inputs = el.io?.inputs;
  if (!inputs || inputs.length === 0) return true;
  const resumed = token.io?.phase === 'input' ? token.io : undefined;
  const locals: Variables = resumed ? (token.locals ?? {}) : {};
  for (let i = resumed?.param ?? 0; i < inputs.length; i++) {
    const p = inputs[i]!;
    const results = resumed?.param === i ? resumed.results : [];
    if (p.scripts && results.length < p.scripts.length) {
      // The script sees the inputs computed so far, like any later parameter does.
      token.locals = locals;
      waitForScript(ctx, token, el, { phase: 'input', param: i, results });
      return false;
    }
    const base = p.value.usesExecution ? { ...withExecution(ctx, token, el.id), ...locals } : viewOf(ctx.state, token.scopeId, locals);
    try {
      locals[p.target] = p.value.evaluate(withResults(base, p, results));
    } catch (e) {
      throw asElementError(e, el.id, ctx.proc.spec);
    }
  }
  delete token.io;
  token.locals = locals;
  return true;
}

export function applyOutputs(ctx: StepContext, token: TokenState, el: ElementSpec): boolean {
  const outputs = el.io?.outputs;
  if (!outputs || outputs.length === 0) return true;
  const resumed = token.io?.phase === 'output' ? token.io : undefined;
  const values: Variables = resumed?.values ?? {};
  for (let i = resumed?.param ?? 0; i < outputs.length; i++) {
    const p = outputs[i]!;
    const results = resumed?.param === i ? resumed.results : [];
    if (p.scripts && results.length < p.scripts.length) {
      waitForScript(ctx, token, el, { phase: 'output', param: i, results, values });
      return false;
    }
    const value = p.scripts ? evaluateWithResults(ctx, token, el, p, results) : ctx.evaluate(p.value, token, el.id);
    values[p.target] = value;
  }
  delete token.io;
  propagate(ctx.state, token.scopeId, values);
  return true;
}

function withResults(view: VariableView, p: IoParameter, results: readonly unknown[]): VariableView {
  return p.scripts ? { ...view, [IO_SCRIPT_RESULTS]: results } : view;
}

function evaluateWithResults(ctx: StepContext, token: TokenState, el: ElementSpec, p: IoParameter, results: readonly unknown[]): unknown {
  const base = p.value.usesExecution ? withExecution(ctx, token, el.id) : ctx.view(token);
  try {
    return p.value.evaluate(withResults(base, p, results));
  } catch (e) {
    throw asElementError(e, el.id, ctx.proc.spec);
  }
}

function waitForScript(ctx: StepContext, token: TokenState, el: ElementSpec, progress: IoProgress): void {
  token.io = progress;
  const job: JobState = {
    id: ctx.newId('j'),
    kind: 'script',
    elementId: el.id,
    tokenId: token.id,
    attempt: 0,
    io: { phase: progress.phase, param: progress.param, slot: progress.results.length },
  };
  ctx.state.jobs.push(job);
  ctx.wait(token, job.id);
  requestIoScriptRun(ctx, el, job);
}

export function requestIoScriptRun(ctx: StepContext, el: ElementSpec, job: JobState): void {
  const { phase, param, slot } = job.io!;
  const script = (phase === 'input' ? el.io!.inputs : el.io!.outputs)[param]!.scripts![slot]!;
  ctx.effects.push({
    type: 'runScript',
    jobId: job.id,
    elementId: el.id,
    format: script.format,
    script: script.source,
    capture: [],
    wantResult: true,
    ...(el.name !== undefined ? { elementName: el.name } : {}),
  });
}

/** A parameter's script finished: keep its value and go on with the mapping where it stopped. */
export function ioScriptDone(ctx: StepContext, job: JobState, token: TokenState, result: unknown, setVariables: Variables): void {
  const progress = token.io;
  if (!progress) return;
  progress.results.push(result === undefined ? null : result);
  const el = ctx.element(job.elementId);
  // A script's execution.setVariable writes where the activity writes (locals first, then its scopes).
  if (Object.keys(setVariables).length > 0) ctx.setResult(token, el, setVariables);
  if (progress.phase === 'input') {
    delete token.waitingFor;
    ctx.reenter(token);
  } else {
    ctx.complete(token, el);
  }
}
