import { randomUUID } from 'node:crypto';
import { ConflictError, StoreError } from '../../errors/index.js';
import type { HistoryEvent, Snapshot } from '../../engine/state.js';
import { readDeployment } from '../deployment-schema.js';
import { KeyedQueue } from '../keyed-queue.js';
import type {
  BufferedMessage,
  ClaimKey,
  InstancePageKey,
  InstancePageQuery,
  SharedStore,
  WorkEvent,
} from '../shared-store.js';
import type { StartTimerState, StoredDeployment } from '../types.js';
import { byDeployedAt, checkExpectedVersion } from '../version-check.js';
import { compareAndSetStartTimers, selectDeploymentIds, selectStartTimers } from './deployment-queries.js';
import { claimMessageId, deleteMatchingMessages, deleteMessageId, insertBufferedMessage, latestBufferExpiry, updateMessageResult } from './message-queries.js';
import { PostgresConnection, type PostgresStoreOptions } from './postgres-connection.js';
import { ProjectionMemory, projectionInputs } from './projection-memory.js';
import {
  DEFAULT_LEASE_MS,
  claimDueJobs,
  claimDueTimers,
  releaseLease,
  selectOpenUserTasks,
  selectSubscriptions,
} from './queries.js';
import type { ClaimedJob, ClaimedTimer, DueJobOptions, Lease, OpenUserTask, SubscriptionRow, UserTaskFilter } from './queries.js';
import { saveStatements } from './save-sql.js';
import { SnapshotCache } from './snapshot-cache.js';
import type { SaveStatements } from './save-sql.js';
import { claimExternalJobs, extendClaims, selectInstancePage, selectNextDue } from './scale-out-queries.js';
import { WorkChannel, workChannelName } from './work-channel.js';

export type { PostgresStoreOptions };

/**
 * Instances as rows over PostgreSQL, for many engine processes on one database. The snapshot is the
 * truth (a `jsonb` column, read back through readSnapshot); indexed columns and the user task, job,
 * timer and subscription tables are projections of it that every save rewrites in the same statement,
 * so queries over them never open a snapshot. Writes are optimistic: a save names the version it read
 * and loses with ConflictError when another process saved first. `shared` tells the runtime to ask
 * the tables below rather than its own memory (see SharedStore).
 */
export class PostgresStore extends PostgresConnection implements SharedStore {
  readonly shared = true as const;
  /** Default lease owner of this store's claims. */
  readonly ownerId = randomUUID();
  private readonly sql: SaveStatements;
  /** Saves of one id from this process go out in call order (a pool could reorder them). */
  private readonly queue = new KeyedQueue();
  private readonly channel: WorkChannel;
  private readonly projections = new ProjectionMemory();
  private readonly snapshots = new SnapshotCache();
  /** Claims tell the cache which version of each instance they saw. */
  private readonly seen = (rows: readonly Record<string, unknown>[]): void => {
    for (const r of rows) {
      if (r.instance_version === null || r.instance_version === undefined) continue;
      const id = r.instance_id as string;
      const version = Number(r.instance_version);
      if (typeof r.instance_snapshot === 'string') this.snapshots.offer(id, version, r.instance_snapshot);
      this.snapshots.hint(id, version);
    }
  };

  constructor(options: PostgresStoreOptions) {
    super(options);
    this.sql = saveStatements(this.q);
    this.channel = new WorkChannel(() => this.db(), workChannelName(this.schema), this.ownerId);
  }

