import { ExpressionError } from '../errors/index.js';
import { guarded } from './juel-semantics.js';
import { hasOwn } from './limits.js';

/**
 * The `execution` object of Camunda 7 expressions (DelegateExecution), reduced to the calls that
 * modelled listeners and mappings actually use. Only these names ever reach the facade the engine puts
 * into the variables view, so an uploaded diagram cannot call anything else on it.
 */
export const EXECUTION_IDENTIFIER = 'execution';

/** Method name → number of arguments. Camunda's overloads (e.g. `setVariable(name, value, activityId)`) are left out. */
export const EXECUTION_METHODS: ReadonlyMap<string, number> = new Map([
  ['getVariable', 1],
  ['getVariableLocal', 1],
  ['setVariable', 2],
  ['setVariableLocal', 2],
  ['hasVariable', 1],
  ['getVariables', 0],
  ['getProcessInstanceId', 0],
  ['getProcessBusinessKey', 0],
  ['getBusinessKey', 0],
  ['getActivityId', 0],
  ['getCurrentActivityId', 0],
  ['getEventName', 0],
  ['getId', 0],
]);

/** JUEL's bean-property rule: `execution.x` reads `getX()`. */
export const EXECUTION_PROPERTIES: ReadonlyMap<string, string> = new Map([
  ['processBusinessKey', 'getProcessBusinessKey'],
  ['businessKey', 'getBusinessKey'],
  ['processInstanceId', 'getProcessInstanceId'],
  ['activityId', 'getActivityId'],
  ['currentActivityId', 'getCurrentActivityId'],
  ['eventName', 'getEventName'],
  ['id', 'getId'],
]);

/**
 * Calls a whitelisted method on `vars.execution` with exactly the evaluated arguments. A missing facade
 * means the engine did not provide one for this evaluation (e.g. a context with no execution), which is
 * the modeller's error to see, not a silent null. A method's `undefined` (setVariable) is JUEL's null.
 */
export function callExecution(vars: unknown, method: unknown, ...args: unknown[]): unknown {
  const name = String(method);
  if (!EXECUTION_METHODS.has(name)) {
    throw new ExpressionError(`method '${name}' is not allowed on execution`);
  }
  const facade =
    vars !== null && typeof vars === 'object' && hasOwn(vars, EXECUTION_IDENTIFIER)
      ? (vars as Record<string, unknown>)[EXECUTION_IDENTIFIER]
      : undefined;
  const fn = facade !== null && typeof facade === 'object' ? (facade as Record<string, unknown>)[name] : undefined;
  if (typeof fn !== 'function') {
    throw new ExpressionError(`execution is not available here (cannot call execution.${name}())`);
  }
  return guarded(Reflect.apply(fn, facade, args));
}
