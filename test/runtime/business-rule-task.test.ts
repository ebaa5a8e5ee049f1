import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const dmn = readFileSync(new URL('../../diagrams/c7-dish-decision.dmn', import.meta.url), 'utf8');
const bpmn = readFileSync(new URL('../../diagrams/c7-dish-decision.bpmn', import.meta.url), 'utf8');

describe('business rule tasks with DMN decisions', () => {
  it('deploys a .dmn beside the .bpmn, evaluates decisions in the flow with camunda:mapDecisionResult, and records which rules fired', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const d = await engine.deploy(dmn, { name: 'c7-dish-decision.dmn' });
    expect(d.decisions?.map((x) => x.key)).toContain('dish');
    await engine.deploy(bpmn);
    const inst = await engine.start('dishPlanning', { variables: { temperature: 5, dayType: 'WeekDay', guestsWithChildren: false } });
    expect(inst.status).toBe('RUNNING');
    expect(typeof inst.variables.desiredDish).toBe('string');
    expect(Array.isArray(inst.variables.beverages)).toBe(true);
    const evaluated = (await engine.history(inst.id)).filter((h) => h.type === 'decision.evaluated');
    expect(evaluated.map((h) => h.data?.decision)).toEqual(['dish', 'beverages']);
    expect((evaluated[0]!.data?.matchedRules as unknown[]).length).toBeGreaterThan(0);
  });

  it('evaluateDecision works on its own; redeploying the same bytes keeps the version', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const first = await engine.deploy(dmn);
    const again = await engine.deploy(dmn);
    expect(again.decisions).toEqual(first.decisions);
    const r = await engine.evaluateDecision('dish', { season: 'Winter', guestCount: 4 });
    expect(r.resultList).toEqual([{ desiredDish: 'Spareribs' }]);
  });

  it('a missing decision is an incident on the business rule task', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(bpmn);
    const inst = await engine.start('dishPlanning', { variables: { temperature: 5, dayType: 'WeekDay', guestsWithChildren: false } });
    expect(inst.incidents[0]).toMatchObject({ elementId: 'Task_decideDish' });
    expect(inst.incidents[0]!.message).toMatch(/dish/);
  });
});
