import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timing } from './impl-types.js';

export interface Measured<T> {
  ms: number;
  value: T;
}

const gc = (globalThis as { gc?: (opts?: { type: 'major'; execution: 'sync' }) => void }).gc;

/** The collection before each run (see `timed`); a no-op without --expose-gc. */
export function measuredGc(): void {
  gc?.({ type: 'major', execution: 'sync' });
}

/**
 * One run: GC first (when exposed) so one run's garbage is not collected on the next run's clock.
 * A plain `gc()` is V8's memory-reducing collection: it also throws away optimized code and inline
 * caches, so every run started cold again (measured: the first 250 instances of the xor loop took 2.4x
 * their steady cost after `gc()`, 1.0x after this one). A full major GC collects the same garbage and
 * keeps what the JIT learned, for both engines alike.
 */
export async function timed<T>(run: (t: Timing, dir: string) => Promise<T>, timeoutMs: number): Promise<Measured<T>> {
  measuredGc();
  const dir = await mkdtemp(join(tmpdir(), 'bpmn-bench-'));
  let start = performance.now();
  const t: Timing = {
    begin() {
      start = performance.now();
    },
  };
  try {
    const value = await withTimeout(run(t, dir), timeoutMs);
    return { ms: performance.now() - start, value };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Warm-up run, then `repeats` runs; the run with the median time is returned. */
export async function medianOf<T>(
  repeats: number,
  warmup: () => Promise<unknown>,
  run: () => Promise<Measured<T>>,
): Promise<Measured<T> & { runs: number[] }> {
  await warmup();
  const results: Measured<T>[] = [];
  for (let i = 0; i < repeats; i++) results.push(await run());
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor((sorted.length - 1) / 2)] as Measured<T>;
  return { ...median, runs: results.map((r) => r.ms) };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
