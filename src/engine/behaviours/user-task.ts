import { ExpressionError } from '../../errors/index.js';
import type { CompiledExpression, UserTaskSpec } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { TokenState, UserTaskState } from '../state.js';
import { hasListeners, runListeners } from '../listeners.js';
import { armTimeoutListeners, taskAssigned } from '../task-listeners.js';
import { addDuration } from '../timer-schedule.js';
import type { EnterBehaviour } from './behaviour.js';

/** Creates the task record people query and complete; the token waits on it. */
export const enterUserTask: EnterBehaviour<UserTaskSpec> = (ctx, token, el) => {
  const a = el.assignment;
  const task: UserTaskState = {
    id: ctx.newId('ut'),
    elementId: el.id,
    tokenId: token.id,
    candidateUsers: list(ctx, token, el, a.candidateUsers),
    candidateGroups: list(ctx, token, el, a.candidateGroups),
    createdAt: ctx.now,
  };
  if (a.name) task.name = String(ctx.evaluate(a.name, token, el.id));
  else if (el.name !== undefined) task.name = el.name;
  const assignee = single(ctx, token, el, a.assignee);
  if (assignee !== undefined) task.assignee = assignee;
  const due = date(ctx, token, el, a.dueDate);
  if (due !== undefined) task.dueDate = due;
  const followUp = date(ctx, token, el, a.followUpDate);
  if (followUp !== undefined) task.followUpDate = followUp;
  if (a.priority) {
    const p = Number(ctx.evaluate(a.priority, token, el.id));
    if (!Number.isFinite(p)) throw new ExpressionError(`priority of ${el.id} is not a number`, { elementId: el.id });
    task.priority = p;
  } else if (ctx.proc.spec.flavour === 'camunda7') task.priority = 50; // Camunda 7's default
  ctx.state.userTasks.push(task);
  ctx.wait(token, task.id);
  ctx.effects.push({ type: 'userTaskCreated', taskId: task.id, elementId: el.id });
  ctx.record('userTask.created', el.id, { taskId: task.id });
  // Create listeners run beside the waiting task; the token keeps waiting for the task itself.
  const created = !hasListeners(el, 'create') || runListeners(ctx, token, el, 'create', 0, false);
  // Assignment listeners follow the create chain (when it waits for jobs, listenerJobDone runs them).
  if (created && task.assignee !== undefined) taskAssigned(ctx, token, el);
  armTimeoutListeners(ctx, token, el);
};

function single(ctx: StepContext, token: TokenState, el: UserTaskSpec, e?: CompiledExpression): string | undefined {
  if (!e) return undefined;
  const v = ctx.evaluate(e, token, el.id);
  if (v === null || v === undefined || v === '') return undefined;
  return String(v);
}

/** Candidate lists are "a, b" text, an expression giving a list, or a mix; both Camundas accept all. */
function list(ctx: StepContext, token: TokenState, el: UserTaskSpec, e?: CompiledExpression): string[] {
  if (!e) return [];
  const v = ctx.evaluate(e, token, el.id);
  const items = Array.isArray(v) ? v : v === null || v === undefined ? [] : String(v).split(',');
  return items.map((x) => String(x).trim()).filter((x) => x !== '');
}

function date(ctx: StepContext, token: TokenState, el: UserTaskSpec, e?: CompiledExpression): string | undefined {
  const v = single(ctx, token, el, e);
  if (v === undefined) return undefined;
  // Camunda accepts a duration too, counted from the task's creation.
  const d = /^P/.test(v) ? addDuration(new Date(ctx.now), v) : new Date(v);
  if (Number.isNaN(d.getTime())) {
    throw new ExpressionError(`date ${JSON.stringify(v)} of ${el.id} is not an ISO 8601 date`, { elementId: el.id });
  }
  return d.toISOString();
}

/** The task leaves the list (after its complete listeners) and the token moves on. */
export function finishUserTask(ctx: StepContext, token: TokenState, el: UserTaskSpec): void {
  const s = ctx.state;
  const i = s.userTasks.findIndex((t) => t.tokenId === token.id);
  if (i >= 0) {
    const task = s.userTasks[i]!;
    s.userTasks.splice(i, 1);
    ctx.effects.push({ type: 'userTaskCompleted', taskId: task.id, elementId: el.id });
  }
  ctx.complete(token, el);
}
