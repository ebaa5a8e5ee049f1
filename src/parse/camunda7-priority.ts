import { literal } from '../expr/index.js';
import type { CompiledExpression } from '../spec/types.js';
import { str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/** What `camunda:jobPriority` / `camunda:taskPriority` give an element or a process. */
export interface PrioritySpec {
  jobPriority?: CompiledExpression;
  taskPriority?: CompiledExpression;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * A priority is an expression (evaluated when the job or external task is created) or a whole number in
 * Java's long range; anything else Camunda refuses at deploy, on any element, even one that never makes
 * a job (JobPrioritizationBpmnConstantValueTest#testFailOnMalformedInput / #testParsePriorityOnNonAsyncActivity).
 * Numbers beyond 2^53 keep their order but not every digit: they become the nearest JavaScript number.
 */
function priority(el: ModdleElement, attr: keyof PrioritySpec, ctx: ParseContext): CompiledExpression | undefined {
  const text = str(el, attr)?.trim();
  if (text === undefined) return undefined;
  if (/[$#]\{/.test(text)) return ctx.expr(text, el);
  if (!/^[+-]?\d+$/.test(text) || BigInt(text) < LONG_MIN || BigInt(text) > LONG_MAX) {
    return ctx.fail(el, `value '${text}' for attribute '${attr}' is not a valid number (a whole number or an expression)`);
  }
  return literal(Number(text), text);
}

/** The priorities an element or process declares, compiled once at deploy. */
export function camunda7Priorities(el: ModdleElement, ctx: ParseContext): PrioritySpec {
  const out: PrioritySpec = {};
  const job = priority(el, 'jobPriority', ctx);
  if (job) out.jobPriority = job;
  const task = priority(el, 'taskPriority', ctx);
  if (task) out.taskPriority = task;
  return out;
}
