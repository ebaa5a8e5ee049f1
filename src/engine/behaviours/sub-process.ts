import type { SubProcessSpec } from '../../spec/types.js';
import { openScope } from '../scopes.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Embedded subprocess: the token waits at it while a scope of its own runs the inside. An event
 * subprocess (entered when its start event fired) begins at that start event, its only one.
 */
export const enterSubProcess: EnterBehaviour<SubProcessSpec> = (ctx, token, el) => {
  const start = el.triggeredByEvent ? el.childIds.find((id) => ctx.element(id).kind === 'startEvent') : undefined;
  openScope(ctx, token, el.id, start !== undefined ? [start] : undefined);
};
