import { ConflictError, InvalidStateError, NotFoundError } from '../errors/index.js';
import type { CallActivitySpec, ElementSpec, ScriptTaskSpec, ServiceTaskSpec } from '../spec/types.js';
import { ioScriptDone, requestIoScriptRun } from './io-mapping.js';
import { detachedJob, listenerJobDone, listenerJobFailed, requestListenerRun } from './listeners.js';
import { requestScriptRun } from './behaviours/script-task.js';
import { requestServiceCall, serviceOf } from './behaviours/service-task.js';
import { requestVariableMapping, variableMappingDone, variableMappingFailed, type RaiseFromCall } from './behaviours/call-activity.js';
import { throwBpmnError, throwEscalation } from './bpmn-error.js';
import { continueAsync } from './async-continuation.js';
import { retryDelay } from './retry-schedule.js';
import { armBoundaries } from './event-listeners.js';
import type { StepContext } from './step-context.js';
import type { JobState, TokenState, Variables } from './state.js';
import type { Command } from './types.js';

type JobCommand = Extract<Command, { jobId: string }>;

/** Find the job a command names and its token, or reject before anything changes. */
export function findJob(ctx: StepContext, cmd: JobCommand): { job: JobState; token: TokenState } {
  const job = ctx.state.jobs.find((j) => j.id === cmd.jobId);
  if (!job) throw new NotFoundError(`job ${cmd.jobId} not found (already completed or cancelled?)`, { instanceId: ctx.state.instanceId });
  const token = ctx.state.tokens.find((t) => t.id === job.tokenId);
  if (!token) throw new InvalidStateError(`job ${job.id} has no active token`, { instanceId: ctx.state.instanceId, elementId: job.elementId });
  const workerId = 'workerId' in cmd ? cmd.workerId : undefined;
  if (workerId !== undefined && job.workerId !== workerId) {
    throw new ConflictError(`job ${job.id} is locked by ${job.workerId === undefined ? 'no worker' : `worker ${job.workerId}`}, not by ${workerId}`, { elementId: job.elementId });
  }
  if (ctx.state.incidents.some((i) => i.jobId === job.id)) {
    throw new InvalidStateError(`job ${job.id} has an open incident; retry the incident first`, { elementId: job.elementId });
  }
  return { job, token };
}

function removeJob(ctx: StepContext, job: JobState): void {
  const i = ctx.state.jobs.indexOf(job);
  if (i >= 0) ctx.state.jobs.splice(i, 1);
}

export function completeJob(ctx: StepContext, cmd: Extract<Command, { type: 'completeJob' }>): void {
  const detached = detachedJob(ctx, cmd.jobId);
  if (detached) {
    removeJob(ctx, detached);
    return listenerJobDone(ctx, detached, undefined, cmd.variables);
  }
  const { job, token } = findJob(ctx, cmd);
  removeJob(ctx, job);
  if (job.kind === 'listener') return listenerJobDone(ctx, job, token, cmd.variables, cmd.task);
  if (job.kind === 'mapping') return variableMappingDone(ctx, job, token, cmd.variables, raiser(ctx));
  const el = ctx.element(job.elementId);
  if (cmd.record) ctx.record(cmd.record.type, el.id, cmd.record.data);
  if (cmd.variables) ctx.setResult(token, el, cmd.variables);
  ctx.complete(token, el);
}

export function completeScript(ctx: StepContext, cmd: Extract<Command, { type: 'completeScript' }>): void {
  const detached = detachedJob(ctx, cmd.jobId);
  if (detached) {
    removeJob(ctx, detached);
    return listenerJobDone(ctx, detached, undefined, { ...cmd.setVariables });
  }
  const { job, token } = findJob(ctx, cmd);
  removeJob(ctx, job);
  if (job.kind === 'listener') return listenerJobDone(ctx, job, token, { ...cmd.setVariables });
  if (job.io) return ioScriptDone(ctx, job, token, cmd.result, { ...cmd.setVariables });
  const el = ctx.element(job.elementId) as ScriptTaskSpec;
  const vars: Variables = { ...cmd.setVariables };
  if (el.resultVariable !== undefined) vars[el.resultVariable] = cmd.result === undefined ? null : cmd.result;
  // setVariableLocal writes the activity's own scope: kept for its output mappings, then dropped.
  if (cmd.setVariablesLocal) token.locals = { ...token.locals, ...cmd.setVariablesLocal };
  ctx.setResult(token, el, vars);
  ctx.complete(token, el);
}

export function failScript(ctx: StepContext, cmd: Extract<Command, { type: 'failScript' }>): void {
  const detached = detachedJob(ctx, cmd.jobId);
  if (detached) return listenerJobFailed(ctx, detached, undefined, cmd.message);
  const { job, token } = findJob(ctx, cmd);
  if (job.kind === 'listener') return listenerJobFailed(ctx, job, token, cmd.message);
  job.attempt += 1;
  job.lastError = cmd.message;
  ctx.incident(token, ctx.element(job.elementId), 'failedScript', cmd.message, 'job', job.id);
}

/**
 * A failed call: an external worker says how many retries are left (Camunda 7 external task
 * semantics); a handler failure follows the element's retry cycle, else the engine's policy.
 */
