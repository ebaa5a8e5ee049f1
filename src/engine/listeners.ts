import type { CompiledExpression, ListenerSpec, UserTaskSpec, VariableView } from '../spec/types.js';
import { retriedInContinuation } from './async-continuation.js';
import { asElementError } from './element-errors.js';
import { propagate } from './scope-variables.js';
import type { StepContext } from './step-context.js';
import type { JobState, ListenerEvent, TokenState, UserTaskState, Variables } from './state.js';
import type { TaskChanges } from './types.js';
import { applyTaskChanges, completeTaskFromListener, taskAssigned } from './task-listeners.js';
import { evaluateTaskListenerExpression } from './task-expression.js';

/*
 * Listener chains. A chain is the listeners of one owner (an element, or the process itself) for one
 * event, run one at a time in document order, like Camunda's. Expression and JUEL script listeners run
 * in place; handler and JavaScript listeners become jobs the runtime calls. A job either holds its token (start,
 * end, complete: the element waits for the chain), runs beside it (create, assignment, update,
 * timeout: the task waits for a person meanwhile), or is detached (end listeners of a cancelled
 * activity, delete listeners of a cancelled task, end listeners of the process): no token is left
 * to hold, so it sees the variables of the moment and moves nothing on.
 */

/** Zeebe names its task listener events differently; both spellings mean the same point. */
const EVENT_ALIASES: Readonly<Record<string, ListenerEvent>> = {
  start: 'start',
  end: 'end',
  take: 'take',
  create: 'create',
  creating: 'create',
  assignment: 'assignment',
  assigning: 'assignment',
  update: 'update',
  updating: 'update',
  complete: 'complete',
  completing: 'complete',
  delete: 'delete',
  canceling: 'delete',
  timeout: 'timeout',
};
const TASK_EVENTS: ReadonlySet<ListenerEvent> = new Set(['create', 'assignment', 'update', 'complete', 'delete', 'timeout']);
/** Chains a token remembers having run, so resuming the element does not run them again. */
const REMEMBERED: ReadonlySet<ListenerEvent> = new Set(['start', 'end', 'create', 'complete']);

/** An element, a sequence flow, or the process (its id is the process id): whatever carries `listeners`. */
export interface ListenerOwner {
  readonly id: string;
  readonly listeners?: readonly ListenerSpec[];
}

export function listenerEventOf(l: ListenerSpec): ListenerEvent | undefined {
  return Object.hasOwn(EVENT_ALIASES, l.event) ? EVENT_ALIASES[l.event] : undefined;
}

export function ownerOf(ctx: StepContext, id: string): ListenerOwner {
  return id === ctx.proc.spec.id ? ctx.proc.spec : ctx.proc.spec.elements[id] ?? ctx.flow(id);
}

/** The element a listener job's token stands at: its owner, unless that is the process or a flow. */
function elementOfJob(ctx: StepContext, job: JobState, token: TokenState): string {
  return ctx.proc.spec.elements[job.elementId] ? job.elementId : token.elementId;
}

export function chainOf(owner: ListenerOwner, event: ListenerEvent): ListenerSpec[] {
  const scope = TASK_EVENTS.has(event) ? 'task' : 'execution';
  return (owner.listeners ?? []).filter((l) => l.scope === scope && listenerEventOf(l) === event);
}

export function hasListeners(owner: ListenerOwner, event: ListenerEvent): boolean {
  return owner.listeners !== undefined && chainOf(owner, event).length > 0;
}

export function listenersDone(token: TokenState, event: ListenerEvent): boolean {
  return token.listenersDone?.includes(event) === true;
}

/**
 * Run the listeners of `event` from `from` on for a token. Returns true when the chain is done and the
 * caller may go on; false when it waits for a job. `single` runs listener `from` only (a timeout).
 */
export function runListeners(
  ctx: StepContext,
  token: TokenState,
  owner: ListenerOwner,
  event: ListenerEvent,
  from = 0,
  holdToken = true,
  single = false,
): boolean {
  const list = chainOf(owner, event);
  const end = single ? Math.min(from + 1, list.length) : list.length;
  for (let i = from; i < end; i++) {
    const l = list[i]!;
    if (l.kind === 'expression' || l.expression) {
      if (l.expression && l.scope === 'task') {
        evaluateTaskListenerExpression(ctx, l.expression, token, owner.id, event, ctx.state.userTasks.find((t) => t.tokenId === token.id));
      } else if (l.expression) ctx.evaluate(l.expression, token, owner.id);
      continue;
    }
    const job = newJob(ctx, l, owner.id, token.id, event, i);
    if (single) job.listener!.single = true;
    ctx.state.jobs.push(job);
    if (holdToken) ctx.wait(token, job.id);
    requestListenerRun(ctx, job);
    return false;
  }
  if (owner.id !== ctx.proc.spec.id && !single && REMEMBERED.has(event)) (token.listenersDone ??= []).push(event);
  return true;
}

