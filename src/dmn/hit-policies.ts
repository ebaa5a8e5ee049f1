import { ExpressionError } from '../errors/index.js';
import { feelEquals } from './feel-literals.js';
import type { CollectAggregator, DmnOutputSpec, HitPolicy, MatchedRule } from './types.js';

export interface HitPolicyTable {
  readonly key: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation?: CollectAggregator;
  readonly outputs: readonly DmnOutputSpec[];
}

/** Whether evaluation may stop at the first matching rule (the other rules cannot change the result). */
export const stopsAtFirstMatch = (policy: HitPolicy): boolean => policy === 'FIRST';

/**
 * DMN 1.3 §8.2.8 hit policies over the rules that fired (in rule order). Error codes are Camunda 7's
 * (DMN-03001 unique violated, DMN-03002 any with different outputs, DMN-03004 non-numeric aggregate),
 * kept in `details.dmnCode` so callers can match them.
 */
export function applyHitPolicy(table: HitPolicyTable, matched: readonly MatchedRule[]): Record<string, unknown>[] {
  switch (table.hitPolicy) {
    case 'UNIQUE':
      if (matched.length > 1) throw hitError(table, 'DMN-03001', `hit policy UNIQUE allows one matching rule, but ${matched.length} matched: ${ids(matched)}`);
      return rows(matched);
    case 'FIRST':
      return rows(matched.slice(0, 1));
    case 'ANY': {
      const first = matched[0];
      if (first && matched.some((m) => !sameOutputs(m.outputs, first.outputs))) {
        throw hitError(table, 'DMN-03002', `hit policy ANY needs the matching rules to have equal outputs: ${ids(matched)}`);
      }
      return rows(matched.slice(0, 1));
    }
    case 'RULE ORDER':
      return rows(matched);
    case 'PRIORITY':
      return rows(byPriority(table, matched).slice(0, 1));
    case 'OUTPUT ORDER':
      return rows(byPriority(table, matched));
    case 'COLLECT': {
      if (!table.aggregation) return rows(matched);
      const row = aggregate(table, table.aggregation, matched);
      return row ? [row] : [];
    }
  }
}

const rows = (matched: readonly MatchedRule[]): Record<string, unknown>[] => matched.map((m) => ({ ...m.outputs }));
const ids = (matched: readonly MatchedRule[]): string => matched.map((m) => m.ruleId).join(', ');

function sameOutputs(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => feelEquals(a[k], b[k]));
}

/** Stable sort by each output's position in its output values list (values not listed rank last). */
function byPriority(table: HitPolicyTable, matched: readonly MatchedRule[]): MatchedRule[] {
  const ranked = table.outputs.filter((o) => o.outputValues && o.outputValues.length > 0);
  const rank = (m: MatchedRule): number[] =>
    ranked.map((o) => {
      const i = (o.outputValues as readonly unknown[]).findIndex((v) => feelEquals(v, m.outputs[o.name]));
      return i === -1 ? Number.MAX_SAFE_INTEGER : i;
    });
  return matched
    .map((m, order) => ({ m, order, key: rank(m) }))
    .sort((x, y) => {
      for (let i = 0; i < x.key.length; i++) if (x.key[i] !== y.key[i]) return (x.key[i] as number) - (y.key[i] as number);
      return x.order - y.order;
    })
    .map((e) => e.m);
}

/**
 * COLLECT with an operator yields one row. As in Camunda 7, each matched rule must yield at most one
 * entry (DMN-03003), and the row is named after that entry (else the first output). COUNT of nothing
 * is 0; SUM/MIN/MAX of nothing is no row at all. Nulls are skipped.
 */
function aggregate(table: HitPolicyTable, op: CollectAggregator, matched: readonly MatchedRule[]): Record<string, unknown> | undefined {
  let name: string | undefined;
  const values: unknown[] = [];
  for (const m of matched) {
    const entries = Object.entries(m.outputs);
    if (entries.length > 1) throw hitError(table, 'DMN-03003', `COLLECT ${op} cannot aggregate rule "${m.ruleId}": it has ${entries.length} output entries`);
    const [entry] = entries;
    if (!entry || entry[1] === null || entry[1] === undefined) continue;
    name ??= entry[0];
    values.push(entry[1]);
  }
  name ??= (table.outputs[0] as DmnOutputSpec).name;
  if (op === 'COUNT') return { [name]: values.length };
  if (values.length === 0) return undefined;
  for (const v of values) {
    if (typeof v !== 'number') throw hitError(table, 'DMN-03004', `COLLECT ${op} needs numbers, got ${JSON.stringify(v)}`);
  }
  const nums = values as number[];
  const result = op === 'SUM' ? nums.reduce((s, n) => s + n, 0) : op === 'MIN' ? Math.min(...nums) : Math.max(...nums);
  return { [name]: result };
}

function hitError(table: HitPolicyTable, dmnCode: string, message: string): ExpressionError {
  return new ExpressionError(`${dmnCode} decision "${table.key}": ${message}`, { elementId: table.key, dmnCode });
}
