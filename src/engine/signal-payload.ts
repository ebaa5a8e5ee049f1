import type { ElementSpec, SignalDefinition } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { TokenState, Variables } from './state.js';

/**
 * What a thrown Camunda 7 signal carries (`camunda:in` on its definition, CAM-8820): named variables or
 * expression results under a target name, all variables the thrower sees, or with `local="true"` only its
 * own (input-mapped) ones, and a business key for the instances a signal start event creates.
 */
export function signalPayload(ctx: StepContext, token: TokenState, el: ElementSpec, def: SignalDefinition): { variables?: Variables; businessKey?: string } {
  if (!def.payload) return {};
  const view = ctx.view(token);
  const variables: Variables = {};
  let businessKey: string | undefined;
  for (const m of def.payload) {
    if (m.businessKey) {
      const key = ctx.evaluate(m.businessKey, token, el.id);
      if (key !== null && key !== undefined) businessKey = String(key);
    } else if (m.all) Object.assign(variables, m.local ? token.locals : view);
    else if (m.source !== undefined) variables[m.target ?? m.source] = Object.hasOwn(view, m.source) ? view[m.source] : null;
    else if (m.sourceExpression && m.target !== undefined) variables[m.target] = ctx.evaluate(m.sourceExpression, token, el.id);
  }
  return { ...(Object.keys(variables).length > 0 ? { variables } : {}), ...(businessKey !== undefined ? { businessKey } : {}) };
}
