import type { CallMapping, CompiledExpression, ServiceSpec } from './types.js';
import type { RetrySpec } from './types.js';

/** Event definitions and loop characteristics of the spec graph (re-exported from `types.ts`). */

// ---- event definitions ------------------------------------------------------------------------------

export interface TimerDefinition {
  readonly type: 'timer';
  readonly timeDate?: CompiledExpression;
  readonly timeDuration?: CompiledExpression;
  readonly timeCycle?: CompiledExpression;
}
export interface MessageDefinition {
  readonly type: 'message';
  /** The message name (may be an expression in C8). */
  readonly messageName?: CompiledExpression;
  readonly correlationKey?: CompiledExpression;
  /**
   * Camunda 7 `camunda:class` / `delegateExpression` / `expression` / `type` on the message definition of
   * a throw or end event: the event does its work like a service task instead of publishing a message.
   */
  readonly service?: ServiceSpec;
}
export interface SignalDefinition {
  readonly type: 'signal';
  readonly signalName?: CompiledExpression;
  /** Camunda 7 `camunda:in` on a thrown signal: the variables (and business key) it carries. */
  readonly payload?: readonly CallMapping[];
  /** Camunda 7 `camunda:async="true"` on a thrown signal: each receiver gets it through a job. */
  readonly async?: boolean;
}
export interface ErrorDefinition {
  readonly type: 'error';
  /** Undefined = catch-all (on catch events) or no code (throw). */
  readonly errorCode?: string;
  readonly errorMessage?: string;
  /** Camunda 7 `camunda:errorMessage="${…}"`: evaluated when the error end event throws. */
  readonly errorMessageExpression?: CompiledExpression;
  readonly errorCodeVariable?: string;
  readonly errorMessageVariable?: string;
}
export interface EscalationDefinition {
  readonly type: 'escalation';
  readonly escalationCode?: string;
  readonly escalationCodeVariable?: string;
}
export interface ConditionalDefinition {
  readonly type: 'conditional';
  readonly condition: CompiledExpression;
  readonly variableNames?: readonly string[];
  readonly variableEvents?: readonly string[];
}
export interface TerminateDefinition {
  readonly type: 'terminate';
}
export interface LinkDefinition {
  readonly type: 'link';
  readonly linkName: string;
}
export interface CompensateDefinition {
  readonly type: 'compensate';
  readonly activityRef?: string;
  readonly waitForCompletion: boolean;
}
export interface CancelDefinition {
  readonly type: 'cancel';
}

export type EventDefinition =
  | TimerDefinition
  | MessageDefinition
  | SignalDefinition
  | ErrorDefinition
  | EscalationDefinition
  | ConditionalDefinition
  | TerminateDefinition
  | LinkDefinition
  | CompensateDefinition
  | CancelDefinition;

// ---- loops ------------------------------------------------------------------------------------------

export interface MultiInstanceSpec {
  readonly type: 'multiInstance';
  readonly isSequential: boolean;
  readonly loopCardinality?: CompiledExpression;
  readonly inputCollection?: CompiledExpression;
  readonly inputElement?: string;
  readonly outputCollection?: string;
  readonly outputElement?: CompiledExpression;
  readonly completionCondition?: CompiledExpression;
  /**
   * Camunda 7 `camunda:asyncBefore/asyncAfter` on the loop characteristics: every inner instance waits
   * for a job of its own (the attributes on the activity itself hold the body as a whole).
   */
  readonly innerAsyncBefore?: boolean;
  readonly innerAsyncAfter?: boolean;
  /** `failedJobRetryTimeCycle` inside the loop characteristics: the retries of each inner instance's job. */
  readonly innerRetry?: RetrySpec;
}
export interface StandardLoopSpec {
  readonly type: 'standardLoop';
  readonly loopCondition?: CompiledExpression;
  readonly testBefore: boolean;
  readonly loopMaximum?: number;
}
export type LoopSpec = MultiInstanceSpec | StandardLoopSpec;

