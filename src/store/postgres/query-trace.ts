import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

/**
 * BPMN_RUNNER_PG_TRACE=<dir>: count the statements a process sends (by their first words), their
 * round-trip time and rows, and write the tally to `<dir>/pg-trace-<pid>.json` at exit. For the
 * bench (`bench/pg-scale-out.ts`): it says how many round trips an order costs and where they go.
 */
const dir = process.env.BPMN_RUNNER_PG_TRACE;
const tally = new Map<string, { n: number; ms: number; rows: number }>();
let hooked = false;

function label(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/"[a-z0-9_]+"\./g, '').trim().slice(0, 70);
}

export function traceQueries(pool: Pool): void {
  if (dir === undefined || dir === '') return;
  const query = pool.query.bind(pool) as (...a: unknown[]) => Promise<{ rowCount?: number | null }>;
  (pool as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
    const first = a[0];
    const text = typeof first === 'string' ? first : String((first as { text?: string }).text ?? '');
    const key = label(text);
    const t0 = performance.now();
    const p = query(...a);
    const done = (rows: number): void => {
      const t = tally.get(key) ?? { n: 0, ms: 0, rows: 0 };
      t.n++;
      t.ms += performance.now() - t0;
      t.rows += rows;
      tally.set(key, t);
    };
    void p.then((r) => done(r?.rowCount ?? 0), () => done(-1));
    return p;
  };
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    const out = Object.fromEntries([...tally].sort((x, y) => y[1].n - x[1].n));
    writeFileSync(join(dir, `pg-trace-${process.pid}.json`), JSON.stringify(out, null, 1));
  });
}

/** Counted beside the statements: commands that lost a save race, and claims that came back empty. */
export function traceEvent(name: string): void {
  if (dir === undefined || dir === '') return;
  const t = tally.get(`#${name}`) ?? { n: 0, ms: 0, rows: 0 };
  t.n++;
  tally.set(`#${name}`, t);
}
