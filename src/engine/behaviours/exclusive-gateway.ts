import { ExpressionError } from '../../errors/index.js';
import type { GatewaySpec } from '../../spec/types.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * The first outgoing flow (document order) whose condition holds wins; a flow without a condition
 * counts as true, as in Camunda 7. No match and no default is an incident, like Camunda's
 * "No outgoing sequence flow … could be selected".
 */
export const enterExclusiveGateway: EnterBehaviour<GatewaySpec> = (ctx, token, el) => {
  for (const flowId of el.outgoing) {
    if (flowId === el.defaultFlowId) continue;
    const cond = ctx.flow(flowId).condition;
    if (!cond || ctx.evaluateCondition(cond, token, el.id)) {
      ctx.takeFlows(token, el, [flowId]);
      return;
    }
  }
  if (el.defaultFlowId !== undefined) {
    ctx.takeFlows(token, el, [el.defaultFlowId]);
    return;
  }
  if (el.outgoing.length === 0) {
    ctx.takeFlows(token, el, []);
    return;
  }
  throw new ExpressionError(`no outgoing sequence flow of gateway ${el.id} could be selected`, {
    elementId: el.id,
    ...ctx.locationOf(el.id),
  });
};
