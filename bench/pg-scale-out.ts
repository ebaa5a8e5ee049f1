/**
 * Engine processes over one PostgreSQL schema: throughput with 1 and 2 processes, and the latency of
 * one user-task completion.   npm run bench -- --pg [--quick] [--n=4000] [--repeats=3]
 *
 * Each run: a fresh schema, P engine processes (test/scale-out/engine-process.ts), n orders of
 * test/scale-out/scale-out.bpmn started evenly over the processes, each approved by another process
 * (the only one with P = 1), its charge a job any process claims, its timer (PT0S here) fired by any
 * process. Timed from the first start to the last order COMPLETED (read from the database). An order
 * is 4 stored commands (start, charge job, approval, timer). Then, with the cluster idle, process 0
 * completes 200 tasks one at a time: that is the completion latency. Writes bench/pg-results.json.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresStore } from '../src/store/postgres/index.js';
import { backendsCpuMs, postgresCpuMs } from './pg-cpu.js';
import { EngineCluster, instanceCounts } from '../test/scale-out/engine-cluster.js';

const PG_URL = process.env.BPMN_RUNNER_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return hit === undefined ? undefined : (hit.split('=')[1] ?? '');
}

interface RunResult {
  processes: number;
  n: number;
  ms: number;
  ordersPerSec: number;
  commandsPerSec: number;
  /** CPU per order in the timed part: the engine processes, and PostgreSQL (all of it: see pg-cpu.ts). */
  engineCpuMsPerOrder: number;
  postgresCpuMsPerOrder?: number;
  /** Only the backends serving the engine processes (other sessions' work on the server left out). */
  backendsCpuMsPerOrder?: number;
  completionMs: { p50: number; p95: number; p99: number };
  load: number[];
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const round = (v: number, d = 1): number => Number(v.toFixed(d));

