import { ExpressionError } from '../errors/index.js';
import type { ElementSpec } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { TokenState } from './state.js';

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
