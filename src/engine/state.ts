/**
 * The whole state of one instance. It is the snapshot: plain JSON-able data, no classes, no closures,
 * so saving is serialising and restoring is parsing. The engine mutates it in place inside a step
 * (one allocation-free loop); the runtime owns the object and persists it after each command.
 */

export const SCHEMA_VERSION = 1;

export type InstanceStatus = 'RUNNING' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED' | 'FAILED';

export type Variables = Record<string, unknown>;

/**
 * A token rests on one element. `phase` says where in the element's life it is: `ready` tokens are
 * about to enter (only seen inside a step), `waiting` tokens rest at a wait state, `joining` tokens
 * have arrived at a join that has not fired yet.
 */
export interface TokenState {
  id: string;
  elementId: string;
  /** Id of the scope record the token runs in; `undefined` = the process scope. */
  scopeId?: string;
  phase: 'ready' | 'waiting' | 'joining';
  /** The sequence flow the token arrived through (parallel/inclusive joins count by flow). */
  viaFlowId?: string;
  /** Local variables of the activity (input mappings), when it has any. */
  locals?: Variables;
  /** Id of the user task / job / timer the token waits for. */
  waitingFor?: string;
  /** Set once an `asyncBefore` continuation has run, so entering does not wait again. */
  pastAsyncBefore?: boolean;
  /** An inner instance of a loop / multi-instance activity (its index), not the activity's body. */
  loopInstance?: number;
  /** Listener chains already run for the element the token is at (so resuming does not run them again). */
  listenersDone?: ListenerEvent[];
  /** Input/output mapping halted for a `camunda:script` job: where it resumes (see io-mapping.ts). */
  io?: IoProgress;
  /** A new instance's first token: the process's start listeners run before its start event is entered. */
  processStart?: true;
}

/** How far an element's input or output mapping got before it waited for a script. */
export interface IoProgress {
  phase: 'input' | 'output';
  /** Index of the parameter being computed. */
  param: number;
  /** Results of that parameter's scripts so far, in order. */
  results: unknown[];
  /** Output values computed so far (outputs reach the scope all at once, at the end). */
  values?: Variables;
}

/** A nested variable scope (subprocess, multi-instance body); the process scope is `variables`. */
export interface ScopeState {
  id: string;
  elementId: string;
  parentScopeId?: string;
  /** The token waiting on the subprocess element while its inside runs. */
  ownerTokenId: string;
  variables: Variables;
  /** Bookkeeping of a multi-instance or loop body. */
  loop?: LoopBodyState;
  /**
   * A compensation run: its handlers run in this scope, all at once; `then` says what follows when the
   * last one is done ('nested': a completed subprocess restored from its snapshot, inside a run).
   * `pending` only appears in snapshots written by versions that ran handlers one after the other.
   */
  compensation?: { then: 'continue' | 'cancelTransaction' | 'nested'; pending?: string[] };
}

/**
 * A completed activity that can still be compensated: one with a compensation handler, or a completed
 * subprocess / multi-instance body with compensable activities (or a compensation event subprocess) inside.
 */
export interface CompensableState {
  /** The activity that completed (for a multi-instance body: the multi-instance activity). */
  activityId: string;
  /** What runs: the handler its compensation boundary is associated with, or a compensation event subprocess. */
  handlerId?: string;
  /** The live scope it completed in (`undefined` = process scope); absent inside a snapshot. */
  scopeId?: string;
  /** The record of a whole multi-instance body (compensating it compensates every completed instance). */
  body?: boolean;
  /** A completed scope: its local variables when it ended and what completed inside it, in completion order. */
  snapshot?: { variables: Variables; records: CompensableState[] };
}

export interface LoopBodyState {
  /** Total inner instances (multi-instance), or -1 for a standard loop. */
  total: number;
  /** Index of the next inner instance to create. */
  next: number;
  /** The input collection, fixed when the body starts. */
  items?: unknown[];
  /** Output elements in input order (Camunda 8 outputCollection). */
  outputs?: unknown[];
}

/**
 * What a user task carries besides where it is: the properties assignment expressions and task listeners
 * set. One list for the snapshot, the store's task rows, the public UserTask and the listener's task.
 */
export interface TaskProperties {
  name?: string;
  assignee?: string;
  candidateUsers: string[];
  candidateGroups: string[];
  dueDate?: string;
  followUpDate?: string;
  priority?: number;
  /** Set by a task listener (Camunda's DelegateTask.setDescription); absent = the element's <documentation>. */
  description?: string;
}

export interface UserTaskState extends TaskProperties {
  id: string;
  elementId: string;
  tokenId: string;
  createdAt: string;
  /**
   * Only on the copy a delete listener of a cancelled task gets (never on a live task): the reason given to
   * `terminate`, else Camunda's "deleted".
   */
  deleteReason?: string;
}

export type JobKind = 'service' | 'script' | 'async' | 'listener' | 'mapping';