/** What a detached chain runs with: the variables of the moment and where its results go. */
export interface DetachedRun {
  view: VariableView;
  scopeId?: string;
  task?: UserTaskState;
  cancelled?: boolean;
  /** For expression listeners that use `execution`: the token, while it still exists. */
  token?: TokenState;
}

/** Run a chain that holds no token. Returns true when it finished without waiting for a job. */
export function runDetachedListeners(ctx: StepContext, ownerId: string, event: ListenerEvent, from: number, run: DetachedRun): boolean {
  const list = chainOf(ownerOf(ctx, ownerId), event);
  for (let i = from; i < list.length; i++) {
    const l = list[i]!;
    if (l.kind === 'expression' || l.expression) {
      if (l.expression) evaluateDetached(ctx, l.expression, ownerId, run, l.scope === 'task' ? event : undefined);
      continue;
    }
    const job = newJob(ctx, l, ownerId, '', event, i);
    job.detached = true;
    job.view = { ...run.view };
    if (run.cancelled) job.listener!.cancelled = true;
    if (run.scopeId !== undefined) job.scopeId = run.scopeId;
    if (run.task) job.task = run.task;
    ctx.state.jobs.push(job);
    requestListenerRun(ctx, job);
    return false;
  }
  if (ownerId === ctx.proc.spec.id && event === 'end') ctx.state.processEnd = 'done';
  return true;
}

function evaluateDetached(ctx: StepContext, expr: CompiledExpression, ownerId: string, run: DetachedRun, taskEvent?: ListenerEvent): void {
  // No token any more (the process is ending): `execution` writes reach the process scope.
  const token: TokenState = run.token && ctx.state.tokens.includes(run.token) ? run.token : { id: 'process', elementId: ownerId, phase: 'waiting' };
  if (taskEvent !== undefined) evaluateTaskListenerExpression(ctx, expr, token, ownerId, taskEvent, run.task);
  else ctx.evaluate(expr, token, ownerId);
}

function newJob(ctx: StepContext, l: ListenerSpec, ownerId: string, tokenId: string, event: ListenerEvent, index: number): JobState {
  const job: JobState = { id: ctx.newId('j'), kind: 'listener', elementId: ownerId, tokenId, attempt: 0, listener: { event, index }, retries: 1 };
  if (l.serviceName !== undefined) job.type = l.serviceName;
  return job;
}

