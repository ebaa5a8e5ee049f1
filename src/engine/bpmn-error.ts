import type { ElementSpec } from '../spec/types.js';
import { cancelToken } from './cancel.js';
import type { StepContext } from './step-context.js';
import type { TokenState, Variables } from './state.js';

/**
 * A BPMN error thrown at `el`. With no error boundary or error event subprocess to catch it (those
 * arrive with the events work), it reaches the top of the process: the instance FAILS with the code,
 * as API.md defines, and every other token is cancelled.
 */
export function throwBpmnError(
  ctx: StepContext,
  token: TokenState,
  el: ElementSpec,
  code: string,
  message: string | undefined,
  variables: Variables | undefined,
): void {
  if (variables) ctx.setResult(token, el, variables);
  ctx.record('error.thrown', el.id, { code, ...(message !== undefined ? { message } : {}) });
  for (const t of [...ctx.state.tokens]) cancelToken(ctx, t);
  const failure: { code: string; message?: string; elementId?: string } = { code, elementId: el.id };
  if (message !== undefined) failure.message = message;
  ctx.state.failure = failure;
  ctx.state.status = 'FAILED';
}
