/**
 * The spec graph: what a deployed process *is*, independent of any instance. Immutable plain data
 * produced once by `parse/` (or the builder) and shared by every instance. Rich BPMN is rewritten into
 * these few shapes at parse time, so the engine never looks at XML or at flavour-specific extensions.
 */

export type Flavour = 'camunda7' | 'camunda8' | 'bpmn';

/** 1-based position of an element's start tag in its source file. */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Variables visible to an expression: a plain record (scope chains are flattened by the engine). */
export type VariableView = Readonly<Record<string, unknown>>;

/**
 * An expression compiled once at deploy. `literal` is a fixed value that went through the same shape so
 * the engine never needs to branch on "is this an expression?".
 */
export interface CompiledExpression {
  readonly source: string;
  readonly language: 'juel' | 'feel' | 'literal';
  /** Reads or calls `execution` (Camunda 7 `\${execution.setVariable(…)}`): the engine supplies it. */
  readonly usesExecution?: boolean;
  /** Throws ExpressionError (without location: the engine adds elementId) on failure. */
  evaluate(variables: VariableView): unknown;
}

export { IO_SCRIPT_RESULTS } from './task-types.js';
export type {
  FormField,
  FormFieldType,
  FormFieldValidation,
  FormSpec,
  IoMapping,
  IoParameter,
  IoScript,
  RetrySpec,
  ServiceSpec,
  TaskAssignment,
} from './task-types.js';
import type { FormSpec, IoMapping, RetrySpec, ServiceSpec, TaskAssignment, IoScript } from './task-types.js';

export type {
  CancelDefinition,
  CompensateDefinition,
  ConditionalDefinition,
  ErrorDefinition,
  EscalationDefinition,
  EventDefinition,
  LinkDefinition,
  LoopSpec,
  MessageDefinition,
  MultiInstanceSpec,
  SignalDefinition,
  StandardLoopSpec,
  TerminateDefinition,
  TimerDefinition,
} from './event-and-loop-types.js';
import type { EventDefinition, LoopSpec, MessageDefinition, TimerDefinition } from './event-and-loop-types.js';

// ---- elements ---------------------------------------------------------------------------------------

interface ElementBase<K extends string> {
  readonly kind: K;
  readonly id: string;
  readonly name?: string;
  readonly documentation?: string;
  readonly loc: SourceLocation;
  /** Id of the enclosing process or subprocess. */
  readonly scopeId: string;
  /** Sequence flow ids, in document order. */
  readonly incoming: readonly string[];
  readonly outgoing: readonly string[];
  /** The `default` flow of a gateway or an activity with conditional outgoing flows. */
  readonly defaultFlowId?: string;
  /** A compensation handler: reached only through its compensation boundary's association. */
  readonly isForCompensation?: boolean;
  readonly io?: IoMapping;
  readonly asyncBefore?: boolean;
  readonly asyncAfter?: boolean;
  /** Camunda 7 `failedJobRetryTimeCycle` on any element: the retries of the job an async continuation runs in. */
  readonly retry?: RetrySpec;
  /** Camunda 7 `camunda:jobPriority`: of the jobs (async continuations, timers, retries) this element creates. */
  readonly jobPriority?: CompiledExpression;
  /** Camunda 7 `camunda:taskPriority`: of the external task this element creates. */
  readonly taskPriority?: CompiledExpression;
  readonly loop?: LoopSpec;
  /** Boundary events attached to this activity. */
  readonly boundaryEventIds?: readonly string[];
  /** `camunda:executionListener` / `taskListener` and similar we keep but may not run; see `listeners`. */
  readonly listeners?: readonly ListenerSpec[];
}

export interface ListenerSpec {
  readonly scope: 'execution' | 'task';
  readonly event: string;
  readonly kind: 'script' | 'class' | 'expression' | 'delegateExpression';
  readonly format?: string;
  readonly source: string;
  /** `expression` listeners and JUEL `script` listeners: compiled at deploy, evaluated in place. */
  readonly expression?: CompiledExpression;
  /** `class` / `delegateExpression` / job listeners: the registered handler (or worker type) that runs it. */
  readonly serviceName?: string;
  /** `camunda:field`s of the listener, handed to its handler as headers; evaluated when it is called. */
  readonly fields?: readonly ListenerField[];
  /** A `timeout` task listener: when it fires, counted from the task's creation. */
  readonly timer?: TimerDefinition;
}

export interface ListenerField {
  readonly name: string;
  /** A literal for `stringValue` / `<camunda:string>`, an expression for `expression`. */
  readonly value: CompiledExpression;
}

