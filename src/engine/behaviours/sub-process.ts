import type { SubProcessSpec } from '../../spec/types.js';
import { openScope } from '../scopes.js';
import type { EnterBehaviour } from './behaviour.js';

/** Embedded subprocess: the token waits at it while a scope of its own runs the inside. */
export const enterSubProcess: EnterBehaviour<SubProcessSpec> = (ctx, token, el) => {
  openScope(ctx, token, el.id);
};
