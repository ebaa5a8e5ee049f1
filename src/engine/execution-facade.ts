import type { VariableView } from '../spec/types.js';
import { setOnToken } from './scope-variables.js';
import type { StepContext } from './step-context.js';
import type { TokenState } from './state.js';
import { isForbiddenName, toJsonVariables } from './variable-values.js';

/**
 * The `execution` object Camunda 7 expressions call (`${execution.setVariable('ok', true)}`): a small
 * facade over the token's variables. Writes go where a handler's result would (nearest scope holding
 * the name, else the process), and are checked like any other variable.
 */
export function withExecution(ctx: StepContext, token: TokenState, elementId: string): VariableView {
  const view = ctx.view(token);
  const set = (local: boolean) => (name: unknown, value: unknown): void => {
    const key = String(name);
    if (isForbiddenName(key)) throw new Error(`"${key}" is not allowed as a variable name`);
    const checked = toJsonVariables({ [key]: value === undefined ? null : value });
    if (!checked.ok) throw new Error(checked.errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    if (local) token.locals = { ...token.locals, ...checked.value };
    else setOnToken(ctx.state, token, checked.value);
  };
  const current = (): VariableView => ctx.view(token);
  const facade = {
    getVariable: (name: unknown) => current()[String(name)] ?? null,
    getVariableLocal: (name: unknown) => token.locals?.[String(name)] ?? null,
    setVariable: set(false),
    setVariableLocal: set(true),
    hasVariable: (name: unknown) => Object.hasOwn(current(), String(name)),
    getVariables: () => ({ ...current() }),
    getProcessInstanceId: () => ctx.state.instanceId,
    getProcessBusinessKey: () => ctx.state.businessKey ?? null,
    getBusinessKey: () => ctx.state.businessKey ?? null,
    getActivityId: () => elementId,
    getCurrentActivityId: () => elementId,
    getEventName: () => null,
    getId: () => executionId(ctx, token, elementId),
  };
  return { ...view, execution: facade };
}

/**
 * Camunda 7 runs a lone path of the process scope on the process instance's own execution, so there
 * `execution.id` is the instance id (ScriptTaskTest#testSetScriptResultToProcessVariable); concurrent
 * paths, embedded scopes and activities that are scopes themselves (io mappings, boundary events,
 * multi-instance) get executions of their own: the token id stands for those.
 */
function executionId(ctx: StepContext, token: TokenState, elementId: string): string {
  if (token.scopeId !== undefined || token.loopInstance !== undefined) return token.id;
  const el = ctx.proc.spec.elements[elementId];
  if (el && (el.io || el.boundaryEventIds?.length || el.loop)) return token.id;
  for (const other of ctx.state.tokens) if (other !== token && other.scopeId === undefined) return token.id;
  return ctx.state.instanceId;
}