  async open(): Promise<void> {
    await this.connect();
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    await this.queue.drain();
    await this.channel.close();
    await this.disconnect();
  }

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const held = this.snapshots.take(instanceId);
    if (held !== undefined) return this.parseSnapshot(held, instanceId);
    const res = await this.run('load instance', `SELECT snapshot::text AS s FROM ${this.q}.instances WHERE id = $1`, [instanceId]);
    const row = res.rows[0];
    if (row === undefined) {
      this.snapshots.forget(instanceId);
      return undefined;
    }
    const snapshot = this.parseSnapshot(row.s as string, instanceId);
    this.projections.remember(instanceId, snapshot.version, projectionInputs(snapshot));
    this.snapshots.remember(instanceId, snapshot.version, row.s as string);
    return snapshot;
  }

  /** History, when given, is inserted by the same statement (one transaction): on conflict it is not. */
  async saveInstance(snapshot: Snapshot, expectedVersion: number | undefined, history?: readonly HistoryEvent[]): Promise<void> {
    const id = snapshot.instanceId;
    const version = snapshot.version;
    if (typeof id !== 'string' || id === '') throw new StoreError('snapshot has no instanceId');
    if (!Number.isSafeInteger(version)) {
      throw new StoreError(`snapshot version must be an integer, got ${String(version)}`, { instanceId: id });
    }
    // Everything is taken from the object now: the engine goes on mutating it while the save is queued.
    const params = [
      id,
      expectedVersion ?? null,
      version,
      snapshot.process?.key,
      snapshot.process?.version,
      snapshot.status,
      snapshot.businessKey ?? null,
      snapshot.parentInstanceId ?? null,
      JSON.stringify(snapshot),
      history === undefined || history.length === 0 ? null : JSON.stringify(history),
    ];
    const inputs = projectionInputs(snapshot);
    return this.queue.run(id, async () => {
      const mask = this.projections.mask(id, expectedVersion, inputs);
      const sql = expectedVersion === undefined ? this.sql.insert(mask) : this.sql.update(mask);
      const res = await this.run('save instance', sql, params, id).catch((e: unknown) => {
        this.projections.forget(id);
        this.snapshots.forget(id);
        throw e;
      });
      if (res.rows[0]?.saved === 1) {
        this.projections.remember(id, version, inputs);
        this.snapshots.remember(id, version, params[8] as string);
        return;
      }
      this.projections.forget(id);
      this.snapshots.forget(id);
      const stored = await this.run('read version', `SELECT version FROM ${this.q}.instances WHERE id = $1`, [id], id);
      const storedVersion = stored.rows[0] === undefined ? undefined : Number(stored.rows[0].version);
      checkExpectedVersion(id, storedVersion, expectedVersion);
      throw new ConflictError(`instance ${id} changed underneath while saving version ${version}`, { instanceId: id });
    });
  }

  async deleteInstance(instanceId: string): Promise<void> {
    this.projections.forget(instanceId);
    this.snapshots.forget(instanceId);
    await this.queue.run(instanceId, () => this.run('delete instance', `DELETE FROM ${this.q}.instances WHERE id = $1`, [instanceId], instanceId));
  }

  async loadAllInstances(): Promise<Snapshot[]> {
    const res = await this.run('load instances', `SELECT id, snapshot::text AS s FROM ${this.q}.instances ORDER BY id COLLATE "C"`, []);
    return res.rows.map((r) => this.parseSnapshot(r.s as string, r.id as string));
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.run('append history', this.sql.appendHistory, [instanceId, JSON.stringify(events)], instanceId);
  }

  async readHistory(instanceId: string): Promise<HistoryEvent[]> {
    const res = await this.run(
      'read history',
      `SELECT event::text AS e FROM ${this.q}.history WHERE instance_id = $1 ORDER BY position`,
      [instanceId],
      instanceId,
    );
    return res.rows.map((r) => JSON.parse(r.e as string) as HistoryEvent);
  }

  async deleteHistory(instanceId: string): Promise<void> {
    await this.run('delete history', `DELETE FROM ${this.q}.history WHERE instance_id = $1`, [instanceId], instanceId);
  }

  /** Saving an existing deployment id replaces it. */
  async saveDeployment(deployment: StoredDeployment): Promise<void> {
    if (typeof deployment.id !== 'string' || deployment.id === '') throw new StoreError('deployment has no id');
    await this.run(
      'save deployment',
      `INSERT INTO ${this.q}.deployments (id, name, hash, deployed_at, deployment) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, hash = EXCLUDED.hash,
         deployed_at = EXCLUDED.deployed_at, deployment = EXCLUDED.deployment`,
      [deployment.id, deployment.name ?? null, deployment.hash, deployment.deployedAt, JSON.stringify(deployment)],
    );
  }

  /** Oldest first (by `deployedAt`; equal times by id). */
  async loadDeployments(): Promise<StoredDeployment[]> {
    const res = await this.run('load deployments', `SELECT id, deployment::text AS d FROM ${this.q}.deployments ORDER BY id COLLATE "C"`, []);
    return res.rows
      .map((r) => readDeployment(this.parseJson(r.d as string, `deployments/${r.id as string}`), this.where(`deployments/${r.id as string}`).file))
      .sort(byDeployedAt);
  }

  /** Claim due jobs for this process (see claimDueJobs); each comes back once per lease. */
  async dueJobs(now: Date, limit: number, options: DueJobOptions = {}): Promise<ClaimedJob[]> {
    return this.guard('claim due jobs', () => claimDueJobs(this.db(), this.q, now, limit, { ...options, ...this.lease(options) }, this.seen));
  }

  /** Claim due timers of running instances, like dueJobs. */
  async dueTimers(now: Date, limit: number, options: Lease = {}): Promise<ClaimedTimer[]> {
    return this.guard('claim due timers', () => claimDueTimers(this.db(), this.q, now, limit, this.lease(options), this.seen));
  }

  /** Drop a claim this owner holds; false when it holds none (expired and taken, or the job is gone). */
  async releaseClaim(kind: 'job' | 'timer', instanceId: string, id: string, owner: string = this.ownerId): Promise<boolean> {
    return this.guard('release claim', () => releaseLease(this.db(), this.q, kind === 'job' ? 'jobs' : 'timers', instanceId, id, owner));
  }

  async openUserTasks(filter: UserTaskFilter = {}): Promise<OpenUserTask[]> {
    return this.guard('query user tasks', () => selectOpenUserTasks(this.db(), this.q, filter));
  }

  /** Open subscriptions for a message or signal name, optionally only those with `correlationKey`. */
  async subscriptionsByName(kind: SubscriptionRow['kind'], name: string, correlationKey?: string): Promise<SubscriptionRow[]> {
    return this.guard('query subscriptions', () => selectSubscriptions(this.db(), this.q, kind, name, correlationKey));
  }

  async extendClaims(claims: readonly ClaimKey[], now: Date, leaseMs: number, owner: string = this.ownerId): Promise<void> {
    if (claims.length === 0) return;
    await this.guard('extend claims', () => extendClaims(this.db(), this.q, claims, now, leaseMs, owner));
  }

  async nextDue(now: Date, options: DueJobOptions = {}): Promise<string | undefined> {
    return this.guard('query next due', () => selectNextDue(this.db(), this.q, now, options.handledTypes ?? null));
  }

  async claimExternalJobs(topics: readonly string[], now: Date, limit: number, options: DueJobOptions & { usePriority?: boolean } = {}): Promise<ClaimedJob[]> {
    const { owner, leaseMs } = this.lease(options);
    return this.guard('claim external tasks', () => claimExternalJobs(this.db(), this.q, topics, now, limit, owner, leaseMs, options.handledTypes ?? [], options.usePriority ?? true));
  }

  async pageInstances(query: InstancePageQuery): Promise<{ snapshots: Snapshot[]; last?: InstancePageKey; more: boolean }> {
    const page = await this.guard('query instances', () => selectInstancePage(this.db(), this.q, query));
    const out: { snapshots: Snapshot[]; last?: InstancePageKey; more: boolean } = {
      snapshots: page.rows.map((r) => this.parseSnapshot(r.text, r.id)),
      more: page.more,
    };
    if (page.last !== undefined) out.last = page.last;
    return out;
  }

  async instanceExists(instanceId: string): Promise<boolean> {
    const res = await this.run('find instance', `SELECT 1 FROM ${this.q}.instances WHERE id = $1`, [instanceId], instanceId);
    return res.rows.length > 0;
  }

  async bufferMessage(message: BufferedMessage): Promise<void> {
    await this.guard('buffer message', () => insertBufferedMessage(this.db(), this.q, message));
  }

  async takeBufferedMessages(subscriptions: readonly { name: string; correlationKey?: string }[], now: Date, limit: number): Promise<BufferedMessage[]> {
    if (subscriptions.length === 0) return [];
    return this.guard('take buffered messages', () => deleteMatchingMessages(this.db(), this.q, subscriptions, now, limit));
  }

  async bufferedUntil(now: Date): Promise<string | undefined> {
    return this.guard('query message buffer', () => latestBufferExpiry(this.db(), this.q, now));
  }

  async claimMessageId(messageId: string, now: Date, ttlMs: number): Promise<{ claimed: true } | { claimed: false; result?: unknown }> {
    return this.guard('claim message id', () => claimMessageId(this.db(), this.q, messageId, now, ttlMs));
  }

  async recordMessageResult(messageId: string, result: unknown): Promise<void> {
    await this.guard('record message result', () => updateMessageResult(this.db(), this.q, messageId, result));
  }

  async forgetMessageId(messageId: string): Promise<void> {
    await this.guard('forget message id', () => deleteMessageId(this.db(), this.q, messageId));
  }

  /** A session-level advisory lock on a connection of its own, held while `work` runs. */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = `bpmn-runner:${this.schema}:${name}`;
    const client = await this.guard('take lock', () => this.db().connect());
    let healthy = true;
    try {
      await this.guard('take lock', () => client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]));
      return await work();
    } finally {
      // A connection that cannot unlock is thrown away: closing it drops the lock.
      await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key]).catch(() => (healthy = false));
      client.release(!healthy);
    }
  }

  async replaceStartTimers(deploymentId: string, expected: readonly StartTimerState[], next: readonly StartTimerState[]): Promise<boolean> {
    return this.guard('update start timers', () => compareAndSetStartTimers(this.db(), this.q, deploymentId, expected, next));
  }

  async loadStartTimers(): Promise<{ deploymentId: string; startTimers: StartTimerState[] }[]> {
    return this.guard('load start timers', () => selectStartTimers(this.db(), this.q));
  }

  async deploymentIds(): Promise<string[]> {
    return this.guard('list deployments', () => selectDeploymentIds(this.db(), this.q));
  }

  notifyWork(event: WorkEvent): void {
    if (this.isOpen) this.channel.notify(event);
  }

  async listenForWork(listener: (event: WorkEvent) => void): Promise<() => Promise<void>> {
    this.db();
    return this.channel.listen(listener);
  }

  private lease(options: Lease): Required<Lease> {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(Number.isFinite(leaseMs) && leaseMs > 0)) throw new StoreError(`leaseMs must be a positive number, got ${String(leaseMs)}`);
    return { owner: options.owner ?? this.ownerId, leaseMs };
  }
}
