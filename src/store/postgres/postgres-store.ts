import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Pool } from 'pg';
import { BpmnRunnerError, ConflictError, StoreError } from '../../errors/index.js';
import type { HistoryEvent, Snapshot } from '../../engine/state.js';
import { readDeployment } from '../deployment-schema.js';
import { KeyedQueue } from '../keyed-queue.js';
import { readSnapshot } from '../snapshot-schema.js';
import type { Store, StoredDeployment } from '../types.js';
import { byDeployedAt, checkExpectedVersion } from '../version-check.js';
import { migrateSchema, quoteSchemaName } from './migrations.js';
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
import type { SaveStatements } from './save-sql.js';

export interface PostgresStoreOptions {
  /** e.g. `postgres://postgres@127.0.0.1:5432/test`; the store makes (and on close ends) its own pool. */
  connectionString?: string;
  /** A pool the caller owns: the store uses it and leaves it open on close. */
  pool?: Pool;
  /** Schema holding the tables; default `bpmn_runner`. Lower-case letters, digits and `_` only. */
  schema?: string;
  /** Default true: `open()` applies pending schema migrations. false: `open()` fails when any are pending. */
  migrate?: boolean;
  /** Connections of a pool the store makes itself; default 10. */
  maxConnections?: number;
}

/**
 * Instances as rows over PostgreSQL, for many engine processes on one database. The snapshot is the
 * truth (a `jsonb` column, read back through readSnapshot); indexed columns and the user task, job,
 * timer and subscription tables are projections of it that every save rewrites in the same statement,
 * so queries over them never open a snapshot. Writes are optimistic: a save names the version it read
 * and loses with ConflictError when another process saved first.
 */
export class PostgresStore implements Store {
  readonly schema: string;
  /** Default lease owner of this store's claims. */
  readonly ownerId = randomUUID();
  private readonly q: string;
  private readonly ownsPool: boolean;
  private readonly migrate: boolean;
  private readonly sql: SaveStatements;
  private pool: Pool | undefined;
  private opened = false;
  /** Saves of one id from this process go out in call order (a pool could reorder them). */
  private readonly queue = new KeyedQueue();
  /**
   * Every statement this class sends is one of a fixed few texts, so each runs as a named prepared
   * statement: a connection parses and plans it once (planning the save alone measured ~1 ms).
   */
  private readonly statementNames = new Map<string, string>();

  constructor(private readonly options: PostgresStoreOptions) {
    if (options?.pool === undefined && (typeof options?.connectionString !== 'string' || options.connectionString === '')) {
      throw new StoreError('PostgresStore needs { connectionString } or { pool }');
    }
    this.schema = options.schema ?? 'bpmn_runner';
    this.q = quoteSchemaName(this.schema);
    this.ownsPool = options.pool === undefined;
    this.migrate = options.migrate ?? true;
    this.sql = saveStatements(this.q);
  }

  async open(): Promise<void> {
    if (this.opened) return;
    const pool = this.options.pool ?? new pg.Pool({ connectionString: this.options.connectionString, max: this.options.maxConnections ?? 10 });
    if (this.ownsPool) pool.on('error', () => {}); // an idle client's lost connection; the next query reports it
    try {
      const client = await pool.connect();
      try {
        await migrateSchema(client, this.schema, this.migrate);
      } finally {
        client.release();
      }
    } catch (e) {
      if (this.ownsPool) await pool.end().catch(() => {});
      throw this.storeError('open', e);
    }
    this.pool = pool;
    this.opened = true;
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    await this.queue.drain();
    this.opened = false;
    const pool = this.pool;
    this.pool = undefined;
    if (this.ownsPool && pool !== undefined) await pool.end();
  }

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const res = await this.run('load instance', `SELECT snapshot::text AS s FROM ${this.q}.instances WHERE id = $1`, [instanceId]);
    const row = res.rows[0];
    return row === undefined ? undefined : this.parseSnapshot(row.s as string, instanceId);
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
    const sql = expectedVersion === undefined ? this.sql.insert : this.sql.update;
    return this.queue.run(id, async () => {
      const res = await this.run('save instance', sql, params, id);
      if (res.rows[0]?.saved === 1) return;
      const stored = await this.run('read version', `SELECT version FROM ${this.q}.instances WHERE id = $1`, [id], id);
      const storedVersion = stored.rows[0] === undefined ? undefined : Number(stored.rows[0].version);
      checkExpectedVersion(id, storedVersion, expectedVersion);
      throw new ConflictError(`instance ${id} changed underneath while saving version ${version}`, { instanceId: id });
    });
  }

  async deleteInstance(instanceId: string): Promise<void> {
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
    return this.guard('claim due jobs', () => claimDueJobs(this.db(), this.q, now, limit, { ...options, ...this.lease(options) }));
  }

  /** Claim due timers of running instances, like dueJobs. */
  async dueTimers(now: Date, limit: number, options: Lease = {}): Promise<ClaimedTimer[]> {
    return this.guard('claim due timers', () => claimDueTimers(this.db(), this.q, now, limit, this.lease(options)));
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

  private lease(options: Lease): Required<Lease> {
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(Number.isFinite(leaseMs) && leaseMs > 0)) throw new StoreError(`leaseMs must be a positive number, got ${String(leaseMs)}`);
    return { owner: options.owner ?? this.ownerId, leaseMs };
  }

  private db(): Pool {
    if (this.pool === undefined) throw new StoreError('PostgresStore is not open: call open() first', this.where());
    return this.pool;
  }

  private run(what: string, sql: string, params: unknown[], instanceId?: string): Promise<pg.QueryResult<Record<string, unknown>>> {
    let name = this.statementNames.get(sql);
    if (name === undefined) {
      name = `bpmn-runner-${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      this.statementNames.set(sql, name);
    }
    const query = { name, text: sql, values: params };
    return this.guard(what, () => this.db().query<Record<string, unknown>>(query), instanceId);
  }

  private async guard<T>(what: string, work: () => Promise<T>, instanceId?: string): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw this.storeError(what, e, instanceId);
    }
  }

  private storeError(what: string, e: unknown, instanceId?: string): BpmnRunnerError {
    if (e instanceof BpmnRunnerError) return e;
    const code = (e as { code?: unknown })?.code;
    const message = e instanceof Error ? e.message : String(e);
    const details: Record<string, unknown> = { ...this.where(), ...(instanceId !== undefined && { instanceId }) };
    if (typeof code === 'string') details.pgCode = code;
    // 40001/40P01: the database picked this transaction as the loser of a race; the caller may retry.
    if (code === '40001' || code === '40P01') return new ConflictError(`PostgreSQL ${what} lost a race: ${message}`, details, { cause: e });
    return new StoreError(`PostgreSQL ${what} failed: ${message}`, details, { cause: e });
  }

  private where(table?: string): { file: string } {
    return { file: `postgres:${this.schema}${table === undefined ? '' : `/${table}`}` };
  }

  private parseJson(text: string, table: string): unknown {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new StoreError(`stored JSON is not valid: ${e instanceof Error ? e.message : String(e)}`, this.where(table), { cause: e });
    }
  }

  private parseSnapshot(text: string, id: string): Snapshot {
    const snapshot = readSnapshot(this.parseJson(text, `instances/${id}`), this.where(`instances/${id}`));
    if (snapshot.instanceId !== id) {
      throw new StoreError(`row '${id}' holds instance '${snapshot.instanceId}'`, { ...this.where(`instances/${id}`), instanceId: id });
    }
    return snapshot;
  }
}
