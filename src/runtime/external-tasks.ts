import { ConflictError, FormValidationError, NotFoundError } from '../errors/index.js';
import type { InstanceState } from '../engine/state.js';
import { viewOf } from '../engine/scope-variables.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { SharedStore } from '../store/shared-store.js';
import type { EngineCore } from './engine-core.js';
import { instanceOfId } from './shared-command.js';
import { toInstance } from './instance-view.js';
import type { ExternalTask, Instance } from './types.js';

/** How long a fetch keeps its candidates from other fetches while it locks them (released right after). */
const FETCH_LEASE_MS = 10_000;

/** Service types this engine runs itself (handlers and decisions): its jobs are never external tasks here. */
export function handledServiceTypes(core: EngineCore): string[] {
  return [...core.services.keys(), ...core.decisions.keys()];
}

export interface FetchAndLockRequest {
  workerId: string;
  maxTasks: number;
  topics: { topic: string; lockDurationMs: number }[];
  /**
   * Highest `camunda:taskPriority` first (default true, as Camunda's external task clients fetch); false
   * takes tasks in due order, one per instance per round.
   */
  usePriority?: boolean;
}

/**
 * Camunda 7 external tasks / Zeebe job workers over one queue: a service job whose type has no
 * registered handler waits here. Locks are persisted with the instance, so they hold across restarts
 * and are checked inside the instance's lock (two workers never both get a job).
 */
export abstract class ExternalTasks {
  constructor(protected readonly core: EngineCore) {}

  protected abstract init(): Promise<void>;

  async fetchAndLock(req: FetchAndLockRequest): Promise<ExternalTask[]> {
    await this.init();
    const now = this.core.clock.now();
    const nowIso = now.toISOString();
    const durations = new Map(req.topics.map((t) => [t.topic, t.lockDurationMs]));
    if (this.core.shared) return this.fetchAndLockShared(this.core.shared, req, now, durations);
    // One job per instance per round, so a single busy instance cannot starve the others (within a priority).
    const usePriority = req.usePriority !== false;
    const candidates: { jobId: string; priority: number; round: number }[] = [];
    const perInstance = new Map<string, number>();
    for (const j of this.core.index.jobs.values()) {
      if (!j.external || j.topic === undefined || !durations.has(j.topic)) continue;
      if (j.dueAt !== undefined && j.dueAt > nowIso) continue;
      if (j.lockExpiresAt !== undefined && j.lockExpiresAt > nowIso) continue;
      if (j.retries === 0) continue;
      const priority = usePriority ? (j.priority ?? 0) : 0;
      const key = `${j.instanceId}\0${priority}`;
      const n = perInstance.get(key) ?? 0;
      perInstance.set(key, n + 1);
      candidates.push({ jobId: j.jobId, priority, round: n });
    }
    candidates.sort((a, b) => b.priority - a.priority || a.round - b.round);
    const out: ExternalTask[] = [];
    for (const { jobId } of candidates) {
      if (out.length >= req.maxTasks) break;
      const entry = this.core.index.jobs.get(jobId);
      if (!entry) continue;
      const task = await this.lockOne(entry.instanceId, jobId, entry.elementId, req.workerId, now, durations.get(entry.topic!) ?? 0);
      if (task) out.push(task);
    }
    return out;
  }

  /**
   * Other processes share the store: candidates come from its job table, leased for a moment so that a
   * concurrent fetch elsewhere takes others; each is then locked by a command on its instance (whose
   * version check keeps two workers off one job) and the lease dropped.
   */
  private async fetchAndLockShared(store: SharedStore, req: FetchAndLockRequest, now: Date, durations: Map<string, number>): Promise<ExternalTask[]> {
    const handledTypes = handledServiceTypes(this.core);
    const claimed = await store.claimExternalJobs([...durations.keys()], now, req.maxTasks, { handledTypes, leaseMs: FETCH_LEASE_MS, usePriority: req.usePriority !== false });
    const out: ExternalTask[] = [];
    try {
      for (const c of claimed) {
        const task = await this.lockOne(c.instanceId, c.jobId, c.elementId, req.workerId, now, durations.get(c.type ?? '') ?? 0);
        if (task) out.push(task);
      }
    } finally {
      for (const c of claimed) await store.releaseClaim('job', c.instanceId, c.jobId).catch(() => false);
    }
    return out;
  }

