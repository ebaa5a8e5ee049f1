import type { EndEventSpec } from '../../spec/types.js';
import { throwBpmnError } from '../bpmn-error.js';
import { cancelToken } from '../cancel.js';
import { startCompensation } from '../compensation.js';
import { cancelTransaction } from '../scopes.js';
import { emitThrow } from './intermediate-throw-event.js';
import { hasListeners } from '../listeners.js';
import { runService, serviceOf } from './service-task.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * None end: the token is consumed. Error end: the error looks for a catcher before the token goes, so
 * the scope never looks finished. Terminate end: every token of the scope goes with it (BPMN 2.0
 * §10.5.3); at process level the instance then completes, it is not TERMINATED (that is the API call).
 */
export const enterEndEvent: EnterBehaviour<EndEventSpec> = (ctx, token, el) => {
  const error = el.eventDefinitions.find((d) => d.type === 'error');
  if (error && error.type === 'error') {
    const message = error.errorMessageExpression ? String(ctx.evaluate(error.errorMessageExpression, token, el.id)) : error.errorMessage;
    throwBpmnError(ctx, token, el, error.errorCode ?? '', message, undefined);
    if (ctx.state.tokens.includes(token)) cancelToken(ctx, token);
    return;
  }
  const comp = el.eventDefinitions.find((d) => d.type === 'compensate' || d.type === 'cancel');
  if (comp) {
    const then = comp.type === 'cancel' ? 'cancelTransaction' : 'continue';
    if (startCompensation(ctx, token, el, comp.type === 'compensate' ? comp.activityRef : undefined, then)) return;
    if (then === 'cancelTransaction') {
      cancelTransaction(ctx, token);
      return;
    }
  }
  const delegate = serviceOf(el);
  if (delegate) return runService(ctx, token, el, delegate);
  for (const def of el.eventDefinitions) {
    emitThrow(ctx, token, el, def);
    if (!ctx.state.tokens.includes(token)) return;
  }
  const terminate = el.eventDefinitions.some((d) => d.type === 'terminate');
  if (hasListeners(el, 'end')) {
    // The end event's own end listeners run when it completes (after a terminate has cleared its scope).
    if (terminate) for (const other of [...ctx.state.tokens]) if (other !== token && other.scopeId === token.scopeId) cancelToken(ctx, other);
    ctx.complete(token, el);
    return;
  }
  ctx.takeFlows(token, el, []);
  if (terminate) {
    for (const other of [...ctx.state.tokens]) {
      if (other.scopeId === token.scopeId) cancelToken(ctx, other);
    }
  }
};
