import type { GatewaySpec } from '../../spec/types.js';
import { armDefinition, definitionsOf } from '../event-listeners.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * The token waits at the gateway while every event after it listens; the first to fire takes the
 * token to its event and the others are dropped (see `trigger` in event-triggers.ts).
 */
export const enterEventBasedGateway: EnterBehaviour<GatewaySpec> = (ctx, token, el) => {
  ctx.wait(token);
  const view = ctx.view(token);
  for (const flowId of el.outgoing) {
    const target = ctx.element(ctx.flow(flowId).targetId);
    for (const d of definitionsOf(target)) armDefinition(ctx, target, d, { tokenId: token.id }, view);
  }
};