  /** Lock one job for a worker; undefined when it was taken or went meanwhile. */
  private async lockOne(instanceId: string, jobId: string, elementId: string, workerId: string, now: Date, durationMs: number): Promise<ExternalTask | undefined> {
    const nowIso = now.toISOString();
    const lockExpiresAt = new Date(now.getTime() + durationMs).toISOString();
    try {
      const state = await this.core.command(instanceId, (s) => {
        const job = s.jobs.find((x) => x.id === jobId);
        if (!job || (job.lockExpiresAt !== undefined && job.lockExpiresAt > nowIso)) {
          throw new ConflictError(`job ${jobId} was taken meanwhile`);
        }
        return { type: 'lockJob', jobId, workerId, lockExpiresAt };
      });
      const task = describe(state, jobId, this.headersOf(state, elementId));
      this.core.bus.emit('job.locked', { instanceId: task.instanceId, jobId, elementId: task.elementId, workerId, lockExpiresAt: task.lockExpiresAt });
      return task;
    } catch (e) {
      if (!(e instanceof ConflictError || e instanceof NotFoundError)) throw e;
      return undefined;
    }
  }

  async completeExternalTask(taskId: string, workerId: string, variables: Record<string, unknown> = {}): Promise<Instance> {
    await this.init();
    const vars = toJsonVariables(variables);
    if (!vars.ok) throw new FormValidationError(vars.errors);
    return this.jobCommand(taskId, { type: 'completeJob', jobId: taskId, workerId, variables: vars.value });
  }

  async failExternalTask(
    taskId: string,
    workerId: string,
    failure: { message: string; retries: number; retryTimeoutMs?: number },
  ): Promise<Instance> {
    await this.init();
    return this.jobCommand(taskId, {
      type: 'failJob',
      jobId: taskId,
      workerId,
      message: failure.message,
      retries: failure.retries,
      ...(failure.retryTimeoutMs !== undefined ? { retryTimeoutMs: failure.retryTimeoutMs } : {}),
    });
  }

  async throwExternalBpmnError(taskId: string, workerId: string, code: string, variables?: Record<string, unknown>): Promise<Instance> {
    await this.init();
    return this.jobCommand(taskId, { type: 'throwBpmnError', jobId: taskId, workerId, code, ...(variables ? { variables } : {}) });
  }

  async extendLock(taskId: string, workerId: string, lockDurationMs: number): Promise<void> {
    await this.init();
    const lockExpiresAt = new Date(this.core.clock.now().getTime() + lockDurationMs).toISOString();
    await this.jobCommand(taskId, (s) => {
      const job = s.jobs.find((j) => j.id === taskId);
      if (!job) throw new NotFoundError(`external task ${taskId} not found`);
      if (job.workerId !== workerId) throw new ConflictError(`external task ${taskId} is not locked by ${workerId}`);
      return { type: 'lockJob', jobId: taskId, workerId, lockExpiresAt };
    });
  }

  private headersOf(s: InstanceState, elementId: string): Record<string, string> {
    const el = this.core.registry.find(s.process.key, s.process.version)?.prepared.spec.elements[elementId];
    return el && 'service' in el && el.service.headers ? { ...el.service.headers } : {};
  }

  private async jobCommand(taskId: string, cmd: Parameters<EngineCore['command']>[1]): Promise<Instance> {
    if (this.core.shared) return toInstance(await this.core.command(instanceOfId(taskId, 'external task'), cmd));
    const entry = this.core.index.jobs.get(taskId);
    if (!entry) throw new NotFoundError(`external task ${taskId} not found (completed, cancelled or in an incident)`);
    return toInstance(await this.core.command(entry.instanceId, cmd));
  }
}

function describe(s: InstanceState, jobId: string, headers: Record<string, string>): ExternalTask {
  const job = s.jobs.find((j) => j.id === jobId)!;
  const token = s.tokens.find((t) => t.id === job.tokenId);
  const task: ExternalTask = {
    id: job.id,
    topic: job.type ?? '',
    instanceId: s.instanceId,
    elementId: job.elementId,
    variables: { ...viewOf(s, token?.scopeId, token?.locals) },
    lockExpiresAt: job.lockExpiresAt!,
    headers,
    priority: job.priority ?? 0,
  };
  if (s.businessKey !== undefined) task.businessKey = s.businessKey;
  if (job.retries !== undefined) task.retries = job.retries;
  return task;
}
