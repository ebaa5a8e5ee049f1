import { ExpressionError } from '../errors/index.js';
import type { ElementSpec, UserTaskSpec } from '../spec/types.js';
import { finishUserTask } from './behaviours/user-task.js';
import { hasListeners, listenerEventOf, listenersDone, chainOf, runDetachedListeners, runListeners } from './listeners.js';
import { priorityOf, setPriority } from './job-priority.js';
import type { StepContext } from './step-context.js';
import type { TimerState, TokenState, UserTaskState } from './state.js';
import { planCycle, planTimer } from './timer-schedule.js';
import type { TaskChanges } from './types.js';

/**
 * The parts of a user task's life that only listeners see: timeouts, changes a listener makes to its
 * task (Camunda 7's DelegateTask setters), and the listeners of an activity or task that is cancelled.
 */

/** A timeout task listener gets a timer of its own when the task is created (Camunda 7.12+). */
export function armTimeoutListeners(ctx: StepContext, token: TokenState, el: UserTaskSpec): void {
  (el.listeners ?? []).forEach((l, i) => {
    if (l.scope !== 'task' || listenerEventOf(l) !== 'timeout' || !l.timer) return;
    let plan;
    try {
      plan = planTimer(l.timer, ctx.now, ctx.proc.spec.flavour, (e) => ctx.evaluate(e, token, el.id));
    } catch (err) {
      throw new ExpressionError(err instanceof Error ? err.message : String(err), { elementId: el.id, ...ctx.locationOf(el.id) });
    }
    const timer: TimerState = { id: ctx.newId('tm'), elementId: el.id, tokenId: token.id, dueAt: plan.dueAt, taskListener: i };
    setPriority(timer, priorityOf(ctx, el, { token }));
    if (plan.repeat !== undefined) timer.repeat = plan.repeat;
    if (plan.cycle !== undefined) timer.cycle = plan.cycle;
    ctx.state.timers.push(timer);
    ctx.effects.push({ type: 'timerCreated', timerId: timer.id, elementId: el.id, dueAt: timer.dueAt });
  });
}

/** A timeout listener's timer fell due: it runs beside the task (a cycle fires again later). */
export function fireTaskTimeout(ctx: StepContext, timer: TimerState): void {
  const s = ctx.state;
  if (timer.cycle !== undefined && timer.repeat !== 0) {
    const next = planCycle(timer.cycle, new Date(timer.dueAt), ctx.proc.spec.flavour, timer.repeat! < 0 ? -1 : timer.repeat);
    timer.dueAt = next.dueAt;
    if (next.repeat !== undefined) timer.repeat = next.repeat;
    ctx.effects.push({ type: 'timerCreated', timerId: timer.id, elementId: timer.elementId, dueAt: timer.dueAt });
  } else s.timers.splice(s.timers.indexOf(timer), 1);
  const token = s.tokens.find((t) => t.id === timer.tokenId);
  const el = ctx.element(timer.elementId);
  const l = el.listeners?.[timer.taskListener!];
  if (!token || !l) return;
  runListeners(ctx, token, el, 'timeout', chainOf(el, 'timeout').indexOf(l), false, true);
}

/** Apply what a task listener changed; a new assignee is an `assignment` event of its own. */
export function applyTaskChanges(ctx: StepContext, token: TokenState, el: UserTaskSpec, changes: TaskChanges, during: string): void {
  const task = ctx.state.userTasks.find((t) => t.tokenId === token.id);
  if (!task) return;
  const changed: string[] = [];
  const set = <K extends 'name' | 'assignee' | 'dueDate' | 'followUpDate' | 'description'>(key: K, value: string | null | undefined): void => {
    if (value === undefined || (task[key] ?? null) === value) return;
    if (value === null) delete task[key];
    else task[key] = value;
    changed.push(key);
  };
  set('name', changes.name);
  set('assignee', changes.assignee);
  set('dueDate', changes.dueDate);
  set('followUpDate', changes.followUpDate);
  set('description', changes.description);
  for (const key of ['candidateUsers', 'candidateGroups'] as const) {
    const v = changes[key];
    if (v !== undefined && JSON.stringify(v) !== JSON.stringify(task[key])) {
      task[key] = [...v];
      changed.push(key);
    }
  }
  if (changes.priority !== undefined && changes.priority !== task.priority) {
    task.priority = changes.priority;
    changed.push('priority');
  }
  if (changed.length === 0) return;
  ctx.record('userTask.updated', el.id, { taskId: task.id, fields: changed });
  // A create listener's assignee is announced once the create chain is done (see listenerJobDone).
  if (changed.includes('assignee') && during !== 'assignment' && during !== 'create' && task.assignee !== undefined) taskAssigned(ctx, token, el);
}

/** `assignment` listeners run beside the task whenever it gets an assignee (at creation too). */
export function taskAssigned(ctx: StepContext, token: TokenState, el: UserTaskSpec): void {
  if (hasListeners(el, 'assignment')) runListeners(ctx, token, el, 'assignment', 0, false);
}

/** Someone changed the task through the API (claim, unclaim): `update`, then `assignment` listeners. */
export function taskUpdated(ctx: StepContext, token: TokenState, el: UserTaskSpec, assigneeChanged: boolean): void {
  if (hasListeners(el, 'update')) runListeners(ctx, token, el, 'update', 0, false);
  const task = ctx.state.userTasks.find((t) => t.tokenId === token.id);
  if (assigneeChanged && task?.assignee !== undefined) taskAssigned(ctx, token, el);
}

/** A listener completed its own task: complete listeners (unless they just ran), then the token moves on. */
export function completeTaskFromListener(ctx: StepContext, token: TokenState, el: UserTaskSpec, completeListenersRan: boolean): void {
  const task = ctx.state.userTasks.find((t) => t.tokenId === token.id);
  if (!task || !ctx.state.tokens.includes(token)) return;
  if (!completeListenersRan) {
    if (token.waitingFor !== task.id) return; // being completed already
    ctx.record('userTask.completed', el.id, { taskId: task.id, user: task.assignee ?? null });
    if (hasListeners(el, 'complete') && !runListeners(ctx, token, el, 'complete')) return;
  }
  finishUserTask(ctx, token, el);
}

/**
 * A token is cancelled (boundary event, terminate end, error, interrupting event subprocess, the
 * instance terminated): Camunda calls the delete listeners of its user task and the end listeners of
 * its activity, which learn that it was cancelled. They run detached, with the variables of this moment.
 * Delete listeners also get the reason (DelegateTask.getDeleteReason()).
 */
export function runCancelListeners(ctx: StepContext, token: TokenState, el: ElementSpec, deleteReason: string): void {
  // An activity still waiting for its asyncBefore continuation never started: nothing to tell.
  if (el.asyncBefore && !token.pastAsyncBefore && token.loopInstance === undefined) return;
  const view = ctx.view(token);
  if (el.kind === 'userTask' && hasListeners(el, 'delete')) {
    for (const task of ctx.state.userTasks.filter((t) => t.tokenId === token.id)) {
      runDetachedListeners(ctx, el.id, 'delete', 0, { view, task: { ...task, deleteReason } as UserTaskState, token, ...scopeOf(token) });
    }
  }
  if (hasListeners(el, 'end') && !listenersDone(token, 'end')) {
    runDetachedListeners(ctx, el.id, 'end', 0, { view, cancelled: true, token, ...scopeOf(token) });
  }
}

function scopeOf(token: TokenState): { scopeId?: string } {
  return token.scopeId !== undefined ? { scopeId: token.scopeId } : {};
}
