/**
 * bpmn-runner vs bpmn-engine, side by side in one process run.
 *   node --expose-gc --import tsx bench/main.ts [--quick] [--only=seq,user] [--repeats=3] [--peer-cap=1000] [--impl=…]
 *   --impl=bpmn-runner runs one side only (for node --cpu-prof).
 *   --pg runs bench/pg-scale-out.ts instead: 1 and 2 engine processes over PostgreSQL.
 *   --only=… --merge replaces those scenarios' rows in results.json (e.g. to re-run one that failed).
 * Prints rows as they finish, then the target table; writes bench/results.json.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Impl } from './impl-types.js';
import { heapPerWaitingInstance } from './memory.js';
import { medianOf, timed } from './measure.js';
import { peerImpl } from './peer-impl.js';
import { formatRatio, formatRow, header, ratioRows, type Row } from './report.js';
import { runnerImpl } from './runner-impl.js';
import { effectiveN, scenarios, type Mode, type Scenario } from './scenarios.js';

function arg(name: string): string | undefined {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return hit === undefined ? undefined : (hit.split('=')[1] ?? '');
}

// --pg: engine processes over PostgreSQL (bench/pg-scale-out.ts), instead of the side-by-side scenarios.
if (arg('pg') !== undefined) {
  const { runPgBench } = await import('./pg-scale-out.js');
  await runPgBench();
  process.exit(0);
}

const quick = arg('quick') !== undefined;
const mode: Mode = {
  quick,
  ns: quick ? [1000] : [1000, 10000],
  unitsPerRun: quick ? 10000 : 100000,
  repeats: Number(arg('repeats') ?? (quick ? 1 : 3)),
  // bpmn-engine runs ~100 short instances/s on these machines: uncapped, a full run would take hours.
  peerCap: Number(arg('peer-cap') ?? (quick ? 50 : 1000)),
  peerUnitCap: Number(arg('peer-unit-cap') ?? (quick ? 200 : 10000)),
  timeoutMs: quick ? 60_000 : 600_000,
};
const only = arg('only')?.split(',');
const implFilter = arg('impl');
const impls: Impl[] = [runnerImpl, peerImpl].filter((i) => !implFilter || i.name === implFilter);

async function measure(s: Scenario, impl: Impl, requestedN: number): Promise<Row> {
  const n = effectiveN(mode, impl.name, s, requestedN);
  const row: Row = { scenario: s.name, impl: impl.name, n, requestedN, opsPerSec: null, msTotal: null };
  const note = s.notes?.[impl.name];
  if (note) row.note = note;
  const unsupported = await impl.unsupported(s.name);
  if (unsupported) return { ...row, n: requestedN, note: unsupported };
  try {
    if (s.memory) {
      row.heapBytesPerInstance = await heapPerWaitingInstance(impl.name, n, mode.timeoutMs);
      return row;
    }
    const run = s.run!;
    // Measured: with a warm-up of n/10 (100) bpmn-runner's seq ran 4,500/s at n = 1,000 against 16,000/s at
    // n = 10,000, still in the JIT tiers. A full-size warm-up costs little except on the disk-bound ones.
    // bpmn-engine makes thousands of calls per instance: ten instances take it through the JIT tiers.
    const warmN = impl.name === 'bpmn-engine' ? Math.min(n, 10) : s.io ? Math.min(n, 100) : n;
    const best = await medianOf(
      mode.repeats,
      () => timed((t, dir) => run(impl, warmN, t, dir), mode.timeoutMs),
      () => timed((t, dir) => run(impl, n, t, dir), mode.timeoutMs),
    );
    row.msTotal = round(best.ms, 1);
    row.opsPerSec = round((n * 1000) / best.ms, 1);
    row.runsMs = best.runs.map((ms) => round(ms, 1));
    if (best.value?.snapshotBytes !== undefined) row.snapshotBytes = best.value.snapshotBytes;
    if (s.units) row.perIterationUs = round((best.ms * 1000) / (n * s.units), 3);
  } catch (err) {
    row.error = ((err as Error).message ?? String(err)).split('\n')[0]!.slice(0, 300);
  }
  return row;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

const started = performance.now();
console.log(
  `bpmn-runner vs bpmn-engine — ${quick ? 'quick' : 'full'} run, ${mode.repeats} repeat(s) + warm-up, ` +
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB` +
    `${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: no GC between runs)'}`,
);
console.log(`n* = bpmn-engine capped at ${mode.peerCap} instances / ${mode.peerUnitCap} iterations per run\n`);
console.log(header());
const rows: Row[] = [];
for (const s of scenarios) {
  if (only && !only.includes(s.name)) continue;
  for (const n of s.ns(mode)) {
    for (const impl of impls) {
      // A capped bpmn-engine row equal to one already measured is reused, not run again.
      const same = rows.find((r) => r.scenario === s.name && r.impl === impl.name && r.n === effectiveN(mode, impl.name, s, n));
      const row = same ? { ...same, requestedN: n, note: `same run as n=${same.requestedN}` } : await measure(s, impl, n);
      rows.push(row);
      console.log(formatRow(row));
    }
  }
}
const merge = arg('merge') !== undefined && only !== undefined && implFilter === undefined;
const resultsUrl = new URL('./results.json', import.meta.url);
if (merge) {
  const old = JSON.parse(await readFile(resultsUrl, 'utf8')) as (Row | { impl: 'ratio' })[];
  const kept = old.filter((r): r is Row => r.impl !== 'ratio' && !only.includes(r.scenario));
  const order = scenarios.map((s) => s.name);
  rows.splice(0, rows.length, ...[...kept, ...rows].sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario)));
}
const ratios = ratioRows(rows);
console.log(`\ntargets (bpmn-runner; speed = its ops/s ÷ bpmn-engine's in this run)\n${'-'.repeat(110)}`);
for (const r of ratios) console.log(formatRatio(r));
// A partial run (--only, --impl) would overwrite a complete results file with holes: it goes next to it.
const partial = !merge && (only !== undefined || implFilter !== undefined);
const name = partial ? 'results.partial.json' : 'results.json';
await writeFile(fileURLToPath(new URL(`./${name}`, resultsUrl)), `${JSON.stringify([...rows, ...ratios], null, 2)}\n`);
console.log(`\n${rows.length} rows + ${ratios.length} ratio rows → bench/${name} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
