import { ExpressionError } from '../../errors/index.js';
import type { GatewaySpec } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Join: a token waits until no other token of its scope sits where it could still reach this gateway
 * (the upstream set computed at deploy); `settleInclusiveJoins` re-checks after every quiet point, since
 * a token ending elsewhere can release the join. Fork: every flow whose condition holds, else default
 * (`selectFlows`).
 */
export const enterInclusiveGateway: EnterBehaviour<GatewaySpec> = (ctx, token, el) => {
  if (el.incoming.length > 1) {
    token.phase = 'joining';
    if (!joinCanFire(ctx, token)) return;
    fire(ctx, token, el);
    return;
  }
  ctx.complete(token, el);
};

function joinCanFire(ctx: StepContext, token: TokenState): boolean {
  const upstream = ctx.proc.inclusiveUpstream.get(token.elementId);
  if (!upstream) return true;
  for (const other of ctx.state.tokens) {
    if (other === token || other.scopeId !== token.scopeId) continue;
    if (other.elementId === token.elementId) {
      // One that has arrived but not yet been entered (or waits in an asyncBefore job) will do this
      // check itself and fire for both.
      if (other.phase !== 'joining') return false;
      continue;
    }
    if (upstream.has(other.elementId)) return false;
  }
  return true;
}

function fire(ctx: StepContext, token: TokenState, el: GatewaySpec): void {
  for (const other of [...ctx.state.tokens]) {
    if (other !== token && other.phase === 'joining' && other.elementId === el.id && other.scopeId === token.scopeId) {
      ctx.consume(other);
    }
  }
  token.phase = 'ready';
  ctx.complete(token, el);
}

/** Fire every waiting inclusive join that nothing can reach any more. Returns true if one fired. */
export function settleInclusiveJoins(ctx: StepContext): boolean {
  if (ctx.proc.inclusiveUpstream.size === 0) return false;
  for (const token of ctx.state.tokens) {
    if (token.phase !== 'joining' || !ctx.proc.inclusiveUpstream.has(token.elementId)) continue;
    if (joinCanFire(ctx, token)) {
      const el = ctx.element(token.elementId) as GatewaySpec;
      try {
        fire(ctx, token, el);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw e;
        ctx.incident(token, el, 'failedExpression', e.reason, 'enter');
      }
      return true;
    }
  }
  return false;
}
