import type { StartEventSpec } from '../../spec/types.js';
import type { EnterBehaviour } from './behaviour.js';

/** A start event only hands the new token on; variables were set by the start command. */
export const enterStartEvent: EnterBehaviour<StartEventSpec> = (ctx, token, el) => {
  ctx.complete(token, el);
};
