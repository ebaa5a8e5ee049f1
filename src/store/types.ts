import type { HistoryEvent, InstanceStatus, Snapshot } from '../engine/state.js';

/** The BPMN/DMN source of a deployment, kept so a new Engine over the same store can re-deploy it. */
export interface StoredDeployment {
  id: string;
  name?: string;
  /** The XML exactly as deployed. */
  source: string;
  /** sha256 of `source`, hex. */
  hash: string;
  deployedAt: string;
  /** Process key → version this deployment gave it. */
  processes: { key: string; version: number }[];
  /** Decision key → version, for a DMN deployment. */
  decisions?: { key: string; version: number }[];
  /** Next firing of each timer start event of this deployment (only while it is the latest version). */
  startTimers?: StartTimerState[];
}

export interface StartTimerState {
  processKey: string;
  version: number;
  elementId: string;
  dueAt: string;
  /** Remaining repetitions of a cycle after the next firing; -1 = unbounded. */
  repeat?: number;
  cycle?: string;
  /** Camunda 7 `camunda:jobPriority` of the start event (or its process); absent = 0. */
  priority?: number;
}

/** What `listInstances` may filter on without reading whole snapshots. */
export interface InstanceQuery {
  processKey?: string;
  status?: InstanceStatus;
  businessKey?: string;
}

/**
 * Where instances live. Deliberately as small as lowdb's adapter: the runtime keeps its own indexes
 * in memory and only asks the store to keep bytes safe. Every method may reject with StoreError.
 */
export interface Store {
  /**
   * True when other engine processes use the same data at the same time (PostgresStore): the runtime
   * then reads tasks, jobs and subscriptions through the store's queries (see SharedStore) instead of
   * its in-memory indexes, and retries commands that lose a race. Unset for stores one process owns.
   */
  readonly shared?: boolean;
  /** Acquire the store (lock files, connections). Called once by the Engine before anything else. */
  open(): Promise<void>;
  close(): Promise<void>;

  loadInstance(instanceId: string): Promise<Snapshot | undefined>;
  /**
   * Persist a snapshot. `expectedVersion` is the `version` the caller read (undefined for a new
   * instance); when the stored version differs the store rejects with ConflictError. Durable when the
   * promise resolves.
   *
   * `history`, when given, is appended in the same durable write as the snapshot: a crash keeps both or
   * neither, and on ConflictError neither is written. (Two separate calls cost two fsyncs per command
   * and could leave a stored snapshot whose history was lost.)
   */
  saveInstance(snapshot: Snapshot, expectedVersion: number | undefined, history?: readonly HistoryEvent[]): Promise<void>;
  deleteInstance(instanceId: string): Promise<void>;
  /** Every stored snapshot, for rebuilding indexes at start-up. */
  loadAllInstances(): Promise<Snapshot[]>;

  /** History on its own (imports, tools); the runtime appends through saveInstance. */
  appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void>;
  readHistory(instanceId: string): Promise<HistoryEvent[]>;
  deleteHistory(instanceId: string): Promise<void>;

  saveDeployment(deployment: StoredDeployment): Promise<void>;
  loadDeployments(): Promise<StoredDeployment[]>;
}
