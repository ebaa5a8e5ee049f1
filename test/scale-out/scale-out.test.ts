import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { PG_URL, assertDatabaseReachable, dropSchema, testSchemaName } from '../store/postgres-test-db.js';
import { EngineCluster, instanceCounts, readCalls } from './engine-cluster.js';

// Several engine processes (child processes, each an Engine over its own PostgresStore) run orders
// of test/scale-out/scale-out.bpmn over one fresh schema: the charge is a job any process may claim
// (every FAIL_EVERY-th fails once and is retried 200 ms later, by whichever process claims it), the
// approval is completed by a process other than the one that started the order, the cooling-off timer
// is fired by whichever process claims it. `npm test` runs N = 1,000; `npm run test:scale-out` runs
// 10,000 (BPMN_RUNNER_SCALE_OUT_N).

const N = Number(process.env.BPMN_RUNNER_SCALE_OUT_N ?? '1000');
const PROCESSES = Number(process.env.BPMN_RUNNER_SCALE_OUT_PROCESSES ?? '3');
const FAIL_EVERY = 50;
/** Generous: a loaded 2-core machine with PostgreSQL on the same cores. */
const RUN_TIMEOUT_MS = Math.max(120_000, N * 30);

/** Orders `from … to-1` split over the processes; process k's orders are approved by process k+1. */
function plan(from: number, to: number): { indexes: number[]; approvers: string[] }[] {
  const parts = Array.from({ length: PROCESSES }, () => ({ indexes: [] as number[], approvers: [] as string[] }));
  for (let i = from; i < to; i++) {
    const k = i % PROCESSES;
    parts[k]!.indexes.push(i);
    parts[k]!.approvers.push(`p${(k + 1) % PROCESSES}`);
  }
  return parts;
}

/** Every service call the flow of order i should make, as `instanceId element attempt`. */
function expectedCalls(from: number, to: number): string[] {
  const keys: string[] = [];
  for (let i = from; i < to; i++) {
    keys.push(`so-${i} charge 1`);
    if (i % FAIL_EVERY === 0) keys.push(`so-${i} charge 2`);
    keys.push(`so-${i} ship 1`, `so-${i} notify 1`);
  }
  return keys.sort();
}

describe(`${PROCESSES} engine processes over one PostgreSQL schema`, () => {
  let schema: string;
  let callsDir: string;
  let cluster: EngineCluster | undefined;
  let db: pg.Client;

  beforeAll(assertDatabaseReachable);
  beforeEach(async () => {
    schema = testSchemaName();
    callsDir = await mkdtemp(join(tmpdir(), 'bpmn-scale-out-'));
    // Migrated once here; the engine processes open with migrate: false, as in production.
    const store = new PostgresStore({ connectionString: PG_URL, schema });
    await store.open();
    await store.close();
    db = new pg.Client({ connectionString: PG_URL });
    await db.connect();
  });
  afterEach(async () => {
    await cluster?.stop();
    cluster = undefined;
    await db.end();
    await dropSchema(schema);
    await rm(callsDir, { recursive: true, force: true });
  });

  const completed = async (n: number): Promise<boolean> => ((await instanceCounts(db, schema)).byStatus.COMPLETED ?? 0) >= n;

  it(`completes ${N} orders; every handler runs once per attempt; approvals come from another process; no incident`, async () => {
    cluster = await EngineCluster.start({ url: PG_URL, schema, processes: PROCESSES, callsDir, failEvery: FAIL_EVERY });
    const c = cluster;
    for (let k = 0; k < PROCESSES; k++) c.approve(k, `p${k}`);

    const started = await Promise.all(plan(0, N).map((p, k) => c.startOrders(k, p.indexes, p.approvers)));
    await c.until(`${N} orders to complete`, RUN_TIMEOUT_MS, () => completed(N));

    expect(started.reduce((sum, s) => sum + s.count, 0)).toBe(N);
    const counts = await instanceCounts(db, schema);
    expect(counts).toEqual({ byStatus: { COMPLETED: N }, withIncidents: 0 });
    const calls = await readCalls(callsDir);
    expect([...calls.keys()].sort()).toEqual(expectedCalls(0, N));
    const repeated = [...calls].filter(([, pids]) => pids.length !== 1);
    expect(repeated).toEqual([]);
    // ship runs inside the approval, in the process that approved: never the one that started the order
    const pids = c.members.map((m) => m.pid);
    for (let i = 0; i < N; i++) expect(calls.get(`so-${i} ship 1`)).toEqual([pids[((i % PROCESSES) + 1) % PROCESSES]]);
    // charges and timers went to whichever process claimed them: more than one did
    const chargers = new Set([...calls].filter(([k]) => k.includes(' charge ')).map(([, p]) => p[0]));
    expect(chargers.size).toBeGreaterThan(1);
  }, RUN_TIMEOUT_MS + 60_000);

  it('finishes the work of a process killed with kill -9 in the middle of the run', async () => {
    cluster = await EngineCluster.start({ url: PG_URL, schema, processes: PROCESSES, callsDir, failEvery: FAIL_EVERY });
    const c = cluster;
    for (let k = 0; k < PROCESSES; k++) c.approve(k, `p${k}`);
    const parts = plan(0, N);
    const starts = parts.map((p, k) => c.startOrders(k, p.indexes, p.approvers).catch(() => undefined));

    // when a fifth of the orders are done, process 0 dies holding whatever it holds
    await c.until(`${N / 5} orders to complete`, RUN_TIMEOUT_MS, () => completed(N / 5));
    const killedPid = c.kill(0);
    const atKill = (await instanceCounts(db, schema)).byStatus.COMPLETED ?? 0;
    // the survivors take over its approvals and start what it had not started (ids already used are skipped)
    c.approve(1, 'p0');
    const retaken = await c.startOrders(1, parts[0]!.indexes, parts[0]!.approvers);
    await Promise.all(starts.slice(1));
    await c.until(`${N} orders to complete after the kill`, RUN_TIMEOUT_MS, () => completed(N));

    expect(atKill).toBeLessThan(N);
    expect(retaken.count + retaken.skipped).toBe(parts[0]!.indexes.length);
    expect(await instanceCounts(db, schema)).toEqual({ byStatus: { COMPLETED: N }, withIncidents: 0 });
    const calls = await readCalls(callsDir);
    expect([...calls.keys()].sort()).toEqual(expectedCalls(0, N));
    // A call is repeated only when the killed process made it and died before storing its outcome
    // (at-least-once): every repeat includes a call from the killed pid, and there are few of them.
    const repeated = [...calls].filter(([, pids]) => pids.length > 1);
    for (const [key, pids] of repeated) expect({ key, fromKilled: pids.includes(killedPid) }).toEqual({ key, fromKilled: true });
    expect(repeated.length).toBeLessThanOrEqual(64);
  }, 2 * RUN_TIMEOUT_MS + 60_000);
});
