import type { InstanceState, InstanceStatus } from '../engine/state.js';
import type { UserTaskSpec } from '../spec/types.js';
import { toUserTask } from './instance-view.js';
import type { UserTask } from './types.js';

export interface InstanceSummary {
  id: string;
  processKey: string;
  status: InstanceStatus;
  businessKey?: string;
  startedAt: string;
  /** Open user tasks of the instance (kept here rather than in a map of its own). */
  taskIds?: string[];
}

export interface SubscriptionEntry {
  id: string;
  instanceId: string;
  kind: 'message' | 'signal';
  name: string;
  correlationKey?: string;
  elementId: string;
}

/** A job the runtime must act on without a command from outside. */
export interface JobEntry {
  /** 'timer' entries fire with a fireTimer command, others with fireDueJob. */
  kind: 'job' | 'timer';
  jobId: string;
  instanceId: string;
  elementId: string;
  /** External (no handler: workers fetch it) or internal (the engine fires it when due). */
  external: boolean;
  topic?: string;
  dueAt?: string;
  workerId?: string;
  lockExpiresAt?: string;
  retries?: number;
  businessKey?: string;
  /** Camunda 7 job / external task priority; absent = 0. Due work runs highest first. */
  priority?: number;
}

/**
 * The order due work runs in: highest priority first, then the longest due (a job without a due time is
 * due since it was made). Stable, so equal entries keep their index order.
 */
export function byPriorityThenDue(a: JobEntry, b: JobEntry): number {
  const p = (b.priority ?? 0) - (a.priority ?? 0);
  if (p !== 0) return p;
  const da = a.dueAt ?? '';
  const db = b.dueAt ?? '';
  return da < db ? -1 : da > db ? 1 : 0;
}

/**
 * In-memory indexes over every stored instance, so no query reads or scans snapshots: instance
 * summaries, open user tasks, jobs. Rebuilt from the store at start, refreshed per instance after each
 * persisted command (cost: that instance's own tasks and jobs, never the others').
 */
export class RuntimeIndex {
  readonly instances = new Map<string, InstanceSummary>();
  readonly userTasks = new Map<string, UserTask>();
  readonly jobs = new Map<string, JobEntry>();
  readonly subscriptions = new Map<string, SubscriptionEntry>();
  private readonly subsByName = new Map<string, Set<string>>();
  private readonly subsOf = new Map<string, string[]>();
  private readonly interned = new Map<string, string>();

  private intern(s: string): string {
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }
  private readonly jobsOf = new Map<string, string[]>();

  refresh(s: InstanceState, userTaskSpec: (elementId: string) => UserTaskSpec | undefined, hasHandler: (type: string | undefined, kind: string) => boolean): void {
    const id = s.instanceId;
    const previous = this.instances.get(id);
    // Strings that repeat across thousands of waiting instances are kept once (heap per instance).
    const summary: InstanceSummary = { id, processKey: this.intern(s.process.key), status: s.status, startedAt: previous?.startedAt ?? s.startedAt };
    if (s.businessKey !== undefined) summary.businessKey = s.businessKey;

    const oldTasks = previous?.taskIds;
    if (oldTasks !== undefined) for (const t of oldTasks) this.userTasks.delete(t);
    if (s.userTasks.length > 0) {
      const ids: string[] = [];
      for (const t of s.userTasks) {
        const task = toUserTask(s, t, userTaskSpec(t.elementId));
        task.processKey = summary.processKey;
        if (task.createdAt === summary.startedAt) task.createdAt = summary.startedAt;
        this.userTasks.set(t.id, task);
        ids.push(t.id);
      }
      summary.taskIds = ids;
    }
    this.instances.set(id, summary);

    // Most instances hold no jobs, timers or subscriptions: skip their maps entirely (~5% of `user`).
    const oldJobs = this.jobsOf.get(id);
    if (oldJobs !== undefined) for (const j of oldJobs) this.jobs.delete(j);
    if (s.jobs.length > 0) {
      const ids: string[] = [];
      for (const j of s.jobs) {
        if (s.incidents.length > 0 && s.incidents.some((i) => i.jobId === j.id)) continue;
        const entry: JobEntry = {
          kind: 'job',
          jobId: j.id,
          instanceId: id,
          elementId: j.elementId,
          external: (j.kind === 'service' || j.kind === 'listener') && !hasHandler(j.type, 'service'),
        };
        if (j.type !== undefined) entry.topic = j.type;
        if (j.dueAt !== undefined) entry.dueAt = j.dueAt;
        if (j.workerId !== undefined) entry.workerId = j.workerId;
        if (j.lockExpiresAt !== undefined) entry.lockExpiresAt = j.lockExpiresAt;
        if (j.retries !== undefined) entry.retries = j.retries;
        if (j.priority !== undefined) entry.priority = j.priority;
        if (s.businessKey !== undefined) entry.businessKey = s.businessKey;
        this.jobs.set(j.id, entry);
        ids.push(j.id);
      }
      this.jobsOf.set(id, ids);
    } else if (oldJobs !== undefined) this.jobsOf.delete(id);
    for (const t of s.timers) {
      const entry: JobEntry = { kind: 'timer', jobId: t.id, instanceId: id, elementId: t.elementId, external: false, dueAt: t.dueAt };
      if (t.priority !== undefined) entry.priority = t.priority;
      this.jobs.set(t.id, entry);
      const ids = this.jobsOf.get(id) ?? [];
      ids.push(t.id);
      this.jobsOf.set(id, ids);
    }

    const oldSubs = this.subsOf.get(id);
    if (oldSubs !== undefined) for (const sid of oldSubs) this.dropSubscription(sid);
    if (s.subscriptions.length > 0) {
      const ids: string[] = [];
      for (const sub of s.subscriptions) {
        if (sub.kind === 'conditional') continue;
        const entry: SubscriptionEntry = { id: sub.id, instanceId: id, kind: sub.kind, name: sub.name, elementId: sub.elementId };
        if (sub.correlationKey !== undefined) entry.correlationKey = sub.correlationKey;
        this.subscriptions.set(sub.id, entry);
        const key = `${sub.kind}:${sub.name}`;
        let set = this.subsByName.get(key);
        if (!set) this.subsByName.set(key, (set = new Set()));
        set.add(sub.id);
        ids.push(sub.id);
      }
      this.subsOf.set(id, ids);
    } else if (oldSubs !== undefined) this.subsOf.delete(id);
  }

  /** Open subscriptions of a kind and name, oldest first. */
  subscribers(kind: 'message' | 'signal', name: string): SubscriptionEntry[] {
    const set = this.subsByName.get(`${kind}:${name}`);
    if (!set) return [];
    const out: SubscriptionEntry[] = [];
    for (const id of set) {
      const e = this.subscriptions.get(id);
      if (e) out.push(e);
    }
    return out;
  }

  private dropSubscription(id: string): void {
    const e = this.subscriptions.get(id);
    if (!e) return;
    this.subscriptions.delete(id);
    const key = `${e.kind}:${e.name}`;
    const set = this.subsByName.get(key);
    set?.delete(id);
    if (set && set.size === 0) this.subsByName.delete(key);
  }

  remove(instanceId: string): void {
    for (const t of this.instances.get(instanceId)?.taskIds ?? []) this.userTasks.delete(t);
    this.instances.delete(instanceId);
    for (const j of this.jobsOf.get(instanceId) ?? []) this.jobs.delete(j);
    for (const sid of this.subsOf.get(instanceId) ?? []) this.dropSubscription(sid);
    this.jobsOf.delete(instanceId);
    this.subsOf.delete(instanceId);
  }
}
