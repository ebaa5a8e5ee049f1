import type { EndEventSpec } from '../../spec/types.js';
import { cancelToken } from '../cancel.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * None end: the token is consumed. Terminate end: every token of the scope goes with it (BPMN 2.0
 * §10.5.3); at process level the instance then completes, it is not TERMINATED (that is the API call).
 */
export const enterEndEvent: EnterBehaviour<EndEventSpec> = (ctx, token, el) => {
  const terminate = el.eventDefinitions.some((d) => d.type === 'terminate');
  ctx.takeFlows(token, el, []);
  if (terminate) {
    for (const other of [...ctx.state.tokens]) {
      if (other.scopeId === token.scopeId) cancelToken(ctx, other);
    }
  }
};
