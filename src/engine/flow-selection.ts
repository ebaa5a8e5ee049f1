import { ExpressionError } from '../errors/index.js';
import type { ElementSpec } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { TokenState } from './state.js';

/** The flows a completing element takes: its gateway rule, or the activity rule for everything else. */
export function selectFlows(ctx: StepContext, token: TokenState, el: ElementSpec): string[] {
  switch (el.kind) {
    case 'exclusiveGateway':
      return selectExclusive(ctx, token, el);
    case 'inclusiveGateway':
      return selectInclusive(ctx, token, el);
    case 'parallelGateway':
      return [...el.outgoing];
    default:
      return selectActivityFlows(ctx, token, el, el.defaultFlowId);
  }
}

/**
 * Exclusive gateway: the first outgoing flow (document order) whose condition holds wins; a flow without
 * a condition counts as true, as in Camunda 7. No match and no default is an error, like Camunda's
 * "No outgoing sequence flow … could be selected".
 */
function selectExclusive(ctx: StepContext, token: TokenState, el: ElementSpec): string[] {
  for (const flowId of el.outgoing) {
    if (flowId === el.defaultFlowId) continue;
    const cond = ctx.flow(flowId).condition;
    if (!cond || ctx.evaluateCondition(cond, token, el.id)) return [flowId];
  }
  if (el.defaultFlowId !== undefined) return [el.defaultFlowId];
  if (el.outgoing.length === 0) return [];
  throw noFlow(ctx, el);
}

/** Inclusive gateway fork: every flow whose condition holds, else the default. */
function selectInclusive(ctx: StepContext, token: TokenState, el: ElementSpec): string[] {
  const selected: string[] = [];
  for (const flowId of el.outgoing) {
    if (flowId === el.defaultFlowId) continue;
    const cond = ctx.flow(flowId).condition;
    if (!cond || ctx.evaluateCondition(cond, token, el.id)) selected.push(flowId);
  }
  if (selected.length === 0 && el.defaultFlowId !== undefined) selected.push(el.defaultFlowId);
  if (selected.length === 0 && el.outgoing.length > 0) throw noFlow(ctx, el);
  return selected;
}

function noFlow(ctx: StepContext, el: ElementSpec): ExpressionError {
  return new ExpressionError(`no outgoing sequence flow of gateway ${el.id} could be selected`, { elementId: el.id, ...ctx.locationOf(el.id) });
}

/**
 * Outgoing flows of an activity or event (not a gateway): every unconditional flow and every flow
 * whose condition holds; the default flow only when no conditional flow held.
 */
export function selectActivityFlows(ctx: StepContext, token: TokenState, el: ElementSpec, defaultFlowId?: string): string[] {
  const selected: string[] = [];
  let conditionalTaken = false;
  for (const flowId of el.outgoing) {
    if (flowId === defaultFlowId) continue;
    const cond = ctx.flow(flowId).condition;
    if (!cond) selected.push(flowId);
    else if (ctx.evaluateCondition(cond, token, el.id)) {
      selected.push(flowId);
      conditionalTaken = true;
    }
  }
  if (!conditionalTaken && defaultFlowId !== undefined) selected.push(defaultFlowId);
  if (el.outgoing.length > 0 && selected.length === 0) {
    throw new ExpressionError(`no outgoing sequence flow of ${el.id} could be selected`, {
      elementId: el.id,
      ...ctx.locationOf(el.id),
    });
  }
  return selected;
}
