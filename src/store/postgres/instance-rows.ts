import { ConflictError, StoreError } from '../../errors/index.js';
import type { HistoryEvent, Snapshot } from '../../engine/state.js';
import { readDeployment } from '../deployment-schema.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { InstancePageKey, InstancePageQuery } from '../shared-store.js';
import type { StoredDeployment } from '../types.js';
import { byDeployedAt, checkExpectedVersion } from '../version-check.js';
import { PostgresConnection, type PostgresStoreOptions } from './postgres-connection.js';
import { ProjectionMemory, projectionInputs } from './projection-memory.js';
import { saveStatements } from './save-sql.js';
import type { SaveStatements } from './save-sql.js';
import { selectInstancePage } from './scale-out-queries.js';
import { SnapshotCache } from './snapshot-cache.js';

/**
 * The rows PostgresStore keeps (instances with their history, deployments) and the memory that makes
 * saving them cheap: which projections a save may skip, which snapshot text a load may reuse. Every
 * read and write of an instance row must keep that memory true, so they live together here, apart
 * from the scale-out surface PostgresStore adds (claims, message buffer, locks, work channel), which
 * reaches the memory only through `seen`.
 */
export abstract class PostgresInstanceRows extends PostgresConnection {
  private readonly sql: SaveStatements;
  /** Saves of one id from this process go out in call order (a pool could reorder them). */
  protected readonly queue = new KeyedQueue();
  private readonly projections = new ProjectionMemory();
  private readonly snapshots = new SnapshotCache();
  /** Claims tell the cache which version of each instance they saw. */
  protected readonly seen = (rows: readonly Record<string, unknown>[]): void => {
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
}
