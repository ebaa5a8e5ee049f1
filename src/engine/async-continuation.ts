import type { ElementSpec } from '../spec/types.js';
import { messageOf } from './element-errors.js';
import { selectFlows } from './flow-selection.js';
import type { StepContext } from './step-context.js';
import type { JobState, TokenState } from './state.js';

/*
 * Camunda 7 asynchronous continuations (`camunda:asyncBefore` / `asyncAfter`). On a multi-instance
 * activity the attributes of the activity hold its body (one job around all instances) and those of
 * `multiInstanceLoopCharacteristics` hold every inner instance (one job per instance), as
 * `BpmnParse.parseAsynchronousContinuationForActivity` assigns them.
 */

/** Does the token wait for a job before it enters `el`? */
export function waitsBefore(el: ElementSpec, token: TokenState): boolean {
  if (token.pastAsyncBefore) return false;
  if (token.loopInstance === undefined) return el.asyncBefore === true;
  return el.loop?.type === 'multiInstance' && el.loop.innerAsyncBefore === true;
}

/** Does the token wait for a job after `el` completed (end listeners done) before it moves on? */
export function waitsAfter(el: ElementSpec, token: TokenState): boolean {
  if (token.loopInstance === undefined) return el.asyncAfter === true;
  return el.loop?.type === 'multiInstance' && el.loop.innerAsyncAfter === true;
}

/**
 * The activity has ended; the way on waits for jobs. Camunda picks the outgoing flows now and makes one
 * job per flow it takes (a fork with asyncAfter waits with one job per branch); the boundary events
 * ended with the activity. An inner instance's job hands it back to its body; an activity without
 * outgoing flows keeps one job that ends the token.
 */
export function holdAfter(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  if (token.loopInstance !== undefined) {
    ctx.createAsyncJob(token, el, 'after');
    return;
  }
  let flows: string[];
  try {
    flows = selectFlows(ctx, token, el);
  } catch (e) {
    ctx.incident(token, el, 'failedExpression', messageOf(e), 'complete');
    return;
  }
  ctx.clearAttachments(token);
  if (flows.length === 0) {
    ctx.createAsyncJob(token, el, 'after');
    return;
  }
  ctx.completed(el.id);
  for (let i = 0; i < flows.length; i++) {
    const t = i === 0 ? token : ctx.parkToken(el.id, token.scopeId);
    ctx.createAsyncJob(t, el, 'after', flows[i]);
  }
}

/** An async continuation's job is due: enter the element, or go on past it. */
export function continueAsync(ctx: StepContext, job: JobState, token: TokenState, el: ElementSpec): void {
  if (job.asyncAt === 'before') {
    token.pastAsyncBefore = true;
    delete token.waitingFor;
    ctx.enqueue(token);
  } else if (job.flowId !== undefined) {
    ctx.moveAlong(token, ctx.flow(job.flowId));
  } else {
    ctx.leave(token, el);
  }
}
