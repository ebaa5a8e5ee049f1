/**
 * DMN spec graph: what `parseDmn` reads from a `.dmn` file, as plain immutable data (expression texts,
 * not closures), so a deployment can be hashed, stored and compiled again. `compileDecisions` turns it
 * into closures once; `evaluateDecision` only runs those.
 */

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type CollectAggregator = 'SUM' | 'MIN' | 'MAX' | 'COUNT';
/** Languages we can evaluate; anything else (groovy, javascript, python) is rejected at parse. */
export type DmnExpressionLanguage = 'feel' | 'juel';

export interface DmnLocation {
  readonly line?: number;
  readonly column?: number;
}

export interface DmnExpressionSpec extends DmnLocation {
  readonly id?: string;
  /** Trimmed text; '' for an empty cell. */
  readonly text: string;
  readonly language: DmnExpressionLanguage;
  readonly typeRef?: string;
}

export interface DmnInputSpec extends DmnLocation {
  readonly id: string;
  readonly label?: string;
  readonly expression: DmnExpressionSpec;
  /** `camunda:inputVariable`: the name the cell value has inside non-FEEL entries (default `cellInput`). */
  readonly inputVariable: string;
}

export interface DmnOutputSpec extends DmnLocation {
  readonly id: string;
  readonly label?: string;
  /** Key in each result row; a single unnamed output gets '' (Camunda 7 allows that for one output). */
  readonly name: string;
  readonly typeRef?: string;
  /** `outputValues`, in priority order (PRIORITY and OUTPUT ORDER rank by them). */
  readonly outputValues?: readonly unknown[];
  /** DMN 1.3 `defaultOutputEntry`: the value when no rule matched. */
  readonly defaultOutput?: DmnExpressionSpec;
}

export interface DmnRuleSpec extends DmnLocation {
  readonly id: string;
  readonly inputEntries: readonly DmnExpressionSpec[];
  readonly outputEntries: readonly DmnExpressionSpec[];
}

export interface DecisionTableSpec {
  readonly kind: 'decisionTable';
  readonly id?: string;
  readonly hitPolicy: HitPolicy;
  readonly aggregation?: CollectAggregator;
  readonly inputs: readonly DmnInputSpec[];
  readonly outputs: readonly DmnOutputSpec[];
  readonly rules: readonly DmnRuleSpec[];
}

export interface LiteralExpressionSpec {
  readonly kind: 'literalExpression';
  readonly id?: string;
  /** The `variable` name the value is returned under (defaults to the decision id). */
  readonly variableName: string;
  readonly expression: DmnExpressionSpec;
}

export interface DecisionSpec extends DmnLocation {
  /** The decision id: the key business rule tasks and `evaluateDecision` call it by. */
  readonly key: string;
  readonly name?: string;
  readonly versionTag?: string;
  readonly historyTimeToLive?: string;
  /** Keys of required decisions, in document order. */
  readonly requiredDecisions: readonly string[];
  readonly logic: DecisionTableSpec | LiteralExpressionSpec;
}

export interface DmnDefinitionsSpec {
  readonly id: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly file?: string;
  /** Decisions keyed by id, in document order. */
  readonly decisions: Readonly<Record<string, DecisionSpec>>;
}

export interface DecisionInputValue {
  readonly id: string;
  readonly label?: string;
  readonly value: unknown;
}

export interface MatchedRule {
  readonly ruleId: string;
  readonly outputs: Readonly<Record<string, unknown>>;
}

export interface DecisionResult {
  readonly decisionKey: string;
  /** Camunda's DmnDecisionResult: one row per hit after the hit policy (one aggregated row for COLLECT+op). */
  readonly resultList: Record<string, unknown>[];
  /** Every rule that fired, in rule order, before aggregation (for history and audit); FIRST stops at the first. */
  readonly matchedRules: MatchedRule[];
  /** True for COLLECT (without operator), RULE ORDER and OUTPUT ORDER: the output is a list even with one row. */
  readonly multipleHits: boolean;
  /** The input values the table compared (empty for literal expressions). */
  readonly inputs: DecisionInputValue[];
  /** Results of the required decisions evaluated first, in evaluation order. */
  readonly requiredResults?: DecisionResult[];
}

/** Camunda 7 `camunda:mapDecisionResult` modes; `resultList` is Camunda's default. */
export type DecisionResultMapping = 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList';
