import type { GatewaySpec } from '../../spec/types.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Nothing to wait for: the gateway completes at once and `selectFlows` picks the one flow it takes (so
 * end listeners and `asyncAfter` apply to it as to any activity).
 */
export const enterExclusiveGateway: EnterBehaviour<GatewaySpec> = (ctx, token, el) => {
  ctx.complete(token, el);
};
