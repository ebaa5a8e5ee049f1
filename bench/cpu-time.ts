/**
 * Main-thread CPU time of bpmn-runner's timed part, for comparing engine builds on a busy machine:
 *   node --expose-gc --import tsx bench/cpu-time.ts [--only=seq,user] [--n=1000] [--repeats=9]
 *   BENCH_ENGINE_ENTRY=/tmp/build-a/src/index.js node --expose-gc bench-build/cpu-time.js …   # another build
 * Wall time on the shared 2-core machines swings 2-5x with other sessions' load; the time this thread
 * spent on a CPU (Linux /proc/thread-self/schedstat, ns) swings far less, so two builds can be told
 * apart by a few percent. It leaves out GC helper threads and is not what the targets are defined on
 * (those are `npm run bench`); it is for A/B comparisons while profiling.
 */
import { readFileSync } from 'node:fs';
import type { Timing } from './impl-types.js';
import { measuredGc } from './measure.js';
import { runnerImpl } from './runner-impl.js';
import { scenarios } from './scenarios.js';

function arg(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
}

/** ms this thread has run on a CPU; falls back to process CPU time where schedstat is missing. */
function threadCpuMs(): number {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
  } catch {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
}

const only = (arg('only') ?? 'seq,user,fanout,xor-loop').split(',');
const n = Number(arg('n') ?? 1000);
const repeats = Number(arg('repeats') ?? 9);

for (const s of scenarios.filter((x) => only.includes(x.name) && x.run && !x.io && !x.memory)) {
  const cpu: number[] = [];
  for (let r = -1; r < repeats; r++) {
    measuredGc();
    let start = threadCpuMs();
    const t: Timing = {
      begin() {
        start = threadCpuMs();
      },
    };
    await s.run!(runnerImpl, n, t, '');
    if (r >= 0) cpu.push(threadCpuMs() - start);
  }
  const sorted = [...cpu].sort((a, b) => a - b);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  console.log(
    `${s.name.padEnd(10)} n=${n}  main-thread CPU median ${median.toFixed(1)} ms (${((median * 1000) / n).toFixed(1)} µs/instance)  ` +
      `min ${sorted[0]!.toFixed(1)}  runs ${cpu.map((x) => x.toFixed(0)).join(' ')}`,
  );
}
