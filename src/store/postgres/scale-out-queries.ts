import type { Pool } from 'pg';
import type { ClaimKey, ClaimedJob, InstancePageKey, InstancePageQuery } from '../shared-store.js';
import { RUNNABLE_JOB, byDue, dueInPriorityOrder, prioritiesCte, toClaimedJob } from './queries.js';

/**
 * The reads and claims a runtime of many processes needs besides the due-work claims in queries.ts:
 * external tasks for fetchAndLock, lease heart-beats, the next due time, instance pages. Each is one
 * statement over an index; none opens a snapshot except the page of instances it returns.
 */

type Row = Record<string, unknown>;

const RUNNABLE = `instance_status = 'RUNNING' AND NOT has_incident`;

/**
 * Claim external tasks of `topics` for a fetchAndLock: candidates are row-locked with SKIP LOCKED (a
 * concurrent fetch passes over them), then at most `limit` are leased, highest priority first (with
 * `usePriority`), one per instance per round so one busy instance cannot starve the others. The caller
 * locks each through a command on its instance and then releases the lease.
 */
export async function claimExternalJobs(
  pool: Pool, s: string, topics: readonly string[], now: Date, limit: number, owner: string, leaseMs: number, handled: readonly string[], usePriority = true,
): Promise<ClaimedJob[]> {
  const filter = `kind IN ('service', 'listener') AND type = ANY ($2::text[]) AND NOT (type = ANY ($6::text[]))
         AND (retries IS NULL OR retries > 0)
         AND (lock_expires_at IS NULL OR lock_expires_at <= $1::timestamptz)
         AND (lease_expires_at IS NULL OR lease_expires_at <= $1::timestamptz)`;
  // Without usePriority every candidate counts as priority 0: due order, one index range.
  const candidates = usePriority
    ? `${prioritiesCte(s, 'jobs', RUNNABLE_JOB)},
     cand AS (${dueInPriorityOrder(s, 'jobs', RUNNABLE, filter, '$3 * 4', 'ctid AS row_ctid, instance_id, id, due_at, priority AS prio')})`
    : `cand AS (
       SELECT ctid AS row_ctid, instance_id, id, due_at, 0 AS prio FROM ${s}.jobs
       WHERE ${RUNNABLE} AND due_at <= $1::timestamptz AND ${filter}
       ORDER BY due_at, instance_id COLLATE "C", id COLLATE "C"
       LIMIT $3 * 4
       FOR UPDATE SKIP LOCKED
     )`;
  const res = await pool.query<Row>(
    `WITH RECURSIVE ${candidates},
     pick AS (
       SELECT row_ctid FROM (
         SELECT row_ctid, instance_id, id, due_at, prio, row_number() OVER (PARTITION BY instance_id, prio ORDER BY due_at, id COLLATE "C") AS round FROM cand
       ) r ORDER BY prio DESC, round, due_at, instance_id COLLATE "C", id COLLATE "C" LIMIT $3
     )
     UPDATE ${s}.jobs j SET lease_owner = $4, lease_expires_at = $1::timestamptz + make_interval(secs => $5::double precision / 1000)
     WHERE j.ctid = ANY (ARRAY(SELECT row_ctid FROM pick))
     RETURNING j.*`,
    [now, [...topics], limit, owner, leaseMs, [...handled]],
  );
  const claimed = res.rows.map(toClaimedJob);
  if (!usePriority) for (const c of claimed) delete c.priority;
  return claimed.sort(byDue((j) => j.jobId));
}

/** Heart-beat for work still running: its leases are pushed out; rows another owner took are left alone. */
export async function extendClaims(pool: Pool, s: string, claims: readonly ClaimKey[], now: Date, leaseMs: number, owner: string): Promise<void> {
  for (const table of ['jobs', 'timers'] as const) {
    const mine = claims.filter((c) => (c.kind === 'job') === (table === 'jobs'));
    if (mine.length === 0) continue;
    await pool.query(
      `UPDATE ${s}.${table} t SET lease_expires_at = $1::timestamptz + make_interval(secs => $2::double precision / 1000)
       FROM unnest($4::text[], $5::text[]) AS c(instance_id, id)
       WHERE t.instance_id = c.instance_id AND t.id = c.id AND t.lease_owner = $3`,
      [now, leaseMs, owner, mine.map((c) => c.instanceId), mine.map((c) => c.id)],
    );
  }
}

/**
 * When work next falls due for a process handling `handled` (null: every type): the earliest future due
 * time of a runnable job or timer, or the moment a lease on work already due runs out (its holder may
 * have died).
 */
export async function selectNextDue(pool: Pool, s: string, now: Date, handled: readonly string[] | null): Promise<string | undefined> {
  const res = await pool.query<{ next: Date | null }>(
    `SELECT least(
       (SELECT min(due_at) FROM ${s}.jobs WHERE ${RUNNABLE} AND due_at > $1::timestamptz
          AND ($2::text[] IS NULL OR kind NOT IN ('service', 'listener') OR type = ANY ($2::text[]))),
       (SELECT min(lease_expires_at) FROM ${s}.jobs WHERE ${RUNNABLE} AND due_at <= $1::timestamptz AND lease_expires_at > $1::timestamptz),
       (SELECT min(due_at) FROM ${s}.timers WHERE instance_status = 'RUNNING' AND due_at > $1::timestamptz),
       (SELECT min(lease_expires_at) FROM ${s}.timers WHERE instance_status = 'RUNNING' AND due_at <= $1::timestamptz AND lease_expires_at > $1::timestamptz)
     ) AS next`,
    [now, handled === null ? null : [...handled]],
  );
  const next = res.rows[0]?.next;
  return next instanceof Date ? next.toISOString() : undefined;
}

/** Newest first, ties by id; keyset paging, so instances started meanwhile do not shift the pages. */
export async function selectInstancePage(
  pool: Pool, s: string, q: InstancePageQuery,
): Promise<{ rows: { id: string; text: string }[]; last?: InstancePageKey; more: boolean }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown): string => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.processKey !== undefined) where.push(`process_key = ${param(q.processKey)}`);
  if (q.status !== undefined) where.push(`status = ${param(q.status)}`);
  if (q.businessKey !== undefined) where.push(`business_key = ${param(q.businessKey)}`);
  if (q.after !== undefined) {
    const at = param(q.after.startedAt);
    where.push(`(started_at < ${at} OR (started_at = ${at} AND id COLLATE "C" > ${param(q.after.id)}))`);
  }
  const limit = param(q.limit + 1);
  const res = await pool.query<Row>(
    `SELECT id, started_at, snapshot::text AS s FROM ${s}.instances ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY started_at DESC, id COLLATE "C" LIMIT ${limit}`,
    params,
  );
  const more = res.rows.length > q.limit;
  const rows = res.rows.slice(0, q.limit);
  const lastRow = rows[rows.length - 1];
  const page: { rows: { id: string; text: string }[]; last?: InstancePageKey; more: boolean } = {
    rows: rows.map((r) => ({ id: r.id as string, text: r.s as string })),
    more,
  };
  if (lastRow !== undefined) page.last = { startedAt: lastRow.started_at as string, id: lastRow.id as string };
  return page;
}
