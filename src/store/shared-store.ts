import type { InstanceStatus, JobKind, JobState, Snapshot, TaskProperties, Variables } from '../engine/state.js';
import type { StartTimerState, Store } from './types.js';

/**
 * What a store shared by many engine processes offers beyond `Store`: indexed reads that never open
 * a snapshot, claims on due work that keep other processes off for a lease, a buffer of unmatched
 * messages, and wake-ups between processes. The runtime answers queries from these instead of its
 * in-memory indexes when `store.shared` is true (PostgresStore); a store that one process owns
 * (MemoryStore, FileStore) leaves `shared` unset and none of this is asked of it.
 */
export interface SharedStore extends Store {
  readonly shared: true;
  /** Default owner of this process's claims. */
  readonly ownerId: string;

  dueJobs(now: Date, limit: number, options?: DueJobOptions): Promise<ClaimedJob[]>;
  dueTimers(now: Date, limit: number, options?: Lease): Promise<ClaimedTimer[]>;
  /** Drop a claim this owner holds; false when it holds none. */
  releaseClaim(kind: 'job' | 'timer', instanceId: string, id: string, owner?: string): Promise<boolean>;
  /** Push the leases this owner holds on these rows out by `leaseMs` from `now` (work still running). */
  extendClaims(claims: readonly ClaimKey[], now: Date, leaseMs: number, owner?: string): Promise<void>;
  /** The earliest due time after `now` of a job or timer this process could claim, if any. */
  nextDue(now: Date, options?: DueJobOptions): Promise<string | undefined>;
  /** External tasks (service jobs no handler of `handledTypes` takes) of `topics` that a worker may lock now. */
  claimExternalJobs(topics: readonly string[], now: Date, limit: number, options: DueJobOptions & { usePriority?: boolean }): Promise<ClaimedJob[]>;

  openUserTasks(filter?: UserTaskFilter): Promise<OpenUserTask[]>;
  subscriptionsByName(kind: SubscriptionRow['kind'], name: string, correlationKey?: string): Promise<SubscriptionRow[]>;
  /** A page of instances, newest first; `after` is the last row of the previous page. */
  pageInstances(query: InstancePageQuery): Promise<{ snapshots: Snapshot[]; last?: InstancePageKey; more: boolean }>;
  instanceExists(instanceId: string): Promise<boolean>;

  /** Keep an unmatched message until `expiresAt`. */
  bufferMessage(message: BufferedMessage): Promise<void>;
  /**
   * Remove and return unexpired buffered messages that one of `subscriptions` would take, oldest
   * first. Removed for good: the caller delivers them or buffers them again.
   */
  takeBufferedMessages(subscriptions: readonly { name: string; correlationKey?: string }[], now: Date, limit: number): Promise<BufferedMessage[]>;
  /** The latest expiry of any buffered message, so a process knows whether to look at all. */
  bufferedUntil(now: Date): Promise<string | undefined>;
  /**
   * Claim a message id for `ttlMs`. `claimed: false` means another delivery holds it; `result` is that
   * delivery's answer once it is recorded.
   */
  claimMessageId(messageId: string, now: Date, ttlMs: number): Promise<{ claimed: true } | { claimed: false; result?: unknown }>;
  recordMessageResult(messageId: string, result: unknown): Promise<void>;
  forgetMessageId(messageId: string): Promise<void>;

  /** Run `work` while holding a lock named `name` across every process on this store. */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** Replace a deployment's start timers only when they are still `expected`; false when another process did first. */
  replaceStartTimers(deploymentId: string, expected: readonly StartTimerState[], next: readonly StartTimerState[]): Promise<boolean>;
  /** Start timers of every deployment that has any (for processes that did not deploy them). */
  loadStartTimers(): Promise<{ deploymentId: string; startTimers: StartTimerState[] }[]>;
  /** Ids of the stored deployments, cheap enough to ask before each round of work. */
  deploymentIds(): Promise<string[]>;

  /** Tell the other processes that work falls due at `dueAt` (undefined: now), or that a message was buffered. */
  notifyWork(event: WorkEvent): void;
  /** Hear other processes' notifications; resolves once listening. Returns the unsubscribe. */
  listenForWork(listener: (event: WorkEvent) => void): Promise<() => Promise<void>>;
}

export type WorkEvent = { kind: 'due'; dueAt?: string } | { kind: 'message'; expiresAt: string };

export function isSharedStore(store: Store): store is SharedStore {
  return (store as { shared?: unknown }).shared === true;
}

export interface Lease {
  /** Who holds the claim; default: the store's own random owner id. */
  owner?: string;
  /** How long the claim keeps others off; a process that dies loses it after this. Default 30 s. */
  leaseMs?: number;
}

export interface DueJobOptions extends Lease {
  /**
   * Service types this process has handlers for. When given, service and listener jobs of other types
   * (external tasks, waiting for fetchAndLock) are not claimed; script and async jobs always are.
   */
  handledTypes?: readonly string[];
}

export interface ClaimKey {
  kind: 'job' | 'timer';
  instanceId: string;
  id: string;
}

/** The job table's copy of a job's fields (claims come highest priority first), plus the claim's lease. */
export interface ClaimedJob extends Pick<JobState, 'kind' | 'elementId' | 'tokenId' | 'type' | 'attempt' | 'retries' | 'dueAt' | 'priority'> {
  instanceId: string;
  jobId: string;
  leaseOwner: string;
  leaseExpiresAt: string;
}

export interface ClaimedTimer {
  instanceId: string;
  timerId: string;
  elementId: string;
  tokenId?: string;
  scopeId?: string;
  dueAt: string;
  /** Camunda 7 job priority; absent = 0. */
  priority?: number;
  leaseOwner: string;
  leaseExpiresAt: string;
}

export interface UserTaskFilter {
  /** One task by id. */
  id?: string;
  instanceId?: string;
  processKey?: string;
  assignee?: string;
  candidateUser?: string;
  candidateGroup?: string;
  /** Default 1000; in creation order (time, then instance, then the number in the task id). */
  limit?: number;
}

export interface OpenUserTask extends TaskProperties {
  id: string;
  instanceId: string;
  processKey: string;
  /** The instance's process version (for the task's form). */
  processVersion?: number;
  instanceStatus: string;
  businessKey?: string;
  elementId: string;
  createdAt: string;
}

export interface SubscriptionRow {
  id: string;
  instanceId: string;
  processKey: string;
  instanceStatus: string;
  kind: 'message' | 'signal' | 'conditional';
  name: string;
  correlationKey?: string;
  elementId: string;
  tokenId?: string;
  scopeId?: string;
}

export interface InstancePageKey {
  startedAt: string;
  id: string;
}

export interface InstancePageQuery {
  processKey?: string;
  status?: InstanceStatus;
  businessKey?: string;
  limit: number;
  after?: InstancePageKey;
}

export interface BufferedMessage {
  name: string;
  correlationKey?: string;
  variables: Variables;
  expiresAt: string;
}
