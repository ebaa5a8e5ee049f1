import { describe, expect, it } from 'vitest';
import { chord, firstOf, forEach, group, message, process, service, timer, waitFor } from '../../src/builder/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { ProcessSpec } from '../../src/spec/types.js';

interface Box { x: number; y: number; width: number; height: number }
type Point = { x: number; y: number };

/** The DI of a builder file, read back from the XML text. */
function diagram(xml: string): { shapes: Map<string, Box>; edges: Map<string, Point[]> } {
  const shapes = new Map<string, Box>();
  for (const m of xml.matchAll(/<bpmndi:BPMNShape [^>]*bpmnElement="([^"]+)"[^>]*>\s*<dc:Bounds x="(-?\d+)" y="(-?\d+)" width="(\d+)" height="(\d+)"/g)) {
    shapes.set(m[1]!, { x: +m[2]!, y: +m[3]!, width: +m[4]!, height: +m[5]! });
  }
  const edges = new Map<string, Point[]>();
  for (const m of xml.matchAll(/<bpmndi:BPMNEdge [^>]*bpmnElement="([^"]+)"[^>]*>([\s\S]*?)<\/bpmndi:BPMNEdge>/g)) {
    edges.set(m[1]!, [...m[2]!.matchAll(/<di:waypoint x="(-?[\d.]+)" y="(-?[\d.]+)"/g)].map((w) => ({ x: +w[1]!, y: +w[2]! })));
  }
  return { shapes, edges };
}

const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
const onBorder = (p: Point, b: Box): boolean =>
  p.x >= b.x && p.x <= b.x + b.width && p.y >= b.y && p.y <= b.y + b.height && (p.x === b.x || p.x === b.x + b.width || p.y === b.y || p.y === b.y + b.height);

/** A process with nested splits, a subprocess with its own branches, a chord and an event race. */
const busy = () =>
  process('busy')
    .start()
    .userTask('triage')
    .exclusive('route?', { id: 'route' })
    .when('${fast}', (b) => b.then(group([service('a'), (x) => x.serviceTask('b1', { type: 'b' }).serviceTask('b2', { type: 'b' }), service('c')])))
    .when('${slow}', (b) =>
      b.inclusive().when('${x}', (i) => i.userTask('x1')).when('${y}', (i) => i.userTask('y1').userTask('y2')).join().userTask('after'),
    )
    .otherwise((b) => b.end('nothing'))
    .subProcess('inner', (b) =>
      b.start().parallel().branch((p) => p.task('i1')).branch((p) => p.task('i2').task('i3')).join().end(),
    )
    .then(chord([service('d'), service('e')], service('sum')))
    .then(forEach('items', service('each')))
    .then(waitFor(firstOf(message('go'), timer('PT1H', { then: (t) => t.userTask('chase') }))))
    .end();

function siblings(p: ProcessSpec, scopeId: string): string[] {
  return Object.values(p.elements).filter((e) => e.scopeId === scopeId).map((e) => e.id);
}

describe('generated diagram layout', () => {
  it('gives every element a shape and every flow an edge', async () => {
    const xml = busy().toXml();
    const p = (await parseDefinitions(xml)).processes[0] as ProcessSpec;
    const { shapes, edges } = diagram(xml);
    expect([...shapes.keys()].sort()).toEqual(Object.keys(p.elements).sort());
    expect([...edges.keys()].sort()).toEqual(Object.keys(p.flows).sort());
  });

  it('places no two shapes of one scope on top of each other, and children inside their subprocess', async () => {
    const xml = busy().toXml();
    const p = (await parseDefinitions(xml)).processes[0] as ProcessSpec;
    const { shapes } = diagram(xml);
    const scopes = ['busy', ...Object.values(p.elements).filter((e) => e.kind === 'subProcess').map((e) => e.id)];
    let pairs = 0;
    for (const scope of scopes) {
      const ids = siblings(p, scope);
      for (let i = 0; i < ids.length; i++) {
        for (let j = i + 1; j < ids.length; j++) {
          pairs++;
          expect(overlap(shapes.get(ids[i]!)!, shapes.get(ids[j]!)!), `${ids[i]} overlaps ${ids[j]}`).toBe(false);
        }
        if (scope !== 'busy') expect(inside(shapes.get(ids[i]!)!, shapes.get(scope)!), `${ids[i]} inside ${scope}`).toBe(true);
      }
    }
    expect(pairs).toBeGreaterThan(300);
  });

  it('draws orthogonal edges from the border of the source to the border of the target, left to right', async () => {
    const xml = busy().toXml();
    const p = (await parseDefinitions(xml)).processes[0] as ProcessSpec;
    const { shapes, edges } = diagram(xml);
    for (const f of Object.values(p.flows)) {
      const points = edges.get(f.id)!;
      expect(points.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < points.length; i++) {
        const [a, b] = [points[i - 1]!, points[i]!];
        expect(a.x === b.x || a.y === b.y, `${f.id} segment ${i} is diagonal`).toBe(true);
      }
      expect(onBorder(points[0]!, shapes.get(f.sourceId)!), `${f.id} leaves ${f.sourceId}`).toBe(true);
      expect(onBorder(points.at(-1)!, shapes.get(f.targetId)!), `${f.id} enters ${f.targetId}`).toBe(true);
      expect(shapes.get(f.targetId)!.x, `${f.id} goes right`).toBeGreaterThan(shapes.get(f.sourceId)!.x);
    }
  });

  it('stacks the branches of a split vertically, first branch on the gateway row', () => {
    const { shapes } = diagram(process('p').start().parallel('', { id: 'fork' }).branch((b) => b.task('a')).branch((b) => b.task('b')).branch((b) => b.task('c')).join().end().toXml());
    const [a, b, c] = ['a', 'b', 'c'].map((id) => shapes.get(id)!);
    const fork = shapes.get('fork')!;
    expect(a!.y + a!.height / 2).toBe(fork.y + fork.height / 2);
    expect(a!.x).toBe(b!.x);
    expect(b!.x).toBe(c!.x);
    expect(a!.y).toBeLessThan(b!.y);
    expect(b!.y).toBeLessThan(c!.y);
  });
});
