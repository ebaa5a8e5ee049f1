import type { VariableView } from '../spec/types.js';
import { coerceType, compileInputEntry, compileValue, type ValueFn, type Where } from './dmn-expressions.js';
import { applyHitPolicy, stopsAtFirstMatch } from './hit-policies.js';
import type { DecisionInputValue, DecisionSpec, DecisionTableSpec, DmnDefinitionsSpec, LiteralExpressionSpec, MatchedRule } from './types.js';
import type { CellTest } from './unary-tests.js';

/** What one decision's own logic produced, before required decisions are attached. */
export interface DecisionOutcome {
  readonly resultList: Record<string, unknown>[];
  readonly matchedRules: MatchedRule[];
  readonly inputs: DecisionInputValue[];
  readonly multipleHits: boolean;
}

export interface CompiledDecision {
  readonly key: string;
  readonly name?: string;
  readonly spec: DecisionSpec;
  /** Required decisions first, then this one: the order `evaluateDecision` runs them in. */
  readonly evaluationOrder: readonly string[];
  evaluate(variables: VariableView): DecisionOutcome;
}

export interface CompiledDecisions {
  readonly file?: string;
  readonly decisions: ReadonlyMap<string, CompiledDecision>;
}

/** Compiles every decision of a file once (deploy time); the result is shared by every evaluation. */
export function compileDecisions(spec: DmnDefinitionsSpec): CompiledDecisions {
  const decisions = new Map<string, CompiledDecision>();
  for (const decision of Object.values(spec.decisions)) {
    const where: Where = { elementId: decision.key, ...(spec.file !== undefined ? { file: spec.file } : {}) };
    const evaluate = decision.logic.kind === 'decisionTable' ? compileTable(decision.key, decision.logic, where) : compileLiteral(decision.logic, where);
    decisions.set(decision.key, {
      key: decision.key,
      spec: decision,
      evaluationOrder: evaluationOrder(spec, decision.key),
      evaluate,
      ...(decision.name !== undefined ? { name: decision.name } : {}),
    });
  }
  return { decisions, ...(spec.file !== undefined ? { file: spec.file } : {}) };
}

function compileLiteral(logic: LiteralExpressionSpec, where: Where): (vars: VariableView) => DecisionOutcome {
  const value = compileValue(logic.expression, where);
  const { variableName } = logic;
  const typeRef = logic.expression.typeRef;
  return (vars) => ({ resultList: [{ [variableName]: coerceType(value(vars), typeRef, where.elementId) }], matchedRules: [], inputs: [], multipleHits: false });
}

/**
 * Cells are compiled into one flat array (rule-major) so evaluation is two plain loops over closures;
 * `undefined` marks a `-` cell, skipped without a call. Output entries run only for rules that fired.
 */
function compileTable(key: string, table: DecisionTableSpec, where: Where): (vars: VariableView) => DecisionOutcome {
  const inputExprs: ValueFn[] = table.inputs.map((input) => compileValue(input.expression, { ...where, elementId: input.id }));
  const nIn = table.inputs.length;
  const tests: (CellTest | undefined)[] = [];
  const outputs: ValueFn[][] = [];
  for (const rule of table.rules) {
    rule.inputEntries.forEach((entry, i) => tests.push(compileInputEntry(entry, (table.inputs[i] as DecisionTableSpec['inputs'][number]).inputVariable, { ...where, elementId: rule.id })));
    outputs.push(rule.outputEntries.map((entry) => compileValue(entry, { ...where, elementId: rule.id })));
  }
  const defaults = table.outputs.some((o) => o.defaultOutput)
    ? table.outputs.map((o) => (o.defaultOutput ? compileValue(o.defaultOutput, { ...where, elementId: o.id }) : () => null))
    : undefined;
  const hit = { key, hitPolicy: table.hitPolicy, outputs: table.outputs, ...(table.aggregation ? { aggregation: table.aggregation } : {}) };
  const firstOnly = stopsAtFirstMatch(table.hitPolicy);
  const multipleHits = table.hitPolicy === 'RULE ORDER' || table.hitPolicy === 'OUTPUT ORDER' || (table.hitPolicy === 'COLLECT' && !table.aggregation);
  const rules = table.rules;
  const outSpecs = table.outputs;

  const outputsOf = (r: number, vars: VariableView): Record<string, unknown> => {
    const row: Record<string, unknown> = {};
    const fns = outputs[r] as ValueFn[];
    for (let o = 0; o < fns.length; o++) {
      const spec = outSpecs[o] as DecisionTableSpec['outputs'][number];
      // An empty output cell leaves the entry out of the row (Camunda 7's default), it does not write null.
      if ((rules[r] as DecisionTableSpec['rules'][number]).outputEntries[o]?.text === '') continue;
      row[spec.name] = coerceType((fns[o] as ValueFn)(vars), spec.typeRef, spec.id);
    }
    return row;
  };

  return (vars) => {
    const values: unknown[] = new Array(nIn);
    for (let i = 0; i < nIn; i++) {
      const input = table.inputs[i] as DecisionTableSpec['inputs'][number];
      values[i] = coerceType((inputExprs[i] as ValueFn)(vars), input.expression.typeRef, input.id);
    }
    const matchedRules: MatchedRule[] = [];
    for (let r = 0, cell = 0; r < rules.length; r++, cell += nIn) {
      let ok = true;
      for (let i = 0; i < nIn; i++) {
        const test = tests[cell + i];
        if (test !== undefined && !test(values[i], vars)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      matchedRules.push({ ruleId: (rules[r] as DecisionTableSpec['rules'][number]).id, outputs: outputsOf(r, vars) });
      if (firstOnly) break;
    }
    let resultList: Record<string, unknown>[];
    if (matchedRules.length === 0 && defaults) {
      const row: Record<string, unknown> = {};
      defaults.forEach((fn, o) => (row[(outSpecs[o] as DecisionTableSpec['outputs'][number]).name] = fn(vars)));
      resultList = [row];
    } else resultList = applyHitPolicy(hit, matchedRules);
    const inputs: DecisionInputValue[] = table.inputs.map((input, i) => ({ id: input.id, value: values[i], ...(input.label !== undefined ? { label: input.label } : {}) }));
    return { resultList, matchedRules, inputs, multipleHits };
  };
}

/** Post-order walk of the requirement graph (parseDmn already refused cycles and dangling references). */
function evaluationOrder(spec: DmnDefinitionsSpec, key: string): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (k: string): void => {
    if (seen.has(k)) return;
    seen.add(k);
    for (const req of (spec.decisions[k] as DecisionSpec).requiredDecisions) visit(req);
    order.push(k);
  };
  visit(key);
  return order;
}
