import type pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors/index.js';
import type { Snapshot } from '../../src/engine/state.js';
import { PostgresStore, SCHEMA_MIGRATIONS } from '../../src/store/postgres/index.js';
import type { ClaimedJob } from '../../src/store/postgres/index.js';
import { orderSnapshot } from './snapshot-fixture.js';
import { PG_URL, assertDatabaseReachable, dropSchema, rawClient, testSchemaName } from './postgres-test-db.js';

// Two PostgresStore objects are two engine processes as far as the database can tell: each has its
// own pool, so nothing in this process serialises them.

const NOW = new Date('2024-05-01T12:00:00.000Z');

/** An instance waiting on `jobs` service jobs, all due at once. */
function withJobs(instanceId: string, jobs: number, version = 1): Snapshot {
  const s = orderSnapshot(instanceId, version);
  for (let i = 0; i < jobs; i++) {
    s.jobs.push({ id: `${instanceId}:j${i}`, kind: 'service', elementId: 'charge', tokenId: `t${i}`, type: 'charge', attempt: 0 });
  }
  return s;
}

describe('PostgresStore across processes', () => {
  let schema: string;
  let a: PostgresStore;
  let b: PostgresStore;

  beforeAll(assertDatabaseReachable);

  beforeEach(async () => {
    schema = testSchemaName();
    a = new PostgresStore({ connectionString: PG_URL, schema });
    b = new PostgresStore({ connectionString: PG_URL, schema });
    // Both open a schema that does not exist yet, at once: the advisory lock lets one migrate.
    await Promise.all([a.open(), b.open()]);
  });

  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await dropSchema(schema);
  });

  it('applies each schema migration once when two stores open a fresh schema together', async () => {
    const client = await rawClient();
    try {
      const rows = await client.query(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(rows.rows).toEqual(SCHEMA_MIGRATIONS.map((m) => ({ version: m.version })));
    } finally {
      await client.end();
    }
  });

  it('lets exactly one of two stores win each race to save the same version', async () => {
    await a.saveInstance(orderSnapshot('order-1', 1), undefined);

    for (let version = 1; version <= 20; version++) {
      const results = await Promise.allSettled([
        a.saveInstance({ ...orderSnapshot('order-1', version + 1), businessKey: `a${version}` }, version),
        b.saveInstance({ ...orderSnapshot('order-1', version + 1), businessKey: `b${version}` }, version),
      ]);

      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(ConflictError);
      const winner = results[0]!.status === 'fulfilled' ? `a${version}` : `b${version}`;
      expect(await b.loadInstance('order-1')).toMatchObject({ version: version + 1, businessKey: winner });
    }
  });

  it('keeps exactly the winning save\'s history when two stores race saves with history', async () => {
    await a.saveInstance(orderSnapshot('order-1', 1), undefined);
    const winners: string[] = [];

    for (let version = 1; version <= 20; version++) {
      // Each loser waits on the winner's row lock, then finds the version moved and must insert nothing.
      const results = await Promise.allSettled([
        a.saveInstance(orderSnapshot('order-1', version + 1), version, [{ seq: version, at: NOW.toISOString(), type: `a${version}` }]),
        b.saveInstance(orderSnapshot('order-1', version + 1), version, [{ seq: version, at: NOW.toISOString(), type: `b${version}` }]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      winners.push(results[0]!.status === 'fulfilled' ? `a${version}` : `b${version}`);
    }

    expect((await b.readHistory('order-1')).map((e) => e.type)).toEqual(winners);
  });

  it('lets exactly one of two stores create an instance id', async () => {
    const results = await Promise.allSettled([
      a.saveInstance({ ...orderSnapshot('order-1'), businessKey: 'a' }, undefined),
      b.saveInstance({ ...orderSnapshot('order-1'), businessKey: 'b' }, undefined),
    ]);

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(ConflictError);
    expect(lost?.reason.message).toMatch(/instance id already in use/);
  });

  it('never hands the same due job to both of two stores claiming at once', async () => {
    for (let i = 0; i < 30; i++) await a.saveInstance(withJobs(`order-${i}`, 2), undefined);

    const drain = async (store: PostgresStore): Promise<ClaimedJob[]> => {
      const claimed: ClaimedJob[] = [];
      for (;;) {
        const batch = await store.dueJobs(NOW, 4);
        if (batch.length === 0) return claimed;
        claimed.push(...batch);
      }
    };
    const [byA, byB] = await Promise.all([drain(a), drain(b)]);

    const keys = [...byA, ...byB].map((j) => j.jobId);
    expect(keys).toHaveLength(60);
    expect(new Set(keys).size).toBe(60);
    expect(byA.every((j) => j.leaseOwner === a.ownerId)).toBe(true);
    expect(byB.every((j) => j.leaseOwner === b.ownerId)).toBe(true);
  });

  it('passes over jobs another transaction has locked instead of waiting for it', async () => {
    for (let i = 0; i < 4; i++) await a.saveInstance(withJobs(`order-${i}`, 1), undefined);
    const holder: pg.Client = await rawClient();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT id FROM "${schema}".jobs WHERE instance_id IN ('order-0', 'order-1') FOR UPDATE`);

      // Without SKIP LOCKED this claim would block until the holder commits, and the test would time out.
      const whileLocked = await b.dueJobs(NOW, 10);

      expect(whileLocked.map((j) => j.instanceId)).toEqual(['order-2', 'order-3']);
      await holder.query('COMMIT');
    } finally {
      await holder.end();
    }
    expect((await b.dueJobs(NOW, 10)).map((j) => j.instanceId)).toEqual(['order-0', 'order-1']);
  });

  it('keeps a claimed job from other stores until its lease runs out', async () => {
    await a.saveInstance(withJobs('order-1', 1), undefined);

    const first = await a.dueJobs(NOW, 10, { leaseMs: 60_000 });
    const duringLease = await b.dueJobs(new Date(NOW.getTime() + 59_999), 10);
    const afterLease = await b.dueJobs(new Date(NOW.getTime() + 60_000), 10);

    expect(first).toMatchObject([{ jobId: 'order-1:j0', leaseOwner: a.ownerId, leaseExpiresAt: '2024-05-01T12:01:00.000Z' }]);
    expect(duringLease).toEqual([]);
    expect(afterLease).toMatchObject([{ jobId: 'order-1:j0', leaseOwner: b.ownerId }]);
  });

  it('frees a claim when a save records a new attempt of the job, and keeps it through unrelated saves', async () => {
    await a.saveInstance(withJobs('order-1', 1), undefined);
    await a.dueJobs(NOW, 10);

    await a.saveInstance({ ...withJobs('order-1', 1, 2), businessKey: 'unrelated change' }, 1);
    const afterUnrelated = await b.dueJobs(NOW, 10);
    const retry = withJobs('order-1', 1, 3);
    retry.jobs[0]!.attempt = 1;
    await a.saveInstance(retry, 2);
    const afterRetry = await b.dueJobs(NOW, 10);

    expect(afterUnrelated).toEqual([]);
    expect(afterRetry).toMatchObject([{ jobId: 'order-1:j0', attempt: 1, leaseOwner: b.ownerId }]);
  });

  it('gives a claim back on release, only to its owner', async () => {
    await a.saveInstance(withJobs('order-1', 1), undefined);
    await a.dueJobs(NOW, 10);

    const byOther = await b.releaseClaim('job', 'order-1', 'order-1:j0');
    const byOwner = await a.releaseClaim('job', 'order-1', 'order-1:j0');

    expect([byOther, byOwner]).toEqual([false, true]);
    expect(await b.dueJobs(NOW, 10)).toHaveLength(1);
  });
});