export interface StartEventSpec extends ElementBase<'startEvent'> {
  readonly eventDefinitions: readonly EventDefinition[];
  readonly isInterrupting: boolean;
  readonly form?: FormSpec;
  /** `camunda:initiator`: variable that receives the starting user. */
  readonly initiator?: string;
}
export interface EndEventSpec extends ElementBase<'endEvent'> {
  readonly eventDefinitions: readonly EventDefinition[];
}
export interface IntermediateThrowEventSpec extends ElementBase<'intermediateThrowEvent'> {
  readonly eventDefinitions: readonly EventDefinition[];
}
export interface IntermediateCatchEventSpec extends ElementBase<'intermediateCatchEvent'> {
  readonly eventDefinitions: readonly EventDefinition[];
}
export interface BoundaryEventSpec extends ElementBase<'boundaryEvent'> {
  readonly eventDefinitions: readonly EventDefinition[];
  readonly attachedToId: string;
  readonly cancelActivity: boolean;
  /** For a compensation boundary: the handler activity its association points to. */
  readonly compensationHandlerId?: string;
}
export interface PlainTaskSpec extends ElementBase<'task' | 'manualTask'> {}
export interface UserTaskSpec extends ElementBase<'userTask'> {
  readonly assignment: TaskAssignment;
  readonly form?: FormSpec;
}
export interface ServiceTaskSpec extends ElementBase<'serviceTask' | 'sendTask' | 'businessRuleTask'> {
  readonly service: ServiceSpec;
  /** Business rule task calling a DMN decision (`camunda:decisionRef` / `zeebe:calledDecision`). */
  readonly decisionRef?: string;
  /** Camunda 7 `camunda:mapDecisionResult` (singleEntry, singleResult, collectEntries, resultList). */
  readonly decisionResultMapping?: string;
}
export interface ScriptTaskSpec extends ElementBase<'scriptTask'> {
  /** Lower-cased `scriptFormat`; 'feel' for a Camunda 8 `zeebe:script` expression. */
  readonly format: string;
  readonly script?: string;
  /** Camunda 8 `zeebe:script expression`. */
  readonly expression?: CompiledExpression;
  /** `camunda:resource` — external script file. */
  readonly resource?: string;
  readonly resultVariable?: string;
}
export interface ReceiveTaskSpec extends ElementBase<'receiveTask'> {
  readonly message?: MessageDefinition;
}
export interface GatewaySpec
  extends ElementBase<'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway' | 'complexGateway'> {}
export interface SubProcessSpec extends ElementBase<'subProcess' | 'transaction' | 'adHocSubProcess'> {
  readonly triggeredByEvent: boolean;
  /** Direct children, in document order. */
  readonly childIds: readonly string[];
}
export interface CallActivitySpec extends ElementBase<'callActivity'> {
  readonly calledElement?: CompiledExpression;
  readonly binding?: 'latest' | 'deployment' | 'version' | 'versionTag';
  readonly version?: string;
  /** `calledElementVersion` / `calledElementVersionTag` written as `${…}`: evaluated when the activity starts. */
  readonly versionExpression?: CompiledExpression;
  readonly inMappings?: readonly CallMapping[];
  readonly outMappings?: readonly CallMapping[];
  readonly propagateAllChildVariables?: boolean;
  readonly propagateAllParentVariables?: boolean;
  /**
   * Camunda 7 `camunda:variableMappingClass` / `camunda:variableMappingDelegateExpression`: the registered
   * variable mapping that adds to the called instance's inputs and maps its outputs back (after camunda:in/out).
   */
  readonly variableMapping?: VariableMappingRef;
}
/** The name a delegated variable mapping is registered under, and which attribute named it. */
export interface VariableMappingRef {
  readonly name: string;
  readonly source: 'class' | 'delegateExpression';
}
export interface CallMapping {
  readonly all?: boolean;
  readonly local?: boolean;
  readonly source?: string;
  readonly sourceExpression?: CompiledExpression;
  readonly target?: string;
  readonly businessKey?: CompiledExpression;
}

export type ElementSpec =
  | StartEventSpec
  | EndEventSpec
  | IntermediateThrowEventSpec
  | IntermediateCatchEventSpec
  | BoundaryEventSpec
  | PlainTaskSpec
  | UserTaskSpec
  | ServiceTaskSpec
  | ScriptTaskSpec
  | ReceiveTaskSpec
  | GatewaySpec
  | SubProcessSpec
  | CallActivitySpec;

export type ElementKind = ElementSpec['kind'];

export interface FlowSpec {
  readonly id: string;
  readonly name?: string;
  readonly loc: SourceLocation;
  readonly sourceId: string;
  readonly targetId: string;
  readonly condition?: CompiledExpression;
  /** `take` execution listeners: they run as a token passes the flow. */
  readonly listeners?: readonly ListenerSpec[];
}

export interface ProcessSpec {
  readonly id: string;
  readonly name?: string;
  readonly flavour: Flavour;
  readonly isExecutable: boolean;
  readonly versionTag?: string;
  readonly loc: SourceLocation;
  /** Every element of every scope of this process, by id. */
  readonly elements: Readonly<Record<string, ElementSpec>>;
  readonly flows: Readonly<Record<string, FlowSpec>>;
  /** Direct children of the process (not of subprocesses), in document order. */
  readonly childIds: readonly string[];
  /** Camunda 7 `camunda:jobPriority` / `camunda:taskPriority` of the process: for elements that set none. */
  readonly jobPriority?: CompiledExpression;
  readonly taskPriority?: CompiledExpression;
  /** Execution listeners of the process itself (start: before its start event; end: when it completes). */
  readonly listeners?: readonly ListenerSpec[];
  /** The process's <documentation> (Camunda 7 reports it as the process definition's description). */
  readonly documentation?: string;
}

/** Everything one deployed file holds. */
export interface DefinitionsSpec {
  readonly flavour: Flavour;
  readonly file?: string;
  readonly processes: readonly ProcessSpec[];
}
