/**
 * Where the heap of a waiting instance goes (diagnostic, not part of `npm run bench`):
 *   node --expose-gc --import tsx bench/heap-breakdown.ts [n=10000] [--snapshot=/tmp/x.heapsnapshot]
 * Starts n instances of user.bpmn waiting on their user task, then frees one part at a time and reads
 * `heapUsed` after GC each time: the drop is that part's share. It reaches into private fields of the
 * engine and MemoryStore on purpose (read-only use of the numbers; nothing here is public API).
 */
import { writeHeapSnapshot } from 'node:v8';
import { Engine, MemoryStore } from '../src/index.js';
import { diagram } from './diagrams.js';

const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10000);
const snapshotFile = process.argv.find((a) => a.startsWith('--snapshot='))?.split('=')[1];
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('heap-breakdown needs --expose-gc');

function settled(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

interface Internals {
  core: {
    index: { instances: Map<string, unknown>; userTasks: Map<string, unknown>; [k: string]: unknown };
    mutex: { tails: Map<string, unknown> };
    aborts: Map<string, unknown>;
  };
}
interface StoreInternals {
  entries: Map<string, { json: string | undefined; history: string | string[] | undefined }>;
}

async function waiting(engine: Engine, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await engine.start('bench_user');
}

const store = new MemoryStore();
const engine = new Engine({ store });
await engine.deploy(diagram('user'), { name: 'user' });
// Warm-up through a throw-away engine: code caches and compiled expressions, not instances, on the baseline.
await (async () => {
  const warm = new Engine();
  await warm.deploy(diagram('user'), { name: 'user' });
  await waiting(warm, 100);
})();

const base = settled();
await waiting(engine, n);
const total = settled() - base;
if (snapshotFile) writeHeapSnapshot(snapshotFile);

const s = store as unknown as StoreInternals;
const core = (engine as unknown as Internals).core;
const sample = s.entries.values().next().value!.json ?? '';
// Numbers and one sample only: an array of every batch here would keep the history alive through the frees.
let historyChars = 0;
let historyBatchCount = 0;
const batchesOf = (h: string | string[] | undefined): string[] => (h === undefined ? [] : typeof h === 'string' ? [h] : h);
for (const { history } of s.entries.values()) {
  for (const text of batchesOf(history)) {
    historyBatchCount++;
    historyChars += text.length;
  }
}
const sampleHistory = batchesOf(s.entries.values().next().value!.history).join(' | ');
const index = core.index;
const parts: [string, () => void][] = [
  ['history (MemoryStore: one packed text per command batch)', () => {
    for (const entry of s.entries.values()) entry.history = undefined;
  }],
  ['snapshot JSON (MemoryStore: one string + entry per instance)', () => s.entries.clear()],
  ['user task objects (RuntimeIndex.userTasks)', () => index.userTasks.clear()],
  ['instance summaries with their task ids (RuntimeIndex.instances)', () => index.instances.clear()],
];
const rows: [string, number][] = [];
let last = total + base;
for (const [name, free] of parts) {
  free();
  const now = settled();
  rows.push([name, (last - now) / n]);
  last = now;
}
rows.push(['other (still held after the above)', (last - base) / n]);

console.log(`heap per waiting instance, n = ${n.toLocaleString('en-US')}: ${(total / n).toFixed(0)} B`);
for (const [name, bytes] of rows) console.log(`  ${bytes.toFixed(0).padStart(6)} B  ${(100 * bytes / (total / n)).toFixed(0).padStart(3)}%  ${name}`);
console.log(`snapshot JSON: ${sample.length} chars; history: ${(historyChars / n).toFixed(0)} chars in ${(historyBatchCount / n).toFixed(1)} batches per instance`);
console.log(`still keyed per instance: mutex ${core.mutex.tails.size}, aborts ${core.aborts.size}`);
console.log(`sample snapshot: ${sample}`);
console.log(`sample history: ${sampleHistory}`);
