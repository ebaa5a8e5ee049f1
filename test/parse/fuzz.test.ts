import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BpmnRunnerError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';

const CORPUS = resolve(process.cwd(), '../shared/corpus');
const SEEDS = [
  'camunda-bpm-examples/usertask__task-camunda-forms__src__main__resources__invoiceApproval.bpmn',
  'miwg-camunda-modeler/C.9.0-export.bpmn',
  'camunda7-engine-tests/event/error/BoundaryErrorEventTest.testCatchErrorThrownByJavaDelegateOnCallActivity-parent.bpmn20.xml',
  'bpmn-engine/sub-process.bpmn',
];

/** One structural mutation of XML text, chosen and placed by the generator. */
type Mutation = { kind: 'truncate' | 'dropAttribute' | 'dropElement' | 'swapIds' | 'duplicateId'; at: number; other: number };

function mutate(xml: string, m: Mutation): string {
  const pick = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
  switch (m.kind) {
    case 'truncate':
      return xml.slice(0, m.at % xml.length);
    case 'dropAttribute': {
      const attrs = [...xml.matchAll(/\s[\w:.-]+="[^"]*"/g)];
      const a = pick(attrs, m.at);
      return a ? xml.slice(0, a.index) + xml.slice(a.index + a[0].length) : xml;
    }
    case 'dropElement': {
      const els = [...xml.matchAll(/<([\w:.-]+)\b[^>]*?(\/>|>[\s\S]*?<\/\1>)/g)];
      const e = pick(els, m.at);
      return e ? xml.slice(0, e.index) + xml.slice(e.index + e[0].length) : xml;
    }
    case 'swapIds':
    case 'duplicateId': {
      const ids = [...new Set([...xml.matchAll(/\sid="([^"]+)"/g)].map((x) => x[1] as string))];
      const a = pick(ids, m.at);
      const b = pick(ids, m.other);
      if (a === undefined || b === undefined || a === b) return xml;
      if (m.kind === 'duplicateId') return xml.replace(`id="${b}"`, `id="${a}"`);
      return xml.split(`"${a}"`).join('"\u0000"').split(`"${b}"`).join(`"${a}"`).split('"\u0000"').join(`"${b}"`);
    }
  }
}

describe('parser fuzzing over mutated corpus files', () => {
  it('starts from seeds that parse as they are', async () => {
    for (const s of SEEDS) {
      const defs = await parseDefinitions(readFileSync(resolve(CORPUS, s), 'utf8'), { file: s });
      expect(defs.processes.length).toBeGreaterThan(0);
    }
  });

  it('answers every mutation with a spec or a BpmnRunnerError, within a second each', async () => {
    if (!existsSync(CORPUS)) throw new Error(`corpus folder missing: ${CORPUS}`);
    const seeds = SEEDS.map((s) => readFileSync(resolve(CORPUS, s), 'utf8'));
    const mutation = fc.record({
      kind: fc.constantFrom<Mutation['kind']>('truncate', 'dropAttribute', 'dropElement', 'swapIds', 'duplicateId'),
      at: fc.nat(),
      other: fc.nat(),
    });
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (seed, mutations) => {
        const xml = mutations.reduce(mutate, seeds[seed] as string);
        const started = performance.now();
        try {
          const defs = await parseDefinitions(xml, { file: 'fuzz.bpmn' });
          expect(defs.processes.length).toBeGreaterThan(0);
        } catch (e) {
          if (!(e instanceof BpmnRunnerError)) throw e;
          expect(e.line).toBeGreaterThanOrEqual(1);
        }
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { seed: 20240601, numRuns: 400 },
    );
  }, 120_000);
});
