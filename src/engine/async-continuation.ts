import type { ElementSpec, RetrySpec } from '../spec/types.js';
import { messageOf } from './element-errors.js';
import { selectFlows } from './flow-selection.js';
import { priorityOf, setPriority } from './job-priority.js';
import { retryDelay } from './retry-schedule.js';
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
    createAsyncJob(ctx, token, el, 'after');
    return;
  }
  let flows: string[];
  // One priority for every job of this completion, known before any of them exists.
  let priority: number;
  try {
    priority = priorityOf(ctx, el, { token });
    flows = selectFlows(ctx, token, el);
  } catch (e) {
    ctx.incident(token, el, 'failedExpression', messageOf(e), 'complete');
    return;
  }
  ctx.clearAttachments(token);
  if (flows.length === 0) {
    createAsyncJob(ctx, token, el, 'after', undefined, priority);
    return;
  }
  ctx.completed(el.id);
  for (let i = 0; i < flows.length; i++) {
    const t = i === 0 ? token : ctx.parkToken(el.id, token.scopeId);
    createAsyncJob(ctx, t, el, 'after', flows[i], priority);
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

/**
 * The job a failure while entering `el` (its start listeners) fails in Camunda: the asyncBefore
 * continuation the token came through, whose retry cycle then applies (`cycle` undefined: the engine's
 * policy). Undefined when no such job holds the token: there Camunda's API call throws, and here the
 * failure is an incident at once. An inner instance answers to its own continuation (the loop
 * characteristics' cycle), else to its body's (the activity's cycle).
 */
export function continuationOf(ctx: StepContext, token: TokenState, el: ElementSpec): { cycle?: RetrySpec } | undefined {
  if (token.loopInstance === undefined) return el.asyncBefore && token.pastAsyncBefore ? cycleOf(el.retry) : undefined;
  if (el.loop?.type === 'multiInstance' && el.loop.innerAsyncBefore && token.pastAsyncBefore) return cycleOf(el.loop.innerRetry);
  const inner = ctx.state.scopes.find((x) => x.id === token.scopeId);
  const body = inner && ctx.state.scopes.find((x) => x.id === inner.parentScopeId);
  const owner = body && ctx.state.tokens.find((t) => t.id === body.ownerTokenId);
  return el.asyncBefore && owner?.pastAsyncBefore ? cycleOf(el.retry) : undefined;
}

const cycleOf = (cycle: RetrySpec | undefined): { cycle?: RetrySpec } => (cycle ? { cycle } : {});

/**
 * A start listener failed while its element was entered in an asyncBefore continuation: that job fails
 * and its retry cycle decides (retries left, delay, then an incident). `rerun` calls the listener again
 * at once when the cycle has no delay. Returns false when no continuation holds the token (the caller
 * makes the failure an incident at once).
 */
export function retriedInContinuation(ctx: StepContext, job: JobState, token: TokenState, message: string, rerun: (job: JobState) => void): boolean {
  if (job.listener?.event !== 'start' || job.elementId === ctx.proc.spec.id) return false;
  const el = ctx.element(job.elementId);
  const held = continuationOf(ctx, token, el);
  if (!held) return false;
  job.firstAttemptAt ??= ctx.now;
  const delayMs = retryDelay(ctx, job, held.cycle);
  if ((job.retries ?? 0) <= 0) {
    ctx.incident(token, el, 'failedJob', message, 'job', job.id);
    return true;
  }
  ctx.record('job.failed', el.id, { jobId: job.id, attempt: job.attempt, message, retries: job.retries });
  if (delayMs > 0) {
    job.dueAt = new Date(Date.parse(ctx.now) + delayMs).toISOString();
    ctx.effects.push({ type: 'jobCreated', jobId: job.id, elementId: el.id, dueAt: job.dueAt, priority: job.priority ?? 0 });
  } else rerun(job);
  return true;
}

/**
 * An async continuation: before entering `el`, or after it (along `flowId` when one was chosen). Its
 * priority is evaluated now unless the caller did; a priority that cannot be had is an incident here.
 */
export function createAsyncJob(
  ctx: StepContext,
  token: TokenState,
  el: ElementSpec,
  at: 'before' | 'after',
  flowId?: string,
  priority?: number,
): void {
  if (priority === undefined) {
    try {
      priority = priorityOf(ctx, el, { token });
    } catch (e) {
      ctx.incident(token, el, 'failedExpression', messageOf(e), at === 'before' ? 'enter' : 'complete');
      return;
    }
  }
  const id = ctx.newId('j');
  const job: JobState = { id, kind: 'async', elementId: el.id, tokenId: token.id, attempt: 0, asyncAt: at, dueAt: ctx.now };
  if (flowId !== undefined) job.flowId = flowId;
  setPriority(job, priority);
  ctx.state.jobs.push(job);
  ctx.wait(token, id);
  ctx.effects.push({ type: 'jobCreated', jobId: id, elementId: el.id, dueAt: ctx.now, priority });
}
