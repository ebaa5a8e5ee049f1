import type { ElementSpec } from '../spec/types.js';
import { withExecution } from './execution-facade.js';
import { propagate, viewOf } from './scope-variables.js';
import { asElementError } from './element-errors.js';
import type { StepContext } from './step-context.js';
import type { TokenState, Variables } from './state.js';

/**
 * Input mappings make an activity's locals when it is entered; output mappings carry values out to
 * its scope when it completes (\`camunda:inputOutput\`, \`zeebe:ioMapping\`).
 */
export function applyInputs(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  const inputs = el.io?.inputs;
  if (!inputs || inputs.length === 0) return;
  const locals: Variables = {};
  for (const p of inputs) {
    // Later inputs may read earlier ones, as in both Camunda versions.
    const view = p.value.usesExecution ? { ...withExecution(ctx, token, el.id), ...locals } : viewOf(ctx.state, token.scopeId, locals);
    try {
      locals[p.target] = p.value.evaluate(view);
    } catch (e) {
      throw asElementError(e, el.id, ctx.proc.spec);
    }
  }
  token.locals = locals;
}

export function applyOutputs(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  const outputs = el.io?.outputs;
  if (!outputs || outputs.length === 0) return;
  const values: Variables = {};
  for (const p of outputs) values[p.target] = ctx.evaluate(p.value, token, el.id);
  propagate(ctx.state, token.scopeId, values);
}
