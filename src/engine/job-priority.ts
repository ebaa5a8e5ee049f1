import { ExpressionError } from '../errors/index.js';
import type { CompiledExpression, ElementSpec, VariableView } from '../spec/types.js';
import { asElementError } from './element-errors.js';
import type { StepContext } from './step-context.js';
import type { TokenState } from './state.js';

/*
 * Camunda 7 job priorities (`camunda:jobPriority`, and `camunda:taskPriority` for external tasks): the
 * element's own value, else the process's, else 0. A subprocess's value is its own, not its children's
 * default. Expressions are evaluated when the job is created, in the scope of the token that creates it;
 * the value must be an integral number in Java's long range (Camunda: "Short, Integer, or Long").
 */

const LONG_LIMIT = 2 ** 63;

type PriorityAttr = 'jobPriority' | 'taskPriority';

/** Where an expression is evaluated: the token's scope (with `execution`), or a plain view (scope-owned timers). */
export type PriorityScope = { token: TokenState } | { view: VariableView };

/** The declared priority expression of `el` (or of its process) for `attr`, if any. */
export function priorityExpression(ctx: StepContext, el: ElementSpec, attr: PriorityAttr = 'jobPriority'): CompiledExpression | undefined {
  return el[attr] ?? ctx.proc.spec[attr];
}

/** The priority of a job `el` creates now; 0 when neither the element nor the process declares one. */
export function priorityOf(ctx: StepContext, el: ElementSpec, scope: PriorityScope, attr: PriorityAttr = 'jobPriority'): number {
  const expr = priorityExpression(ctx, el, attr);
  if (expr === undefined) return 0;
  let value: unknown;
  try {
    value = 'token' in scope ? ctx.evaluate(expr, scope.token, el.id) : expr.evaluate(scope.view);
  } catch (e) {
    throw asElementError(e, el.id, ctx.proc.spec);
  }
  return checkedPriority(value, `${attr} of ${el.id}`, el.id, ctx);
}

/** A job or external task's priority as Camunda accepts it: an integral number, else a typed error. */
export function checkedPriority(value: unknown, what: string, elementId?: string, ctx?: StepContext): number {
  const where = elementId !== undefined ? { elementId, ...ctx?.locationOf(elementId) } : {};
  if (typeof value !== 'number') {
    throw new ExpressionError(`${what}: priority value is not an integer (got ${value === null ? 'null' : typeof value})`, where);
  }
  if (!Number.isInteger(value) || value >= LONG_LIMIT || value < -LONG_LIMIT) {
    throw new ExpressionError(`${what}: priority value must be a whole number in the long range (got ${value})`, where);
  }
  return value;
}

/** Snapshots stay small: a record carries `priority` only when it is not the default 0. */
export function setPriority(record: { priority?: number }, priority: number): void {
  if (priority !== 0) record.priority = priority;
}
