import { ExpressionError } from '../errors/index.js';
import type { DecisionResult, DecisionResultMapping } from './types.js';

/**
 * Camunda 7 `camunda:mapDecisionResult` (Camunda's DmnDecisionResult getters): the value a business
 * rule task stores in its `camunda:resultVariable`. A result that does not fit the mode is an error
 * (Camunda: ENGINE-22001/DMN-01008/DMN-01010), never a silent truncation.
 */
export function mapDecisionResult(result: DecisionResult, mode: DecisionResultMapping = 'resultList'): unknown {
  const rows = result.resultList;
  switch (mode) {
    case 'resultList':
      return rows.map((r) => ({ ...r }));
    case 'singleResult':
      if (rows.length > 1) throw mappingError(result, mode, `${rows.length} rows`);
      return rows.length === 0 ? null : { ...rows[0] };
    case 'singleEntry': {
      if (rows.length > 1) throw mappingError(result, mode, `${rows.length} rows`);
      const row = rows[0];
      if (!row) return null;
      const values = Object.values(row);
      if (values.length > 1) throw mappingError(result, mode, `a row with ${values.length} entries`);
      return values.length === 0 ? null : values[0];
    }
    case 'collectEntries':
      return rows.map((row) => {
        const values = Object.values(row);
        if (values.length > 1) throw mappingError(result, mode, `a row with ${values.length} entries`);
        return values.length === 0 ? null : values[0];
      });
  }
}

/**
 * The decision's output as Camunda 8 (dmn-scala) hands it to `zeebe:calledDecision resultVariable`: a
 * single-hit table gives the value of its one output, or a context of its outputs, or null when nothing
 * matched; a multiple-hit table gives a list of those, empty when nothing matched; a literal expression
 * gives its value.
 */
export function decisionOutput(result: DecisionResult): unknown {
  const one = (row: Record<string, unknown>): unknown => {
    const keys = Object.keys(row);
    return keys.length === 1 ? row[keys[0] as string] : { ...row };
  };
  if (result.multipleHits) return result.resultList.map(one);
  const row = result.resultList[0];
  return row === undefined ? null : one(row);
}

export function isDecisionResultMapping(text: string): text is DecisionResultMapping {
  return text === 'singleEntry' || text === 'singleResult' || text === 'collectEntries' || text === 'resultList';
}

function mappingError(result: DecisionResult, mode: string, got: string): ExpressionError {
  return new ExpressionError(`decision "${result.decisionKey}" returned ${got}; mapDecisionResult="${mode}" needs one`, {
    elementId: result.decisionKey,
    dmnCode: mode === 'collectEntries' ? 'DMN-01010' : 'DMN-01008',
  });
}
