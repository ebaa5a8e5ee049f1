import { ExpressionError } from '../errors/index.js';
import type { ElementSpec, EventDefinition, VariableView } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { SubscriptionState, TimerState } from './state.js';
import { planTimer } from './timer-schedule.js';
import { priorityExpression, priorityOf, setPriority } from './job-priority.js';
import type { PriorityScope } from './job-priority.js';

/** Who a listener belongs to: a waiting token (catch event, boundary host, event gateway) or a scope. */
export interface ListenerOwner {
  tokenId?: string;
  scopeId?: string;
}

/**
 * Arm one event definition of `el` as a timer or subscription. Errors, escalations, links and the
 * like are not armed: they are found when thrown. Expressions (timer values, message names,
 * correlation keys) are evaluated now, in `view`.
 */
export function armDefinition(ctx: StepContext, el: ElementSpec, def: EventDefinition, owner: ListenerOwner, view: VariableView): void {
  const evaluate = (e: { evaluate(v: VariableView): unknown; source: string }): unknown => {
    try {
      return e.evaluate(view);
    } catch (err) {
      throw new ExpressionError(err instanceof Error ? err.message : String(err), { elementId: el.id, ...ctx.locationOf(el.id) });
    }
  };
  switch (def.type) {
    case 'timer': {
      let plan;
      try {
        plan = planTimer(def, ctx.now, ctx.proc.spec.flavour, evaluate);
      } catch (err) {
        throw new ExpressionError(err instanceof Error ? err.message : String(err), { elementId: el.id, ...ctx.locationOf(el.id) });
      }
      const timer: TimerState = { id: ctx.newId('tm'), elementId: el.id, dueAt: plan.dueAt };
      if (plan.repeat !== undefined) timer.repeat = plan.repeat;
      if (plan.cycle !== undefined) timer.cycle = plan.cycle;
      if (priorityExpression(ctx, el)) setPriority(timer, priorityOf(ctx, el, priorityScope(ctx, owner, view)));
      setOwner(timer, owner);
      ctx.state.timers.push(timer);
      ctx.effects.push({ type: 'timerCreated', timerId: timer.id, elementId: el.id, dueAt: timer.dueAt });
      return;
    }
    case 'message':
    case 'signal': {
      const nameExpr = def.type === 'message' ? def.messageName : def.signalName;
      if (!nameExpr) throw new ExpressionError(`${def.type} event ${el.id} has no ${def.type} name`, { elementId: el.id, ...ctx.locationOf(el.id) });
      const name = String(evaluate(nameExpr));
      const sub: SubscriptionState = { id: ctx.newId(def.type === 'message' ? 'm' : 'g'), kind: def.type, name, elementId: el.id };
      if (def.type === 'message') {
        // Camunda 8 correlates on the subscription's key; Camunda 7 on the business key.
        const key = def.correlationKey ? evaluate(def.correlationKey) : ctx.state.businessKey;
        if (key !== undefined && key !== null) sub.correlationKey = String(key);
      }
      setOwner(sub, owner);
      ctx.state.subscriptions.push(sub);
      return;
    }
    case 'conditional': {
      // No `satisfied` yet: the condition is evaluated once when the step settles (Camunda's default evaluation).
      const sub: SubscriptionState = { id: ctx.newId('c'), kind: 'conditional', name: '', elementId: el.id };
      setOwner(sub, owner);
      ctx.state.subscriptions.push(sub);
      return;
    }
    default:
      return;
  }
}

/** A timer's priority sees what its owner sees: the waiting token (with `execution`), else the scope's view. */
export function priorityScope(ctx: StepContext, owner: ListenerOwner, view: VariableView): PriorityScope {
  const token = owner.tokenId !== undefined ? ctx.state.tokens.find((t) => t.id === owner.tokenId) : undefined;
  return token ? { token } : { view };
}

function setOwner(x: { tokenId?: string; scopeId?: string }, owner: ListenerOwner): void {
  if (owner.tokenId !== undefined) x.tokenId = owner.tokenId;
  if (owner.scopeId !== undefined) x.scopeId = owner.scopeId;
}

export function definitionsOf(el: ElementSpec): readonly EventDefinition[] {
  if ('eventDefinitions' in el) return el.eventDefinitions;
  if (el.kind === 'receiveTask' && el.message) return [el.message];
  return [];
}

/** Arm the boundary events of an activity a token has just entered. */
export function armBoundaries(ctx: StepContext, el: ElementSpec, tokenId: string, view: VariableView): void {
  for (const id of el.boundaryEventIds ?? []) {
    const b = ctx.element(id);
    for (const d of definitionsOf(b)) armDefinition(ctx, b, d, { tokenId }, view);
  }
}

/** Arm the start events of the event subprocesses of a scope (`scopeId` undefined = the process). */
export function armEventSubProcesses(ctx: StepContext, scopeElementId: string, scopeId: string | undefined, view: VariableView): void {
  for (const espId of ctx.proc.scopes.get(scopeElementId)?.eventSubProcessIds ?? []) {
    const esp = ctx.element(espId);
    if (esp.kind !== 'subProcess') continue;
    for (const childId of esp.childIds) {
      const start = ctx.element(childId);
      if (start.kind !== 'startEvent') continue;
      for (const d of start.eventDefinitions) armDefinition(ctx, start, d, scopeId !== undefined ? { scopeId } : {}, view);
    }
  }
}