/** Ask the runtime to run one listener job (again, after an incident). */
export function requestListenerRun(ctx: StepContext, job: JobState): void {
  const owner = ownerOf(ctx, job.elementId);
  const { event, index, cancelled } = job.listener!;
  const l = chainOf(owner, event)[index]!;
  if (l.kind === 'script') {
    ctx.effects.push({ type: 'runScript', jobId: job.id, elementId: job.elementId, format: l.format ?? '', script: l.source, capture: [], wantResult: false });
    return;
  }
  const token = job.detached ? undefined : ctx.state.tokens.find((t) => t.id === job.tokenId);
  const headers: Record<string, string> = { event: l.event };
  if (l.fields) {
    const view = job.view ?? (token ? ctx.view(token) : ctx.state.variables);
    for (const f of l.fields) {
      let v: unknown;
      try {
        v = f.value.evaluate(view);
      } catch (e) {
        throw asElementError(e, job.elementId, ctx.proc.spec);
      }
      headers[f.name] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  const effect: Extract<StepContext['effects'][number], { type: 'callService' }> = {
    type: 'callService',
    jobId: job.id,
    elementId: job.elementId,
    serviceType: l.serviceName ?? l.source,
    attempt: job.attempt + 1,
    headers,
    listener: { event: l.event, external: l.format === 'job', ...(cancelled ? { cancelled: true } : {}), ...(job.detached ? { detached: true } : {}) },
  };
  if (l.scope === 'task') {
    const task = job.task ?? ctx.state.userTasks.find((t) => t.tokenId === job.tokenId);
    if (task) {
      const { tokenId: _tokenId, ...view } = task;
      effect.task = { ...view, candidateUsers: [...task.candidateUsers], candidateGroups: [...task.candidateGroups] };
      // The handler sees the description Camunda's DelegateTask has: one a listener set, else the documentation.
      const doc = ctx.proc.spec.elements[task.elementId]?.documentation;
      if (task.description === undefined && doc !== undefined) effect.task.description = doc;
    }
  }
  ctx.effects.push(effect);
}

/** A listener job finished: its variables land, the chain goes on, and when it is done the element does too. */
export function listenerJobDone(ctx: StepContext, job: JobState, token: TokenState | undefined, vars: Variables | undefined, changes?: TaskChanges): void {
  const { event, index, single } = job.listener!;
  if (job.detached || !token) {
    if (vars && Object.keys(vars).length > 0) {
      const scope = job.scopeId !== undefined && ctx.state.scopes.some((s) => s.id === job.scopeId) ? job.scopeId : undefined;
      propagate(ctx.state, scope, vars);
    }
    const run: DetachedRun = { view: job.view ?? ctx.state.variables };
    if (job.scopeId !== undefined) run.scopeId = job.scopeId;
    if (job.task) run.task = job.task;
    if (job.listener!.cancelled) run.cancelled = true;
    runDetachedListeners(ctx, job.elementId, event, index + 1, run);
    return;
  }
  const owner = ownerOf(ctx, job.elementId);
  // The process's start chain and a flow's take chain run before the token's element is entered.
  const beforeEntering = !ctx.proc.spec.elements[owner.id];
  const el = ctx.element(elementOfJob(ctx, job, token));
  if (vars) ctx.setResult(token, el, vars);
  if (changes) applyTaskChanges(ctx, token, el as UserTaskSpec, changes, event);
  const hold = event === 'start' || event === 'end' || event === 'take' || event === 'complete';
  const done = single || runListeners(ctx, token, owner, event, index + 1, hold);
  if (!done) return;
  if (beforeEntering && event === 'take') {
    delete token.waitingFor;
    ctx.enqueue(token);
  } else if (beforeEntering || event === 'start') {
    // The start chain (the process's, before its start event, or the element's own) is done: enter on.
    delete token.waitingFor;
    ctx.reenter(token);
  } else if (event === 'end') ctx.complete(token, el);
  else if (event === 'complete') completeTaskFromListener(ctx, token, el as UserTaskSpec, true);
  else {
    // After the create chain: the assignment listeners see the assignee the create listeners left.
    if (event === 'create' && ctx.state.userTasks.some((t) => t.tokenId === token.id && t.assignee !== undefined)) taskAssigned(ctx, token, el as UserTaskSpec);
    if (changes?.complete) completeTaskFromListener(ctx, token, el as UserTaskSpec, false);
  }
}

/**
 * The process is about to complete: its end listeners run first (detached: no token is left). Returns
 * true once they are done; the instance then completes in the step that finishes them.
 */
export function processEndListenersDone(ctx: StepContext): boolean {
  const state = ctx.state;
  if (state.processEnd === 'done' || !hasListeners(ctx.proc.spec, 'end')) return true;
  if (state.processEnd === 'running') return false;
  state.processEnd = 'running';
  return runDetachedListeners(ctx, ctx.proc.spec.id, 'end', 0, { view: state.variables });
}

/** A listener job that holds no token, found by id (job commands route it here before looking for a token). */
export function detachedJob(ctx: StepContext, jobId: string): JobState | undefined {
  const job = ctx.state.jobs.find((j) => j.id === jobId);
  return job?.detached === true && !ctx.state.incidents.some((i) => i.jobId === jobId) ? job : undefined;
}

/**
 * A failing listener fails its element's transition in Camunda: an incident, retried by hand; inside an
 * async continuation it fails that job, which its retry cycle retries first.
 */
export function listenerJobFailed(ctx: StepContext, job: JobState, token: TokenState | undefined, message: string): void {
  job.attempt += 1;
  job.lastError = message;
  delete job.workerId;
  delete job.lockExpiresAt;
  if (token && !job.detached && retriedInContinuation(ctx, job, token, message, (j) => requestListenerRun(ctx, j))) return;
  job.retries = 0;
  if (token && !job.detached) {
    ctx.incident(token, ctx.element(elementOfJob(ctx, job, token)), 'failedJob', message, 'job', job.id);
    return;
  }
  const id = ctx.newId('i');
  ctx.state.incidents.push({ id, elementId: job.elementId, jobId: job.id, type: 'failedJob', message, createdAt: ctx.now, resume: 'job' });
  ctx.effects.push({ type: 'incidentCreated', incidentId: id, elementId: job.elementId, message });
  ctx.record('incident.created', job.elementId, { incidentId: id, message });
}
