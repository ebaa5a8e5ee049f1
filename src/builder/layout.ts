/**
 * Diagram layout for builder output: left to right, one grid cell per element. The column of an element
 * is its longest distance from the start (so a join sits right of every branch it joins), its row comes
 * from a depth-first walk in which the first outgoing flow keeps the row and every further branch opens a
 * fresh row below everything placed so far. One element per cell means shapes cannot overlap; expanded
 * subprocesses are laid out first and make their column wider and their row taller.
 */
import type { DraftNode, Scope } from './model.js';

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}
export interface Point {
  readonly x: number;
  readonly y: number;
}
export interface Layout {
  readonly shapes: ReadonlyMap<string, Bounds>;
  readonly edges: ReadonlyMap<string, readonly Point[]>;
}

const GAP_X = 50;
const GAP_Y = 40;
/** Room inside an expanded subprocess around its content (its label sits in the top band). */
const PAD = 30;
const ORIGIN: Point = { x: 160, y: 80 };

const isGateway = (n: DraftNode): boolean => n.data.kind.endsWith('Gateway');

function sizeOf(n: DraftNode, inner: Map<string, ScopeLayout>): { width: number; height: number } {
  const k = n.data.kind;
  if (k === 'subProcess') {
    const l = inner.get(n.id) as ScopeLayout;
    return { width: l.width + 2 * PAD, height: l.height + 2 * PAD };
  }
  if (k === 'startEvent' || k === 'endEvent' || k === 'timerCatch' || k === 'messageCatch') return { width: 36, height: 36 };
  if (isGateway(n)) return { width: 50, height: 50 };
  return { width: 100, height: 80 };
}

/** Positions relative to the scope's own top-left corner. */
interface ScopeLayout {
  readonly width: number;
  readonly height: number;
  readonly boxes: Map<string, Bounds>;
  readonly inner: Map<string, ScopeLayout>;
  readonly scope: Scope;
}

function layoutScope(scope: Scope): ScopeLayout {
  const inner = new Map<string, ScopeLayout>();
  for (const n of scope.nodes) if (n.data.kind === 'subProcess') inner.set(n.id, layoutScope(n.data.scope));

  const out = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const n of scope.nodes) {
    out.set(n.id, []);
    indegree.set(n.id, 0);
  }
  for (const f of scope.flows) {
    out.get(f.sourceId)!.push(f.targetId);
    indegree.set(f.targetId, (indegree.get(f.targetId) ?? 0) + 1);
  }

  // Longest path on the DAG (the builder has no way to draw a flow backwards).
  const col = new Map<string, number>();
  const remaining = new Map(indegree);
  const ready = scope.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (const id of ready) col.set(id, 0);
  while (ready.length > 0) {
    const id = ready.shift() as string;
    for (const next of out.get(id)!) {
      col.set(next, Math.max(col.get(next) ?? 0, (col.get(id) ?? 0) + 1));
      remaining.set(next, remaining.get(next)! - 1);
      if (remaining.get(next) === 0) ready.push(next);
    }
  }

  const row = new Map<string, number>();
  const taken = new Set<string>();
  let maxRow = -1;
  const visit = (id: string, wanted: number): void => {
    if (row.has(id)) return;
    let r = wanted;
    while (taken.has(`${col.get(id)}:${r}`)) r++;
    row.set(id, r);
    taken.add(`${col.get(id)}:${r}`);
    maxRow = Math.max(maxRow, r);
    out.get(id)!.forEach((next, i) => visit(next, i === 0 ? r : maxRow + 1));
  };
  for (const n of scope.nodes) if (indegree.get(n.id) === 0) visit(n.id, maxRow + 1);

  const widths: number[] = [];
  const heights: number[] = [];
  const sizes = new Map<string, { width: number; height: number }>();
  for (const n of scope.nodes) {
    const s = sizeOf(n, inner);
    sizes.set(n.id, s);
    const c = col.get(n.id) ?? 0;
    const r = row.get(n.id) ?? 0;
    widths[c] = Math.max(widths[c] ?? 0, s.width);
    heights[r] = Math.max(heights[r] ?? 0, s.height);
  }
  const starts = (sizesList: number[], gap: number): number[] => {
    const at: number[] = [];
    let pos = 0;
    for (let i = 0; i < sizesList.length; i++) {
      at[i] = pos;
      pos += (sizesList[i] ?? 0) + gap;
    }
    return at;
  };
  const colX = starts(widths, GAP_X);
  const rowY = starts(heights, GAP_Y);
  const boxes = new Map<string, Bounds>();
  for (const n of scope.nodes) {
    const c = col.get(n.id) ?? 0;
    const r = row.get(n.id) ?? 0;
    const s = sizes.get(n.id)!;
    boxes.set(n.id, {
      x: Math.round(colX[c]! + ((widths[c] ?? 0) - s.width) / 2),
      y: Math.round(rowY[r]! + ((heights[r] ?? 0) - s.height) / 2),
      ...s,
    });
  }
  const sum = (xs: number[], gap: number): number => xs.reduce((a, b) => a + (b ?? 0), 0) + gap * Math.max(0, xs.length - 1);
  return { width: sum(widths, GAP_X), height: sum(heights, GAP_Y), boxes, inner, scope };
}

const cx = (b: Bounds): number => b.x + b.width / 2;
const cy = (b: Bounds): number => b.y + b.height / 2;

/**
 * Orthogonal waypoints: straight when both centres share a row; out of a split gateway vertically then
 * right; into a join gateway right then vertically; otherwise right, down or up at the middle, right.
 */
function route(s: Bounds, t: Bounds, sourceIsGateway: boolean, targetIsGateway: boolean): Point[] {
  const sy = cy(s);
  const ty = cy(t);
  if (sy === ty) return [{ x: s.x + s.width, y: sy }, { x: t.x, y: ty }];
  const down = ty > sy;
  if (sourceIsGateway) return [{ x: cx(s), y: down ? s.y + s.height : s.y }, { x: cx(s), y: ty }, { x: t.x, y: ty }];
  if (targetIsGateway) return [{ x: s.x + s.width, y: sy }, { x: cx(t), y: sy }, { x: cx(t), y: down ? t.y : t.y + t.height }];
  const mid = Math.round((s.x + s.width + t.x) / 2);
  return [{ x: s.x + s.width, y: sy }, { x: mid, y: sy }, { x: mid, y: ty }, { x: t.x, y: ty }];
}

export function layoutProcess(root: Scope): Layout {
  const shapes = new Map<string, Bounds>();
  const edges = new Map<string, Point[]>();
  const place = (l: ScopeLayout, at: Point): void => {
    for (const [id, b] of l.boxes) shapes.set(id, { ...b, x: b.x + at.x, y: b.y + at.y });
    for (const n of l.scope.nodes) {
      const sub = l.inner.get(n.id);
      if (sub) {
        const b = shapes.get(n.id)!;
        place(sub, { x: b.x + PAD, y: b.y + PAD });
      }
    }
    const byId = new Map(l.scope.nodes.map((n) => [n.id, n]));
    for (const f of l.scope.flows) {
      const s = shapes.get(f.sourceId)!;
      const t = shapes.get(f.targetId)!;
      edges.set(f.id, route(s, t, isGateway(byId.get(f.sourceId)!), isGateway(byId.get(f.targetId)!)));
    }
  };
  place(layoutScope(root), ORIGIN);
  return { shapes, edges };
}
