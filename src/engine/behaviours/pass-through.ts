import type { EnterBehaviour } from './behaviour.js';

/** Task, manual task and none intermediate throw event: nothing to do but move on. */
export const enterPassThrough: EnterBehaviour = (ctx, token, el) => {
  ctx.complete(token, el);
};
