/**
 * Conformance: every `diagrams/*.bpmn` is run from its `*.expect.json` twice — straight through on
 * one engine, and moved to a brand-new engine + store by snapshot after `start` and after every step.
 * Both runs must meet the expectations and end with equal variables. Format: README.md beside this file.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCases, type ConformanceCase } from './case-format.js';
import { hop, runStep, startCase, type RunState } from './case-driver.js';
import { checkExpectation } from './expectations.js';

const DIAGRAMS = fileURLToPath(new URL('../../diagrams/', import.meta.url));

/** Diagrams with no expect.json yet, each with the reason. Keep it short and honest. */
const SKIP: Readonly<Record<string, string>> = {};

const bpmnFiles = readdirSync(DIAGRAMS).filter((f) => f.endsWith('.bpmn')).sort();
const expectFiles = readdirSync(DIAGRAMS).filter((f) => f.endsWith('.expect.json')).sort();

async function runCase(c: ConformanceCase, file: string, label: string, hopping: boolean): Promise<Record<string, unknown>> {
  const run: RunState = await startCase(c, file, label);
  try {
    if (hopping) await hop(run, c, file);
    for (const [i, step] of (c.steps ?? []).entries()) {
      await runStep(run, step, i);
      if (hopping) await hop(run, c, file);
    }
    await checkExpectation(run, c.expect, `${label} final`);
    const inst = await run.engine.getInstance(run.instanceId);
    return inst!.variables;
  } finally {
    await run.engine.close();
  }
}

describe('conformance suite layout', () => {
  it('every diagram has an expect.json or a SKIP entry with a reason', () => {
    const missing = bpmnFiles.filter((f) => !existsSync(join(DIAGRAMS, f.replace(/\.bpmn$/, '.expect.json'))) && !(f in SKIP));
    expect(missing).toEqual([]);
  });

  it('every expect.json has its diagram, and every SKIP entry names a diagram without one', () => {
    const orphans = expectFiles.filter((f) => !bpmnFiles.includes(f.replace(/\.expect\.json$/, '.bpmn')));
    expect(orphans).toEqual([]);
    for (const [f, reason] of Object.entries(SKIP)) {
      expect(bpmnFiles, `SKIP entry ${f}`).toContain(f);
      expect(expectFiles, `SKIP entry ${f} has an expect.json: remove it from SKIP`).not.toContain(f.replace(/\.bpmn$/, '.expect.json'));
      expect(reason.trim().length, `SKIP entry ${f} needs a reason`).toBeGreaterThan(10);
    }
  });

  it('diagram files are named for their flavour', () => {
    expect(bpmnFiles.filter((f) => !/^c[78]-[a-z0-9-]+\.bpmn$/.test(f))).toEqual([]);
  });
});

for (const expectFile of expectFiles) {
  const bpmnFile = join(DIAGRAMS, expectFile.replace(/\.expect\.json$/, '.bpmn'));
  const cases = loadCases(join(DIAGRAMS, expectFile));
  const name = basename(bpmnFile, '.bpmn');
  describe(name, () => {
    cases.forEach((c, i) => {
      const title = cases.length > 1 ? `[${i + 1}] ${c.description}` : c.description;
      // A case that shows a known engine bug runs as it.fails: it turns red the day the bug is fixed.
      const test = c.knownBug !== undefined ? it.fails : it;
      test(c.knownBug !== undefined ? `${title} [known bug: ${c.knownBug}]` : title, async () => {
        const label = cases.length > 1 ? `${name}[${i + 1}]` : name;
        const straight = await runCase(c, bpmnFile, `${label} (straight)`, false);
        const restored = await runCase(c, bpmnFile, `${label} (snapshot at every wait)`, true);
        expect(restored, `${label}: final variables equal in both runs`).toEqual(straight);
      }, c.timeoutMs ?? 30_000);
    });
  });
}
