import type { ImplName } from './impl-types.js';

/** One measured (or failed, or unsupported) cell; the shape bench/results.json holds. */
export interface Row {
  scenario: string;
  impl: ImplName;
  /** instances actually run (bpmn-engine may be capped below requestedN) */
  n: number;
  requestedN: number;
  opsPerSec: number | null;
  msTotal: number | null;
  heapBytesPerInstance?: number;
  snapshotBytes?: number;
  perIterationUs?: number;
  runsMs?: number[];
  note?: string;
  error?: string;
}

export interface RatioRow {
  scenario: string;
  impl: 'ratio';
  n: number;
  value: number | null;
  target: string;
  met: boolean | null;
  detail: string;
}

const num = (v: number | null | undefined, digits = 0): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const COLS = [18, 7, 12, 10, 10, 12, 10, 10] as const;
const pad = (cells: string[]): string =>
  cells.map((c, i) => (i < COLS.length ? (i < 3 ? c.padEnd(COLS[i] as number) : c.padStart(COLS[i] as number)) : c)).join(' ');

export function header(): string {
  return pad(['scenario', 'n', 'impl', 'ops/s', 'ms total', 'heap B/inst', 'snap B', 'µs/iter', 'note']) + '\n' + '-'.repeat(110);
}

export function formatRow(r: Row): string {
  const note = r.error ? `error: ${r.error}` : (r.note ?? '');
  const shownN = r.n === r.requestedN ? num(r.n) : `${num(r.n)}*`;
  return pad([
    r.scenario, shownN, r.impl,
    num(r.opsPerSec), num(r.msTotal), num(r.heapBytesPerInstance), num(r.snapshotBytes), num(r.perIterationUs, 2), note,
  ]);
}

export function formatRatio(r: RatioRow): string {
  const verdict = r.met === null ? 'n/a' : r.met ? 'met' : 'MISSED';
  return `${r.scenario.padEnd(22)} ${num(r.n).padStart(7)}  ${(r.value === null ? '—' : num(r.value, 2)).padStart(10)}  ${r.target.padEnd(16)} ${verdict.padEnd(7)} ${r.detail}`;
}

const find = (rows: Row[], scenario: string, impl: ImplName, requestedN?: number): Row | undefined =>
  rows.find((r) => r.scenario === scenario && r.impl === impl && !r.error && (requestedN === undefined || r.requestedN === requestedN));

function speedRatios(rows: Row[], scenario: string, min: number): RatioRow[] {
  return rows
    .filter((r) => r.scenario === scenario && r.impl === 'bpmn-runner')
    .map((ours) => {
      const peer = find(rows, scenario, 'bpmn-engine', ours.requestedN);
      const value = ours.opsPerSec && peer?.opsPerSec ? ours.opsPerSec / peer.opsPerSec : null;
      const why = ours.error ? 'bpmn-runner error' : !peer ? 'bpmn-engine has no result' : `bpmn-engine at n=${num(peer.n)}`;
      return { scenario: `${scenario} speed`, impl: 'ratio', n: ours.requestedN, value, target: `≥ ${min}×`, met: value === null ? null : value >= min, detail: why };
    });
}

function scaling(rows: Row[], family: string, small: number, large: number): RatioRow {
  const a = find(rows, `${family}-${small}`, 'bpmn-runner');
  const b = find(rows, `${family}-${large}`, 'bpmn-runner');
  const value = a?.perIterationUs && b?.perIterationUs ? b.perIterationUs / a.perIterationUs : null;
  const detail = value === null ? 'no bpmn-runner result' : `${num(b!.perIterationUs, 2)} µs vs ${num(a!.perIterationUs, 2)} µs per unit`;
  return { scenario: `${family} ${large} vs ${small}`, impl: 'ratio', n: large, value, target: '≤ 1.2×', met: value === null ? null : value <= 1.2, detail };
}

export function ratioRows(rows: Row[]): RatioRow[] {
  const out: RatioRow[] = [
    ...speedRatios(rows, 'seq', 200),
    ...speedRatios(rows, 'user', 200),
    ...speedRatios(rows, 'fanout', 100),
    ...speedRatios(rows, 'xor-loop', 300),
  ];
  const mem = rows.find((r) => r.scenario === 'waiting-memory' && r.impl === 'bpmn-runner');
  const peerMem = rows.find((r) => r.scenario === 'waiting-memory' && r.impl === 'bpmn-engine');
  const heap = mem?.heapBytesPerInstance ?? null;
  out.push({
    scenario: 'heap per waiting inst', impl: 'ratio', n: mem?.n ?? 0, value: heap, target: '≤ 2,048 B', met: heap === null ? null : heap <= 2048,
    detail: heap && peerMem?.heapBytesPerInstance ? `bpmn-engine uses ${num(peerMem.heapBytesPerInstance / heap, 0)}× more` : (mem?.error ?? ''),
  });
  for (const snap of rows.filter((r) => r.scenario === 'snapshot' && r.impl === 'bpmn-runner').slice(0, 1)) {
    const v = snap.snapshotBytes ?? null;
    out.push({ scenario: 'snapshot bytes', impl: 'ratio', n: 1, value: v, target: '≤ 1,024 B', met: v === null ? null : v <= 1024, detail: 'one instance waiting on one user task' });
  }
  const recover = rows.filter((r) => r.scenario === 'recover' && r.impl === 'bpmn-runner').pop();
  if (recover) {
    const v = recover.msTotal === null ? null : (recover.msTotal * 10000) / recover.n;
    const detail = recover.n === 10000 ? 'ms to recover + complete 10,000' : `ms, pro rata from n=${num(recover.n)}`;
    out.push({ scenario: 'recover 10,000', impl: 'ratio', n: 10000, value: v, target: '≤ 2,000 ms', met: v === null ? null : v <= 2000, detail });
  }
  out.push(scaling(rows, 'loop', 10, 1000));
  out.push(scaling(rows, 'multi-instance', 5, 500));
  return out;
}
