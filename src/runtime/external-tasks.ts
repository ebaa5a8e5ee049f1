import { ConflictError, FormValidationError, NotFoundError } from '../errors/index.js';
import type { InstanceState } from '../engine/state.js';
import { viewOf } from '../engine/scope-variables.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { EngineCore } from './engine-core.js';
import { toInstance } from './instance-view.js';
import type { ExternalTask, Instance } from './types.js';

export interface FetchAndLockRequest {
  workerId: string;
  maxTasks: number;
  topics: { topic: string; lockDurationMs: number }[];
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
    // One job per instance per round, so a single busy instance cannot starve the others.
    const rounds: string[][] = [];
    const perInstance = new Map<string, number>();
    for (const j of this.core.index.jobs.values()) {
      if (!j.external || j.topic === undefined || !durations.has(j.topic)) continue;
      if (j.dueAt !== undefined && j.dueAt > nowIso) continue;
      if (j.lockExpiresAt !== undefined && j.lockExpiresAt > nowIso) continue;
      if (j.retries === 0) continue;
      const n = perInstance.get(j.instanceId) ?? 0;
      perInstance.set(j.instanceId, n + 1);
      (rounds[n] ??= []).push(j.jobId);
    }
    const out: ExternalTask[] = [];
    for (const jobId of rounds.flat()) {
      if (out.length >= req.maxTasks) break;
      const entry = this.core.index.jobs.get(jobId);
      if (!entry) continue;
      const lockExpiresAt = new Date(now.getTime() + (durations.get(entry.topic!) ?? 0)).toISOString();
      try {
        const state = await this.core.command(entry.instanceId, (s) => {
          const job = s.jobs.find((x) => x.id === jobId);
          if (!job || (job.lockExpiresAt !== undefined && job.lockExpiresAt > nowIso)) {
            throw new ConflictError(`job ${jobId} was taken meanwhile`);
          }
          return { type: 'lockJob', jobId, workerId: req.workerId, lockExpiresAt };
        });
        const task = describe(state, jobId, this.headersOf(state, entry.elementId));
        out.push(task);
        this.core.bus.emit('job.locked', { instanceId: task.instanceId, jobId, elementId: task.elementId, workerId: req.workerId, lockExpiresAt: task.lockExpiresAt });
      } catch (e) {
        if (!(e instanceof ConflictError || e instanceof NotFoundError)) throw e;
      }
    }
    return out;
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
  };
  if (s.businessKey !== undefined) task.businessKey = s.businessKey;
  if (job.retries !== undefined) task.retries = job.retries;
  return task;
}
