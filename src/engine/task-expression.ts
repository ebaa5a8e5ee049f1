import type { CompiledExpression } from '../spec/types.js';
import { asElementError } from './element-errors.js';
import { withExecution } from './execution-facade.js';
import type { StepContext } from './step-context.js';
import type { ListenerEvent, TokenState, UserTaskState } from './state.js';

/**
 * Camunda 7 resolves `task` in a task listener's expressions to the DelegateTask, before any variable of
 * that name (`${execution.setVariable('greeting', task.name)}`). Here it is the task's bean properties as
 * plain data: read-only, so a listener expression changes its task only through a handler's `ctx.task`.
 */
function taskBean(ctx: StepContext, task: UserTaskState, event: ListenerEvent): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name ?? null,
    description: task.description ?? ctx.proc.spec.elements[task.elementId]?.documentation ?? null,
    assignee: task.assignee ?? null,
    priority: task.priority ?? 50,
    dueDate: task.dueDate ?? null,
    followUpDate: task.followUpDate ?? null,
    createTime: task.createdAt,
    taskDefinitionKey: task.elementId,
    eventName: event,
    deleteReason: task.deleteReason ?? null,
    processInstanceId: ctx.state.instanceId,
    candidateUsers: [...task.candidateUsers],
    candidateGroups: [...task.candidateGroups],
  };
}

/** A task listener's expression, with `task` beside the variables (and `execution` when it uses it). */
export function evaluateTaskListenerExpression(
  ctx: StepContext,
  expr: CompiledExpression,
  token: TokenState,
  elementId: string,
  event: ListenerEvent,
  task: UserTaskState | undefined,
): unknown {
  if (task === undefined) return ctx.evaluate(expr, token, elementId);
  try {
    const base = expr.usesExecution ? withExecution(ctx, token, elementId) : ctx.view(token);
    return expr.evaluate({ ...base, task: taskBean(ctx, task, event) });
  } catch (e) {
    throw asElementError(e, elementId, ctx.proc.spec);
  }
}
