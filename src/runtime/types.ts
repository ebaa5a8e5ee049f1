import type { FormSpec, Flavour } from '../spec/types.js';
import type { HistoryEvent, InstanceStatus, TaskProperties } from '../engine/state.js';
import type { RetryPolicy } from '../engine/types.js';
import type { Store } from '../store/types.js';
import type { Clock } from './clock.js';

export type { HistoryEvent, InstanceStatus, RetryPolicy };

export interface ServiceContext {
  instanceId: string;
  elementId: string;
  businessKey?: string;
  variables: Readonly<Record<string, unknown>>;
  /** 1 for the first call, 2 for the first retry, … */
  attempt: number;
  /** Aborted when the instance is terminated while the call runs. */
  signal: AbortSignal;
  /** `zeebe:taskHeaders` / `camunda:field` values of the element (listeners: also `event`). */
  headers: Readonly<Record<string, string>>;
  /** The element's name (a process listener: the process's name). */
  readonly elementName?: string | undefined;
  /**
   * Listener calls only: the event, and whether the activity was cancelled (Camunda's `isCanceled()`).
   * A delete listener also gets why its task went (DelegateTask.getDeleteReason()): the reason given to
   * `terminate`, else "deleted" (a boundary event, a terminate end event, … cancelled it).
   */
  readonly listener?: { event: string; cancelled: boolean; deleteReason?: string } | undefined;
  /** Task listener calls only: the user task, which the listener may change (see ListenerTask). */
  readonly task?: ListenerTask | undefined;
}

/**
 * The user task a task listener sees, as Camunda 7's DelegateTask: assign to its fields or edit the
 * candidate lists to change the task, call complete() to complete it; the engine applies the changes
 * when the handler returns (an `assignment` listener runs when the assignee changed).
 */
export interface ListenerTask extends TaskProperties {
  readonly id: string;
  readonly elementId: string;
  readonly createdAt: string;
  /** Delete listeners only: why the task went (as `ctx.listener.deleteReason`). */
  readonly deleteReason?: string;
  complete(): void;
}

/** Returned object = output variables. Throw BpmnError for a business error, anything else to retry. */
export type ServiceHandler = (
  ctx: ServiceContext,
) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/** What a call activity's variable mapping sees in both directions: the calling instance and its call activity. */
interface VariableMappingContextBase {
  /** The calling instance (Camunda's super execution) and its call activity. */
  readonly instanceId: string;
  readonly elementId: string;
  readonly businessKey?: string | undefined;
  /** The calling instance's variables as the call activity sees them (output: after camunda:out). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Aborted when the calling instance is terminated while the mapping runs. */
  readonly signal: AbortSignal;
}

/** `mapInputVariables`: the called instance is about to start. */
export interface VariableMappingInputContext extends VariableMappingContextBase {
  /** The process about to be called. */
  readonly calledProcessKey: string;
  /** What camunda:in mapped: the called instance's start variables so far. */
  readonly subVariables: Readonly<Record<string, unknown>>;
}

/** `mapOutputVariables`: the called instance has ended (or an error / escalation is leaving it). */
export interface VariableMappingOutputContext extends VariableMappingContextBase {
  readonly subInstanceId: string;
  /** The called instance's variables at that moment. */
  readonly subVariables: Readonly<Record<string, unknown>>;
}

type VariableMappingResult = Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/**
 * Camunda 7's DelegateVariableMapping (`camunda:variableMappingClass` / `variableMappingDelegateExpression`),
 * registered under the class name or the name inside `${…}`. It runs after camunda:in / camunda:out.
 * `mapInputVariables` returns variables added to (or overwriting) the called instance's start variables;
 * `mapOutputVariables` returns variables set in the calling instance. A missing method maps nothing. A
 * throw (a BpmnError too: Camunda does not catch those here) is an incident on the call activity.
 */
export interface VariableMapping {
  mapInputVariables?(ctx: VariableMappingInputContext): VariableMappingResult;
  mapOutputVariables?(ctx: VariableMappingOutputContext): VariableMappingResult;
}

export interface EngineOptions {
  store?: Store;
  clock?: Clock;
  services?: Record<string, ServiceHandler>;
  /** Same as registerVariableMapping for each entry. */
  variableMappings?: Record<string, VariableMapping>;
  scripts?: { enabled?: boolean; timeoutMs?: number; memoryLimitMb?: number };
  retry?: Partial<RetryPolicy>;
  retryByType?: Record<string, Partial<RetryPolicy>>;
  /** Keep an audit history per instance (default true). */
  history?: boolean;
  /** The job loop over a store that several engine processes share (PostgresStore); ignored otherwise. */
  jobExecutor?: JobExecutorOptions;
}

export interface JobExecutorOptions {
  /** Look for due jobs and timers at least this often, notifications or not (default 2,000 ms). */
  pollIntervalMs?: number;
  /**
   * How long a claim on a due job or timer keeps the other processes off (default 30,000 ms). It is
   * renewed while the job runs; a process that dies loses its claims after this long.
   */
  lockDurationMs?: number;
  /** Jobs and timers claimed per round (default 32). */
  batchSize?: number;
  /** Claimed jobs run at the same time (default 8). */
  concurrency?: number;
}

export interface DeployedProcess {
  key: string;
  version: number;
  name?: string;
  /** The process's <documentation>, when it has one. */
  description?: string;
  flavour: Flavour;
}

export interface Deployment {
  id: string;
  name?: string;
  processes: DeployedProcess[];
  /** Decision key → version, when the file was DMN. */
  decisions?: { key: string; version: number }[];
}

export interface Incident {
  id: string;
  instanceId: string;
  elementId: string;
  type: string;
  message: string;
  createdAt: string;
  jobId?: string;
}

export interface Instance {
  id: string;
  processKey: string;
  processVersion: number;
  businessKey?: string;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  activeElementIds: string[];
  incidents: Incident[];
  parentInstanceId?: string;
  startedAt: string;
  endedAt?: string;
  /** Error code (and message) of the uncaught BPMN error, when status is FAILED. */
  failure?: { code: string; message?: string; elementId?: string };
}

/** `description` is what a task listener set, else the element's <documentation> as written (not evaluated). */
export interface UserTask extends TaskProperties {
  id: string;
  instanceId: string;
  processKey: string;
  elementId: string;
  form?: FormSpec;
  createdAt: string;
}

export interface ExternalTask {
  id: string;
  topic: string;
  instanceId: string;
  elementId: string;
  businessKey?: string;
  variables: Record<string, unknown>;
  retries?: number;
  lockExpiresAt: string;
  headers: Record<string, string>;
  /** Camunda 7 `camunda:taskPriority` of the task (else of its process); 0 when neither sets one. */
  priority: number;
}

export interface StartOptions {
  variables?: Record<string, unknown>;
  businessKey?: string;
  instanceId?: string;
  version?: number;
  /** The starting user (fills `camunda:initiator`). */
  user?: string;
}

export interface InstanceQuery {
  processKey?: string;
  status?: InstanceStatus;
  businessKey?: string;
  limit?: number;
  cursor?: string;
}

export interface UserTaskQuery {
  instanceId?: string;
  processKey?: string;
  assignee?: string;
  candidateUser?: string;
  candidateGroup?: string;
}
