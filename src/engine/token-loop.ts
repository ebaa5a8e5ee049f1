import { BpmnRunnerError } from '../errors/index.js';
import type { ElementSpec } from '../spec/types.js';
import { createAsyncJob, waitsBefore } from './async-continuation.js';
import type { StepContext } from './step-context.js';
import type { TokenState } from './state.js';

/** Far above any real flow (a 10,000-round loop enters ~30,000 elements), far below "hangs". */
export const MAX_ENTERS_PER_STEP = 1_000_000;

/** Enter queued tokens until every token rests. Iterative, so a 10,000-round loop uses no stack. */
export function runTokens(
  ctx: StepContext,
  enter: (ctx: StepContext, token: TokenState, el: ElementSpec) => void,
  settleJoins: (ctx: StepContext) => boolean,
): void {
  const queue = ctx.queue;
  let budget = MAX_ENTERS_PER_STEP;
  for (;;) {
    while (queue.length > 0) {
      if (--budget < 0) return stopEndlessLoop(ctx);
      const token = queue.shift()!;
      if (token.phase !== 'ready') continue;
      const el = ctx.element(token.elementId);
      if (waitsBefore(el, token)) {
        ctx.entered(el.id);
        createAsyncJob(ctx, token, el, 'before');
        continue;
      }
      if (!token.pastAsyncBefore && !ctx.reentering?.delete(token)) ctx.entered(el.id);
      try {
        enter(ctx, token, el);
      } catch (e) {
        if (!(e instanceof BpmnRunnerError)) throw e;
        ctx.incident(token, el, 'failedExpression', e.reason, 'enter');
      }
    }
    if (!settleJoins(ctx)) break;
  }
}

/**
 * A flow that never reaches a wait state would hold the caller (and the event loop) forever: after
 * the budget, every token still on the move gets an incident instead; retrying one moves it on.
 */
function stopEndlessLoop(ctx: StepContext): void {
  const message = `more than ${MAX_ENTERS_PER_STEP} elements entered without reaching a wait state; is this a loop without an exit?`;
  for (const token of ctx.queue.splice(0)) {
    if (token.phase === 'ready') ctx.incident(token, ctx.element(token.elementId), 'unhandled', message, 'enter');
  }
}
