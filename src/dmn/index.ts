/** DMN: parse `.dmn` files, compile decisions once, evaluate them (Camunda 7 and Camunda 8 flavours). */
export { parseDmn } from './parse-dmn.js';
export { compileDecisions, type CompiledDecision, type CompiledDecisions, type DecisionOutcome } from './compile-decisions.js';
export { evaluateDecision, resultAsVariables } from './evaluate-decision.js';
export { decisionOutput, isDecisionResultMapping, mapDecisionResult } from './decision-result-mapping.js';
export { compileUnaryTests, type CellTest } from './unary-tests.js';
export type * from './types.js';
