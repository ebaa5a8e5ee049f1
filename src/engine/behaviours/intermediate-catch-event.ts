import type { IntermediateCatchEventSpec, ReceiveTaskSpec } from '../../spec/types.js';
import { armCatch } from '../event-triggers.js';
import type { EnterBehaviour } from './behaviour.js';

/** Timer, message, signal or conditional catch: the token waits until one of them fires. */
export const enterIntermediateCatchEvent: EnterBehaviour<IntermediateCatchEventSpec> = (ctx, token, el) => {
  // A link catch is reached by a jump from its throw; it only passes the token on.
  if (el.eventDefinitions.some((d) => d.type === 'link')) {
    ctx.complete(token, el);
    return;
  }
  ctx.wait(token);
  armCatch(ctx, token, el, el.eventDefinitions);
};

/** A receive task waits for its message like a message catch event. */
export const enterReceiveTask: EnterBehaviour<ReceiveTaskSpec> = (ctx, token, el) => {
  ctx.wait(token);
  armCatch(ctx, token, el, el.message ? [el.message] : []);
};
