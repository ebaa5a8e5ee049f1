import type { ScriptTaskSpec } from '../../spec/types.js';
import { priorityOf, setPriority } from '../job-priority.js';
import type { StepContext } from '../step-context.js';
import type { JobState, TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * A Camunda 8 FEEL script and a Camunda 7 JUEL script are expressions: evaluated right here. A
 * JavaScript script runs in the runtime's sandbox, so it becomes a job like a service call (and a wait
 * state if it fails).
 */
export const enterScriptTask: EnterBehaviour<ScriptTaskSpec> = (ctx, token, el) => {
  if (el.expression) {
    const value = ctx.evaluate(el.expression, token, el.id);
    // JUEL's `${execution.setVariable(…)}` yields nothing; Camunda stores that as null.
    if (el.resultVariable !== undefined) ctx.setResult(token, el, { [el.resultVariable]: value === undefined ? null : value });
    ctx.complete(token, el);
    return;
  }
  const job: JobState = { id: ctx.newId('j'), kind: 'script', elementId: el.id, tokenId: token.id, attempt: 0 };
  setPriority(job, priorityOf(ctx, el, { token }));
  ctx.state.jobs.push(job);
  ctx.wait(token, job.id);
  requestScriptRun(ctx, token, el, job);
};

export function requestScriptRun(ctx: StepContext, token: TokenState, el: ScriptTaskSpec, job: JobState): void {
  ctx.effects.push({
    type: 'runScript',
    jobId: job.id,
    elementId: el.id,
    format: el.format,
    script: el.script ?? '',
    capture: [],
    wantResult: el.resultVariable !== undefined,
    ...(el.name !== undefined ? { elementName: el.name } : {}),
  });
}