export function failJob(ctx: StepContext, cmd: Extract<Command, { type: 'failJob' }>): void {
  const detached = detachedJob(ctx, cmd.jobId);
  if (detached) return listenerJobFailed(ctx, detached, undefined, cmd.message);
  const { job, token } = findJob(ctx, cmd);
  if (job.kind === 'listener') return listenerJobFailed(ctx, job, token, cmd.message);
  if (job.kind === 'mapping') return variableMappingFailed(ctx, job, token, cmd.message);
  const el = ctx.element(job.elementId) as ServiceTaskSpec;
  job.attempt += 1;
  job.lastError = cmd.message;
  delete job.workerId;
  delete job.lockExpiresAt;
  let delayMs: number;
  if (cmd.retries !== undefined) {
    job.retries = Math.max(0, cmd.retries);
    delayMs = cmd.retryTimeoutMs ?? 0;
  } else {
    delayMs = retryDelay(ctx, job, serviceOf(el)?.retry);
    rollBackEntry(ctx, token, el);
  }
  if ((job.retries ?? 0) <= 0) {
    ctx.incident(token, el, 'failedJob', cmd.message, 'job', job.id);
    return;
  }
  ctx.record('job.failed', el.id, { jobId: job.id, attempt: job.attempt, message: cmd.message, retries: job.retries });
  if (delayMs > 0) {
    job.dueAt = new Date(Date.parse(ctx.now) + delayMs).toISOString();
    ctx.effects.push({ type: 'jobCreated', jobId: job.id, elementId: el.id, dueAt: job.dueAt, priority: job.priority ?? 0 });
  } else {
    delete job.dueAt;
    reenterForRetry(ctx, token, el);
    requestServiceCall(ctx, token, el, job);
  }
}

/**
 * A handler that fails inside an asyncBefore continuation fails that job in Camunda, and the rollback
 * takes what entering created with it: the activity's boundary timers and subscriptions. A retry enters
 * again and arms them anew (so a boundary timer counts from the retry, not from the first attempt).
 */
function enteredByJob(token: TokenState, el: ElementSpec): boolean {
  return token.pastAsyncBefore === true && token.loopInstance === undefined && el.asyncBefore === true && (el.boundaryEventIds?.length ?? 0) > 0;
}

function rollBackEntry(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  if (enteredByJob(token, el)) ctx.clearAttachments(token);
}

export function reenterForRetry(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  if (!enteredByJob(token, el)) return;
  const armed = ctx.state.timers.some((t) => t.tokenId === token.id) || ctx.state.subscriptions.some((x) => x.tokenId === token.id);
  if (!armed) armBoundaries(ctx, el, token.id, ctx.view(token));
}

export function throwFromJob(ctx: StepContext, cmd: Extract<Command, { type: 'throwBpmnError' }>): void {
  const detached = detachedJob(ctx, cmd.jobId);
  if (detached) {
    // Camunda does not propagate a BPMN error out of a cancelled activity's listeners: the chain goes on.
    removeJob(ctx, detached);
    ctx.record('listener.error.ignored', detached.elementId, { code: cmd.code });
    return listenerJobDone(ctx, detached, undefined, undefined);
  }
  const { job, token } = findJob(ctx, cmd);
  if (job.kind === 'mapping') {
    // Camunda 7 does not route a BpmnError out of a DelegateVariableMapping to error events: it fails the call.
    const why = cmd.message !== undefined && cmd.message !== cmd.code ? `: ${cmd.message}` : '';
    return variableMappingFailed(ctx, job, token, `variable mapping "${job.type ?? ''}" threw BPMN error "${cmd.code}"${why}; errors thrown by a variable mapping are not caught by error events`);
  }
  removeJob(ctx, job);
  const el = ctx.element(ctx.proc.spec.elements[job.elementId] ? job.elementId : token.elementId);
  throwBpmnError(ctx, token, el, cmd.code, cmd.message, cmd.variables);
}

export function lockJob(ctx: StepContext, cmd: Extract<Command, { type: 'lockJob' }>): void {
  const job = ctx.state.jobs.find((j) => j.id === cmd.jobId);
  if (!job) throw new NotFoundError(`job ${cmd.jobId} not found`);
  job.workerId = cmd.workerId;
  job.lockExpiresAt = cmd.lockExpiresAt;
}

/** A due job: an async continuation moves on, a service retry is called again. */
export function fireDueJob(ctx: StepContext, cmd: Extract<Command, { type: 'fireDueJob' }>): void {
  const { job, token } = findJob(ctx, cmd);
  const el = ctx.element(job.elementId);
  if (job.kind === 'async') {
    removeJob(ctx, job);
    ctx.effects.push({ type: 'jobRemoved', jobId: job.id });
    continueAsync(ctx, job, token, el);
    return;
  }
  delete job.dueAt;
  // A mapping job is only stored unanswered after a crash mid-call: ask again (at least once, like handlers).
  if (job.kind === 'mapping') requestVariableMapping(ctx, token, el as CallActivitySpec, job);
  else if (job.kind === 'service') {
    reenterForRetry(ctx, token, el);
    requestServiceCall(ctx, token, el, job);
  } else if (job.kind === 'listener') requestListenerRun(ctx, job);
  else if (job.io) requestIoScriptRun(ctx, el, job);
  else requestScriptRun(ctx, token, el as ScriptTaskSpec, job);
}

function raiser(ctx: StepContext): RaiseFromCall {
  return (token, kind, code, message) => {
    const el = ctx.element(token.elementId);
    if (kind === 'error') throwBpmnError(ctx, token, el, code, message, undefined);
    else throwEscalation(ctx, token, el, code);
  };
}
