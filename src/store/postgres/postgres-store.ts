import { randomUUID } from 'node:crypto';
import { StoreError } from '../../errors/index.js';
import type { BufferedMessage, ClaimKey, SharedStore, WorkEvent } from '../shared-store.js';
import type { StartTimerState } from '../types.js';
import { compareAndSetStartTimers, selectDeploymentIds, selectStartTimers } from './deployment-queries.js';
import { PostgresInstanceRows } from './instance-rows.js';
import { claimMessageId, deleteMatchingMessages, deleteMessageId, insertBufferedMessage, latestBufferExpiry, updateMessageResult } from './message-queries.js';
import type { PostgresStoreOptions } from './postgres-connection.js';
import {
  DEFAULT_LEASE_MS,
  claimDueJobs,
  claimDueTimers,
  releaseLease,
  selectOpenUserTasks,
  selectSubscriptions,
} from './queries.js';
import type { ClaimedJob, ClaimedTimer, DueJobOptions, Lease, OpenUserTask, SubscriptionRow, UserTaskFilter } from './queries.js';
import { claimExternalJobs, extendClaims, selectNextDue } from './scale-out-queries.js';
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
export class PostgresStore extends PostgresInstanceRows implements SharedStore {
  readonly shared = true as const;
  /** Default lease owner of this store's claims. */
  readonly ownerId = randomUUID();
  private readonly channel: WorkChannel;

  constructor(options: PostgresStoreOptions) {
    super(options);
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
