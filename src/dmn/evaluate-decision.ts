import { ExpressionError, NotFoundError } from '../errors/index.js';
import type { VariableView } from '../spec/types.js';
import type { CompiledDecision, CompiledDecisions } from './compile-decisions.js';
import { decisionOutput } from './decision-result-mapping.js';
import type { DecisionResult } from './types.js';

/**
 * Evaluates a decision and, first, every decision it requires (each once, in dependency order). A
 * required decision's result becomes variables for the ones after it, both the Camunda 7 way (one row:
 * each output by name; several rows: each output name holds the list of its values) and the Camunda 8
 * way (the decision id holds its output: a value, a row, or a list).
 */
export function evaluateDecision(compiled: CompiledDecisions, decisionKey: string, variables: VariableView): DecisionResult {
  const target = compiled.decisions.get(decisionKey);
  if (!target) throw new NotFoundError(`no decision "${decisionKey}"`, { elementId: decisionKey, ...(compiled.file ? { file: compiled.file } : {}) });
  if (target.evaluationOrder.length === 1) return run(target, variables, compiled.file);

  let scope: Record<string, unknown> = { ...variables };
  const requiredResults: DecisionResult[] = [];
  for (const key of target.evaluationOrder) {
    if (key === decisionKey) break;
    const result = run(compiled.decisions.get(key) as CompiledDecision, scope, compiled.file);
    requiredResults.push(result);
    scope = { ...scope, ...resultAsVariables(result) };
  }
  return { ...run(target, scope, compiled.file), requiredResults };
}

function run(decision: CompiledDecision, variables: VariableView, file?: string): DecisionResult {
  try {
    return { decisionKey: decision.key, ...decision.evaluate(variables) };
  } catch (e) {
    if (e instanceof ExpressionError && e.details.elementId !== undefined) throw e;
    const reason = e instanceof ExpressionError ? e.reason : (e as Error).message;
    throw new ExpressionError(`decision "${decision.key}" failed: ${reason}`, { elementId: decision.key, ...(file ? { file } : {}) }, { cause: e });
  }
}

export function resultAsVariables(result: DecisionResult): Record<string, unknown> {
  const rows = result.resultList;
  if (rows.length === 0) return {};
  const vars: Record<string, unknown> = {};
  if (rows.length === 1) Object.assign(vars, rows[0]);
  else {
    for (const row of rows) {
      for (const [name, value] of Object.entries(row)) ((vars[name] ??= []) as unknown[]).push(value);
    }
  }
  if (!(result.decisionKey in vars)) vars[result.decisionKey] = decisionOutput(result);
  return vars;
}