async function once(processes: number, n: number, latencyCount: number): Promise<RunResult> {
  const schema = `bpmn_bench_${Date.now().toString(36)}_${processes}`;
  const store = new PostgresStore({ connectionString: PG_URL, schema });
  await store.open();
  await store.close();
  const callsDir = await mkdtemp(join(tmpdir(), 'bpmn-pg-bench-'));
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  let cluster: EngineCluster | undefined;
  try {
    // Named, so the backends serving the engine processes can be told from other sessions' (pg-cpu.ts).
    const appName = schema;
    const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}application_name=${appName}`;
    const backends = async (): Promise<Map<number, number>> =>
      backendsCpuMs((await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [appName])).rows.map((r) => r.pid));
    const c = await EngineCluster.start({ url, schema, processes, callsDir, pollMs: 1000, lockMs: 30_000 });
    cluster = c;
    for (let k = 0; k < processes; k++) c.approve(k, `p${k}`);
    const warm = Math.min(1000, n / 4);
    const load = [loadavg()[0]!];
    const parts = (from: number, to: number) => {
      const out = Array.from({ length: processes }, () => ({ indexes: [] as number[], approvers: [] as string[] }));
      for (let i = from; i < to; i++) {
        out[i % processes]!.indexes.push(i);
        out[i % processes]!.approvers.push(`p${((i % processes) + 1) % processes}`);
      }
      return out;
    };
    const done = async (count: number): Promise<boolean> => ((await instanceCounts(db, schema)).byStatus.COMPLETED ?? 0) >= count;
    await Promise.all(parts(0, warm).map((p, k) => c.startOrders(k, p.indexes, p.approvers, 'PT0S')));
    await c.until('warm-up orders', 120_000, () => done(warm));

    const [cpu0, pg0, be0] = [await c.cpuMs(), await postgresCpuMs(), await backends()];
    const t0 = performance.now();
    await Promise.all(parts(warm, warm + n).map((p, k) => c.startOrders(k, p.indexes, p.approvers, 'PT0S')));
    await c.until(`${n} orders`, 600_000, () => done(warm + n));
    const ms = performance.now() - t0;
    const [cpu1, pg1, be1] = [await c.cpuMs(), await postgresCpuMs(), await backends()];
    let beMs = 0;
    for (const [pid, ms] of be1) beMs += ms - (be0.get(pid) ?? 0);
    load.push(loadavg()[0]!);

    // Orders waiting for an approver nobody runs a loop for: process 0 completes them one by one.
    const lat = Array.from({ length: latencyCount }, (_, i) => warm + n + i);
    await c.startOrders(0, lat, lat.map(() => 'latency'), 'PT0S');
    const latencies = (await c.measureApprovals(0, 'latency', latencyCount)).sort((a, b) => a - b);
    const counts = await instanceCounts(db, schema);
    if (counts.withIncidents !== 0) throw new Error(`${counts.withIncidents} instances with incidents`);

    await c.stop();
    return {
      processes,
      n,
      ms: round(ms),
      ordersPerSec: round((n * 1000) / ms),
      commandsPerSec: round((4 * n * 1000) / ms),
      engineCpuMsPerOrder: round((cpu1 - cpu0) / n, 2),
      ...(pg0 !== undefined && pg1 !== undefined ? { postgresCpuMsPerOrder: round((pg1 - pg0) / n, 2) } : {}),
      ...(be1.size > 0 ? { backendsCpuMsPerOrder: round(beMs / n, 2) } : {}),
      completionMs: { p50: round(quantile(latencies, 0.5), 2), p95: round(quantile(latencies, 0.95), 2), p99: round(quantile(latencies, 0.99), 2) },
      load: load.map((l) => round(l, 2)),
    };
  } finally {
    await cluster?.stop();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await db.end();
    await rm(callsDir, { recursive: true, force: true });
  }
}

export async function runPgBench(): Promise<void> {
  const quick = arg('quick') !== undefined;
  const n = Number(arg('n') ?? (quick ? 1000 : 4000));
  const repeats = Number(arg('repeats') ?? (quick ? 1 : 3));
  console.log(`bpmn-runner over PostgreSQL — ${n} orders per run, ${repeats} run(s) per process count (median), ` +
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  console.log('processes   orders/s  commands/s    run ms   CPU ms/order engine + pg (own backends)   completion p50 / p95 / p99 ms   load before→after');
  const medians: RunResult[] = [];
  for (const processes of [1, 2]) {
    const runs: RunResult[] = [];
    // Alternating would mix the two in the load average; the median of several runs each is what counts.
    for (let r = 0; r < repeats; r++) {
      const res = await once(processes, n, 200);
      runs.push(res);
      const cpu = `${res.engineCpuMsPerOrder} + ${res.postgresCpuMsPerOrder ?? '?'} (${res.backendsCpuMsPerOrder ?? '?'})`;
      const lat = `${res.completionMs.p50} / ${res.completionMs.p95} / ${res.completionMs.p99}`;
      console.log(
        `${String(processes).padEnd(9)} ${String(res.ordersPerSec).padStart(10)} ${String(res.commandsPerSec).padStart(11)} ${String(res.ms).padStart(9)}   ` +
          `${cpu.padStart(38)}   ${lat.padStart(29)}   ${res.load.join('→')}`,
      );
    }
    medians.push([...runs].sort((a, b) => a.ordersPerSec - b.ordersPerSec)[Math.floor((runs.length - 1) / 2)]!);
  }
  const ratio = medians[1]!.ordersPerSec / medians[0]!.ordersPerSec;
  console.log(`\n2 processes ÷ 1 process (medians): ${ratio.toFixed(2)}× (target ≥ 1.7×: ${ratio >= 1.7 ? 'met' : 'not met'})`);
  await writeFile(new URL('./pg-results.json', import.meta.url), `${JSON.stringify({ n, repeats, runs: medians, ratio: round(ratio, 2) }, null, 2)}\n`);
  console.log('→ bench/pg-results.json');
}