export interface JobState {
  id: string;
  kind: JobKind;
  elementId: string;
  tokenId: string;
  /** Service type / topic for service jobs. */
  type?: string;
  /** Attempts made so far (0 before the first call). */
  attempt: number;
  /** Attempts left before an incident; decided by the retry policy. */
  retries?: number;
  /** ISO time before which the job must not run (retry back-off); absent = now. */
  dueAt?: string;
  workerId?: string;
  lockExpiresAt?: string;
  lastError?: string;
  /** For `async` jobs: the continuation runs before entering or after completing the element. */
  asyncAt?: 'before' | 'after';
  /** For `after` jobs: the outgoing flow chosen when the element completed (one job per flow taken). */
  flowId?: string;
  /** ISO time of the first attempt, for `retryTimeoutMs`. */
  firstAttemptAt?: string;
  /** A listener job: which event's chain, and which listener of it (`single`: that one only, e.g. a timeout). */
  listener?: { event: ListenerEvent; index: number; single?: boolean; cancelled?: boolean };
  /**
   * A listener that holds no token: its activity was cancelled (end / delete listeners) or the process
   * itself completes. It sees `view`, writes into `scopeId` (or the process scope) and moves nothing on.
   */
  detached?: boolean;
  scopeId?: string;
  view?: Variables;
  /** The user task a detached task listener is about (it is gone from `userTasks` already). */
  task?: UserTaskState;
  /** A script job computing an input/output parameter (`camunda:script`): which one. */
  io?: { phase: 'input' | 'output'; param: number; slot: number };
  /**
   * Camunda 7 job priority (`camunda:jobPriority`; `camunda:taskPriority` for external tasks), fixed when
   * the job was made: due work runs highest first. Absent = 0.
   */
  priority?: number;
  /** A `mapping` job: the call activity's delegated variable mapping, and what follows its answer. */
  mapping?: CallMappingJob;
}

/**
 * What a call activity waits for while its registered variable mapping runs. `input`: the child it
 * starts afterwards (the mapping's variables go on top of these). `output`: the child that ended, its
 * variables, and the error or escalation that goes on from the call activity once the outputs are mapped.
 */
export type CallMappingJob =
  | { phase: 'input'; start: ChildStart }
  | {
      phase: 'output';
      childInstanceId: string;
      childVariables: Variables;
      then?: { error: { code: string; message?: string } } | { escalation: string };
    };

/** A called instance about to be started (the `startChild` effect without its id). */
export interface ChildStart {
  processKey: string;
  binding: 'latest' | 'deployment' | 'version' | 'versionTag';
  version?: string;
  variables: Variables;
  businessKey?: string;
}

/** The points where listeners run: an element's start and end, and the events of a user task's life. */
export type ListenerEvent = 'start' | 'end' | 'take' | 'create' | 'assignment' | 'update' | 'complete' | 'delete' | 'timeout';

export interface TimerState {
  id: string;
  elementId: string;
  /** The token that waits for it (catch event) or whose activity it is attached to (boundary). */
  tokenId?: string;
  /** For event-subprocess start timers: the scope they listen in (`undefined` = process scope). */
  scopeId?: string;
  dueAt: string;
  /** Remaining repetitions of a cycle; absent = one-shot. */
  repeat?: number;
  cycle?: string;
  /** A timeout task listener's timer: the index of that listener in its element's `listeners`. */
  taskListener?: number;
  /**
   * Not a BPMN timer: a signal thrown with `camunda:async` waiting to reach this listener. It is due at
   * once, so the job loop delivers it; it goes away with the listener if that is gone first.
   */
  signal?: { name: string; variables?: Variables };
  /** Camunda 7 `camunda:jobPriority` of the timer's event, fixed when it was armed. Absent = 0. */
  priority?: number;
}

export interface SubscriptionState {
  id: string;
  kind: 'message' | 'signal' | 'conditional';
  name: string;
  correlationKey?: string;
  elementId: string;
  tokenId?: string;
  /** For event-subprocess starts: the scope they listen in (`undefined` = process scope). */
  scopeId?: string;
  /** A conditional event's last evaluation; absent until its first (see conditional-events.ts). */
  satisfied?: boolean;
}

export interface IncidentState {
  id: string;
  elementId: string;
  tokenId?: string;
  jobId?: string;
  type: 'failedJob' | 'failedScript' | 'failedExpression' | 'unhandled';
  message: string;
  createdAt: string;
  /** Where `retryIncident` picks the token up again: re-enter the element, or re-apply its completion. */
  resume: 'enter' | 'complete' | 'job';
}

export interface InstanceState {
  schemaVersion: number;
  instanceId: string;
  process: { key: string; version: number; specHash: string };
  businessKey?: string;
  status: InstanceStatus;
  tokens: TokenState[];
  scopes: ScopeState[];
  variables: Variables;
  userTasks: UserTaskState[];
  jobs: JobState[];
  timers: TimerState[];
  subscriptions: SubscriptionState[];
  incidents: IncidentState[];
  parentInstanceId?: string;
  startedAt: string;
  endedAt?: string;
  /** Error code of an uncaught BPMN error that failed the instance. */
  failure?: { code: string; message?: string; elementId?: string };
  /** Completed activities with compensation handlers, in completion order. */
  compensable?: CompensableState[];
  /** The process's own end listeners: running (jobs pending) or done; the instance completes after them. */
  processEnd?: 'running' | 'done';
  /** Events that arrived while SUSPENDED, replayed in order on resume. */
  deferred?: DeferredEvent[];
  /** Counter for deterministic ids of tokens, tasks, jobs (ids are `${instanceId}:${kind}${n}`). */
  nextId: number;
  /** Sequence number of the last history event written for this instance. */
  historySeq: number;
  /** Bumped on every persisted change; stores use it for optimistic concurrency. */
  version: number;
}

/** An event command kept while the instance is suspended (plain JSON, like the rest of the state). */
export type DeferredEvent =
  | { type: 'fireTimer'; timerId: string }
  | { type: 'deliverMessage'; subscriptionId: string; variables?: Variables }
  | { type: 'signal'; name: string; variables?: Variables; async?: boolean }
  | {
      type: 'childEnded';
      childInstanceId: string;
      status: InstanceStatus;
      variables?: Variables;
      failure?: { code: string; message?: string };
      /** Why the child could not run (no such process…), for the incident text. */
      reason?: string;
    };

export type Snapshot = InstanceState;

export interface HistoryEvent {
  seq: number;
  at: string;
  type: string;
  elementId?: string;
  data?: Record<string, unknown>;
}
