/**
 * canvas — Celery's canvas primitives, built in code with `bpmn-runner/builder`:
 * - chain:  `chain(add.s(2, 2), mul.s(8))` → 32: steps one after the other, each using the previous result;
 * - group:  `group(add.s(i, i) for i in range(5))` → [0, 2, 4, 6, 8]: every task at once (a parallel split/join);
 * - chord:  `chord(group, tsum.s())` → 20: the callback runs once, after every member of the group.
 * Each primitive becomes plain BPMN (service tasks, parallel gateways) that Camunda Modeler can open:
 * `flow.toXml()` gives the file with its diagram layout.
 */
import { chain, chord, group, process, service, type Step } from '../../src/builder/index.js';
import { Engine, ManualClock } from '../../src/index.js';
import { defaultLog, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

export interface CanvasResult {
  chain: { status: string; result: unknown };
  group: { status: string; results: unknown[] };
  chord: { status: string; total: unknown; callbackCalls: number };
  /** The generated BPMN of the chord carries a diagram (bpmndi), so a modeler can open it. */
  chordXmlHasDiagram: boolean;
}

/** `add.s(x, y)`: the task's arguments travel as headers; the result goes to `r_<id>`. */
const add = (id: string, x: number, y: number): Step => service('add', { id, headers: { x: String(x), y: String(y) } });
const RANGE = [0, 1, 2, 3, 4];

export async function run(opts: ExampleOptions = {}): Promise<CanvasResult> {
  const log = opts.log ?? defaultLog;
  const engine = new Engine({ clock: opts.clock ?? new ManualClock() });
  let tsumCalls = 0;
  try {
    engine.registerService('add', ({ elementId, headers }) => ({ [`r_${elementId}`]: Number(headers.x) + Number(headers.y), result: Number(headers.x) + Number(headers.y) }));
    engine.registerService('mul', ({ headers, variables }) => ({ result: Number(variables.result) * Number(headers.by) }));
    engine.registerService('tsum', ({ variables }) => {
      tsumCalls++;
      const parts = Object.entries(variables).filter(([k]) => k.startsWith('r_')).map(([, v]) => Number(v));
      return { total: parts.reduce((a, b) => a + b, 0) };
    });

    await process('canvas_chain', { name: 'chain(add(2, 2), mul(8))' })
      .start()
      .then(chain(add('add_2_2', 2, 2), service('mul', { id: 'mul_8', headers: { by: '8' } })))
      .end()
      .deploy(engine);
    await process('canvas_group', { name: 'group(add(i, i) for i in range(5))' })
      .start()
      .then(group(RANGE.map((i) => add(`add_${i}`, i, i))))
      .end()
      .deploy(engine);
    const chordFlow = process('canvas_chord', { name: 'chord(group(add(i, i)), tsum())' })
      .start()
      .then(chord(RANGE.map((i) => add(`add_${i}`, i, i)), service('tsum')))
      .end();
    await chordFlow.deploy(engine);

    const c = await engine.start('canvas_chain');
    log(`chain: ${c.status}, result ${String(c.variables.result)}`);
    const g = await engine.start('canvas_group');
    const groupResults = RANGE.map((i) => g.variables[`r_add_${i}`]);
    log(`group: ${g.status}, results ${JSON.stringify(groupResults)}`);
    const h = await engine.start('canvas_chord');
    log(`chord: ${h.status}, total ${String(h.variables.total)} (callback ran ${tsumCalls}×)`);

    return {
      chain: { status: c.status, result: c.variables.result },
      group: { status: g.status, results: groupResults },
      chord: { status: h.status, total: h.variables.total, callbackCalls: tsumCalls },
      chordXmlHasDiagram: chordFlow.toXml().includes('<bpmndi:BPMNDiagram'),
    };
  } finally {
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
