import type { GatewaySpec } from '../../spec/types.js';
import type { TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Join: waits for one token per incoming flow (tokens that arrive twice on one flow wait for the next
 * firing, BPMN 2.0 §13.4.2), then one token completes the gateway. Fork: every outgoing flow, conditions
 * ignored (`selectFlows`).
 */
export const enterParallelGateway: EnterBehaviour<GatewaySpec> = (ctx, token, el) => {
  if (el.incoming.length > 1) {
    token.phase = 'joining';
    const arrived: TokenState[] = [];
    for (const flowId of el.incoming) {
      const t = ctx.state.tokens.find(
        (x) => x.phase === 'joining' && x.elementId === el.id && x.scopeId === token.scopeId && x.viaFlowId === flowId,
      );
      if (!t) return;
      arrived.push(t);
    }
    for (const t of arrived) if (t !== token) ctx.consume(t);
  }
  ctx.complete(token, el);
};
