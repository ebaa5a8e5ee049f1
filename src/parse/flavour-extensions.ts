import type {
  CallMapping,
  CompiledExpression,
  FormSpec,
  IoMapping,
  ListenerSpec,
  MultiInstanceSpec,
  RetrySpec,
  ServiceSpec,
  TaskAssignment,
  VariableMappingRef,
} from '../spec/types.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/** Script task content once a flavour's extensions are applied. */
export interface ScriptParts {
  readonly format: string;
  readonly script?: string;
  readonly expression?: CompiledExpression;
  readonly resource?: string;
  readonly resultVariable?: string;
}

export interface CallActivityParts {
  readonly calledElement?: CompiledExpression;
  readonly binding?: 'latest' | 'deployment' | 'version' | 'versionTag';
  readonly version?: string;
  readonly inMappings?: readonly CallMapping[];
  readonly outMappings?: readonly CallMapping[];
  readonly propagateAllChildVariables?: boolean;
  readonly propagateAllParentVariables?: boolean;
  readonly variableMapping?: VariableMappingRef;
}

/** Fields of event definitions that only an extension namespace can supply. */
export interface EventDefinitionExtras {
  correlationKey?(message: ModdleElement | undefined, ctx: ParseContext): CompiledExpression | undefined;
  errorVariables?(def: ModdleElement): { errorCodeVariable?: string; errorMessageVariable?: string };
  errorMessage?(error: ModdleElement | undefined): string | undefined;
  escalationCodeVariable?(def: ModdleElement): string | undefined;
  conditionalFilter?(def: ModdleElement): { variableNames?: string[]; variableEvents?: string[] };
  /** What a thrown signal carries and whether it is delivered through jobs. */
  signalThrow?(def: ModdleElement, ctx: ParseContext): { payload?: CallMapping[]; async?: boolean };
}

/**
 * The one seam between BPMN and a vendor's extensions: element-mappers.ts reads the standard part of an
 * element and asks the flavour's table for the rest. Plain BPMN has an empty table.
 */
export interface FlavourExtensions extends EventDefinitionExtras {
  io?(el: ModdleElement, ctx: ParseContext): IoMapping | undefined;
  async?(el: ModdleElement): { asyncBefore?: boolean; asyncAfter?: boolean };
  /** The retry cycle of the jobs an element's async continuations run in (Camunda 7 failedJobRetryTimeCycle). */
  retry?(el: ModdleElement, ctx: ParseContext): RetrySpec | undefined;
  /** Deploy-time checks of attributes the engine keeps no spec for (the process and every flow element). */
  check?(el: ModdleElement, ctx: ParseContext): void;
  listeners?(el: ModdleElement, ctx: ParseContext): ListenerSpec[] | undefined;
  /** Priorities of the jobs / external tasks an element (or, for the process, any element) creates. */
  priorities?(el: ModdleElement, ctx: ParseContext): { jobPriority?: CompiledExpression; taskPriority?: CompiledExpression };
  assignment?(el: ModdleElement, ctx: ParseContext): TaskAssignment;
  userTaskForm?(el: ModdleElement, ctx: ParseContext): FormSpec | undefined;
  startForm?(el: ModdleElement, ctx: ParseContext): FormSpec | undefined;
  initiator?(el: ModdleElement): string | undefined;
  service?(el: ModdleElement, ctx: ParseContext): ServiceSpec | undefined;
  decisionRef?(el: ModdleElement): string | undefined;
  script?(el: ModdleElement, ctx: ParseContext): ScriptParts | undefined;
  callActivity?(el: ModdleElement, ctx: ParseContext): CallActivityParts;
  multiInstance?(loop: ModdleElement, ctx: ParseContext): Partial<MultiInstanceSpec>;
  versionTag?(process: ModdleElement): string | undefined;
}
