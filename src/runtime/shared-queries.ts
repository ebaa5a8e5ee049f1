import { NotFoundError } from '../errors/index.js';
import type { InstanceStatus } from '../engine/state.js';
import type { InstancePageKey, OpenUserTask, SharedStore } from '../store/shared-store.js';
import type { UserTaskSpec } from '../spec/types.js';
import type { EngineCore } from './engine-core.js';
import type { DeployedVersion } from './registry.js';
import { toInstance } from './instance-view.js';
import type { Instance, InstanceQuery, UserTask, UserTaskQuery } from './types.js';

/**
 * The Engine's reads when other processes share the store: answered by the store's indexed tables,
 * never by this process's memory (which would miss every other process's writes).
 */
export class SharedQueries {
  constructor(
    private readonly core: EngineCore,
    private readonly store: SharedStore,
  ) {}

  /** Same order and page size rules as the in-memory listing; the cursor is a keyset (start time, id). */
  async listInstances(q: InstanceQuery): Promise<{ items: Instance[]; cursor?: string }> {
    const limit = Math.max(1, Math.min(q.limit ?? 100, 1000));
    const after = q.cursor !== undefined ? readCursor(q.cursor) : undefined;
    const page = await this.store.pageInstances({
      limit,
      ...(q.processKey !== undefined ? { processKey: q.processKey } : {}),
      ...(q.status !== undefined ? { status: q.status as InstanceStatus } : {}),
      ...(q.businessKey !== undefined ? { businessKey: q.businessKey } : {}),
      ...(after !== undefined ? { after } : {}),
    });
    const items = page.snapshots.map(toInstance);
    return page.more && page.last !== undefined ? { items, cursor: Buffer.from(JSON.stringify(page.last)).toString('base64url') } : { items };
  }

  async listUserTasks(q: UserTaskQuery): Promise<UserTask[]> {
    // The API has no page size here: every open task, as the in-memory index answers.
    const rows = await this.store.openUserTasks({ ...q, limit: Number.MAX_SAFE_INTEGER });
    await this.knowVersions(rows);
    return rows.map((r) => this.toTask(r));
  }

  async getUserTask(taskId: string): Promise<UserTask | undefined> {
    const rows = await this.store.openUserTasks({ id: taskId, limit: 1 });
    await this.knowVersions(rows);
    return rows[0] === undefined ? undefined : this.toTask(rows[0]);
  }

  /** A task of a version another process deployed gets its form once that deployment is loaded here. */
  private async knowVersions(rows: OpenUserTask[]): Promise<void> {
    const unknown = rows.some((r) => r.processVersion !== undefined && !this.core.registry.find(r.processKey, r.processVersion));
    if (unknown) await this.core.onUnknownVersion?.();
  }

  async assertExists(instanceId: string, what = `instance ${instanceId}`): Promise<void> {
    if (!(await this.store.instanceExists(instanceId))) throw new NotFoundError(`${what} not found`, { instanceId });
  }

  /** The deployed version to start, after loading deployments other processes made if it is not known here. */
  async resolve(processKey: string, version: number | undefined): Promise<DeployedVersion> {
    try {
      return this.core.registry.get(processKey, version);
    } catch (e) {
      if (!(e instanceof NotFoundError) || !this.core.onUnknownVersion) throw e;
      await this.core.onUnknownVersion();
      return this.core.registry.get(processKey, version);
    }
  }

  private toTask(r: OpenUserTask): UserTask {
    const task: UserTask = {
      id: r.id,
      instanceId: r.instanceId,
      processKey: r.processKey,
      elementId: r.elementId,
      candidateUsers: r.candidateUsers,
      candidateGroups: r.candidateGroups,
      createdAt: r.createdAt,
    };
    for (const k of ['name', 'assignee', 'dueDate', 'followUpDate'] as const) if (r[k] !== undefined) task[k] = r[k];
    if (r.priority !== undefined) task.priority = r.priority;
    const el = r.processVersion === undefined ? undefined : this.core.registry.find(r.processKey, r.processVersion)?.prepared.spec.elements[r.elementId];
    const form = (el as UserTaskSpec | undefined)?.form;
    const description = r.description ?? el?.documentation;
    if (description !== undefined) task.description = description;
    if (form !== undefined) task.form = form;
    return task;
  }
}

/** A cursor this engine did not make reads as "from the start", as the in-memory listing does. */
function readCursor(cursor: string): InstancePageKey | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Partial<InstancePageKey>;
    if (typeof key.startedAt === 'string' && typeof key.id === 'string') return { startedAt: key.startedAt, id: key.id };
  } catch {
    // not ours
  }
  return undefined;
}
