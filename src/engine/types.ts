import type { ProcessSpec } from '../spec/types.js';
import type { DeferredEvent, HistoryEvent, InstanceStatus, UserTaskState, Variables } from './state.js';

/** A retry policy as API.md defines it; delay = first × coefficient^(attempt−1), capped. */
export interface RetryPolicy {
  maxAttempts: number;
  firstRetryIntervalMs: number;
  backoffCoefficient: number;
  maxRetryIntervalMs?: number;
  /** Give up (incident) once this much time has passed since the first attempt. */
  retryTimeoutMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  firstRetryIntervalMs: 0,
  backoffCoefficient: 1,
};

/** What the world hands the pure engine: the time, and policies the embedding app configured. */
export interface StepEnv {
  /** ISO time of this command. */
  readonly now: string;
  readonly retryPolicyFor: (serviceType: string | undefined) => RetryPolicy;
  /** Emit elementEntered/elementCompleted effects (only worth their allocation when someone listens). */
  readonly elementEvents?: boolean;
}

/** Everything that moves an instance. Ids and time come in; nothing is read from the world. */
export type Command =
  | { type: 'start'; variables?: Variables; startEventId?: string; user?: string; async?: boolean }
  | { type: 'completeUserTask'; taskId: string; values: Variables; user?: string }
  | { type: 'claimUserTask'; taskId: string; user: string | undefined }
  | { type: 'completeJob'; jobId: string; variables?: Variables; workerId?: string; record?: { type: string; data: Record<string, unknown> }; task?: TaskChanges }
  | { type: 'completeScript'; jobId: string; result: unknown; setVariables: Variables; setVariablesLocal?: Variables }
  | { type: 'failJob'; jobId: string; message: string; retries?: number; retryTimeoutMs?: number; workerId?: string }
  | { type: 'failScript'; jobId: string; message: string }
  | { type: 'throwBpmnError'; jobId: string; code: string; message?: string; variables?: Variables; workerId?: string }
  | { type: 'lockJob'; jobId: string; workerId: string; lockExpiresAt: string }
  | { type: 'fireDueJob'; jobId: string }
  | { type: 'setVariables'; variables: Variables }
  | { type: 'retryIncident'; incidentId: string; retries?: number }
  | DeferredEvent
  | { type: 'trigger'; elementId: string; variables?: Variables }
  | { type: 'childEscalated'; childInstanceId: string; code: string; variables?: Variables }
  | { type: 'suspend' }
  | { type: 'resume' }
  | { type: 'terminate'; reason?: string };

/** What the engine asks the runtime to do after a step. */
export type Effect =
  | {
      type: 'callService';
      jobId: string;
      elementId: string;
      serviceType: string;
      attempt: number;
      /** A listener call: a missing handler is an incident (not an external task) unless workers serve it. */
      listener?: { event: string; external: boolean; cancelled?: boolean; detached?: boolean };
      /** A task listener: the user task as it is now (the handler may change it, see TaskChanges). */
      task?: Omit<UserTaskState, 'tokenId'>;
      /** A business rule task: the runtime evaluates this decision instead of calling a handler. */
      decision?: { ref: string; resultVariable?: string; mapping?: string };
      headers?: Readonly<Record<string, string>>;
    }
  | {
      type: 'runScript';
      jobId: string;
      elementId: string;
      format: string;
      script: string;
      capture: readonly string[];
      /** Only a script whose value is stored needs it converted (its last value may be a function). */
      wantResult: boolean;
      elementName?: string;
    }
  | { type: 'userTaskCreated'; taskId: string; elementId: string }
  | { type: 'userTaskCompleted'; taskId: string; elementId: string }
  | { type: 'userTaskCancelled'; taskId: string; elementId: string }
  | { type: 'jobCreated'; jobId: string; elementId: string; dueAt?: string; priority?: number }
  | { type: 'timerCreated'; timerId: string; elementId: string; dueAt: string }
  | { type: 'timerFired'; timerId: string; elementId: string }
  | { type: 'throwSignal'; name: string; variables?: Variables; businessKey?: string; async?: boolean }
  | { type: 'publishMessage'; name: string; correlationKey?: string; variables?: Variables }
  | { type: 'messageCorrelated'; name: string; elementId: string }
  | {
      type: 'startChild';
      childInstanceId: string;
      elementId: string;
      processKey: string;
      binding: 'latest' | 'deployment' | 'version' | 'versionTag';
      version?: string;
      variables: Variables;
      businessKey?: string;
    }
  | {
      /** A call activity's delegated variable mapping: the runtime calls it and answers the job. */
      type: 'mapVariables';
      jobId: string;
      elementId: string;
      /** The name it is registered under (camunda:variableMappingClass, or the name in the delegate expression). */
      mapping: string;
      phase: 'input' | 'output';
      /** The calling instance's variables as the call activity sees them. */
      variables: Variables;
      /** input: what camunda:in mapped for the child; output: the called instance's variables at its end. */
      subVariables: Variables;
      /** The called process (input) or instance (output). */
      processKey?: string;
      subInstanceId?: string;
    }
  | { type: 'cancelChild'; childInstanceId: string }
  /** `variables`: the called instance's own variables when it threw (for the call activity's outputs). */
  | { type: 'escalateToParent'; code: string; variables: Variables }
  | { type: 'jobRemoved'; jobId: string }
  | { type: 'incidentCreated'; incidentId: string; elementId: string; message: string }
  | { type: 'incidentResolved'; incidentId: string; elementId: string }
  | { type: 'elementEntered'; elementId: string }
  | { type: 'elementCompleted'; elementId: string }
  | { type: 'instanceEnded'; status: InstanceStatus };

/** What a task listener changed on its task (Camunda 7's DelegateTask setters, Zeebe's corrections). */
export interface TaskChanges {
  name?: string;
  assignee?: string | null;
  candidateUsers?: string[];
  candidateGroups?: string[];
  dueDate?: string | null;
  followUpDate?: string | null;
  priority?: number;
  description?: string | null;
  /** The listener completed the task (DelegateTask.complete()). */
  complete?: boolean;
}

export interface StepResult {
  effects: Effect[];
  /** History events of this step, numbered from the instance's `historySeq`. */
  history: HistoryEvent[];
}

/** Spec-derived data computed once per deployed process and shared by all its instances. */
export interface PreparedProcess {
  readonly spec: ProcessSpec;
  readonly key: string;
  readonly version: number;
  readonly specHash: string;
  /** The none start event of the process scope. */
  readonly noneStartId?: string;
  /** For each inclusive join: elements from which a token can still reach it without passing it. */
  readonly inclusiveUpstream: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per scope (the process id, or a subprocess id): how it starts and what listens inside it. */
  readonly scopes: ReadonlyMap<string, ScopeInfo>;
}

export interface ScopeInfo {
  /** Where tokens start when the scope is entered: its none start event, else every element without incoming flows. */
  readonly startIds: readonly string[];
  /** Event subprocesses directly in this scope. */
  readonly eventSubProcessIds: readonly string[];
  /** Link catch events by link name. */
  readonly linkTargets: ReadonlyMap<string, string>;
}
