import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:signal id="sig" name="alert" />
  ${body}
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/** A thrower whose signal definition carries `ext` (camunda:in …) and `attrs` (camunda:async). */
const thrower = (ext: string, attrs = '', inputs = '') => `<bpmn:process id="thrower" isExecutable="true">
  <bpmn:startEvent id="s" />${flow('t1', 's', 'throw')}
  <bpmn:intermediateThrowEvent id="throw">${inputs}<bpmn:signalEventDefinition signalRef="sig" ${attrs}>${ext}</bpmn:signalEventDefinition></bpmn:intermediateThrowEvent>
  ${flow('t2', 'throw', 'e')}<bpmn:endEvent id="e" />
</bpmn:process>`;
const catcher = `<bpmn:process id="catcher" isExecutable="true">
  <bpmn:startEvent id="cs" />${flow('c1', 'cs', 'wait')}
  <bpmn:intermediateCatchEvent id="wait"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
  ${flow('c2', 'wait', 'task')}<bpmn:userTask id="task" />
</bpmn:process>`;
const started = `<bpmn:process id="started" isExecutable="true">
  <bpmn:startEvent id="ss"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>${flow('s1', 'ss', 'task')}<bpmn:userTask id="task" />
</bpmn:process>`;

async function setup(...files: string[]) {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock });
  for (const f of files) await engine.deploy(f);
  return engine;
}

describe('camunda:in on a thrown signal (its payload)', () => {
  it('carries mapped variables, all variables, or only the thrower\'s locals', async () => {
    const cases: [string, string, Record<string, unknown>][] = [
      ['<bpmn:extensionElements><camunda:in source="a" target="x" /><camunda:in source="missing" target="y" /></bpmn:extensionElements>', '', { x: 1, y: null }],
      ['<bpmn:extensionElements><camunda:in variables="all" /></bpmn:extensionElements>', '', { a: 1, b: 2 }],
      [
        '<bpmn:extensionElements><camunda:in variables="all" local="true" /></bpmn:extensionElements>',
        '<bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="own">mine</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>',
        { own: 'mine' },
      ],
    ];
    for (const [ext, inputs, expected] of cases) {
      const engine = await setup(defs(thrower(ext, '', inputs)), defs(catcher));
      const c = await engine.start('catcher');
      await engine.start('thrower', { variables: { a: 1, b: 2 } });
      const after = await engine.getInstance(c.id);
      expect(after?.activeElementIds).toEqual(['task']);
      expect(after?.variables).toEqual(expected);
      await engine.close();
    }
  });

  it('gives the instances a signal start event creates the business key it evaluates', async () => {
    const ext = '<bpmn:extensionElements><camunda:in businessKey="${execution.processBusinessKey}" /><camunda:in source="a" target="a" /></bpmn:extensionElements>';
    const engine = await setup(defs(thrower(ext) + started));
    await engine.start('thrower', { variables: { a: 7 }, businessKey: 'order-1' });
    const [inst] = (await engine.listInstances({ processKey: 'started' })).items;
    expect(inst).toMatchObject({ businessKey: 'order-1', variables: { a: 7 } });
    await engine.close();
  });
});

describe('camunda:async on a thrown signal', () => {
  it('the thrower goes on at once; each catcher gets the signal when the job loop runs', async () => {
    const engine = await setup(defs(thrower('', 'camunda:async="true"')), defs(catcher));
    const c = await engine.start('catcher');
    const t = await engine.start('thrower');
    expect(t.status).toBe('COMPLETED');
    expect((await engine.getInstance(c.id))?.activeElementIds).toEqual(['wait']);
    const snap = await engine.exportSnapshot(c.id);
    expect(snap.subscriptions.map((s) => s.name)).toEqual(['alert']);
    expect(snap.timers).toHaveLength(1);
    expect(await engine.runDueTimers()).toBe(1);
    expect((await engine.getInstance(c.id))?.activeElementIds).toEqual(['task']);
    const after = await engine.exportSnapshot(c.id);
    expect(after.subscriptions).toEqual([]);
    expect(after.timers).toEqual([]);
    expect((await engine.history(c.id)).map((h) => h.type)).toContain('signal.received');
    expect(await engine.runDueTimers()).toBe(0);
    await engine.close();
  });

  it('a signal start event starts its instance through a job that waits before the start event', async () => {
    const engine = await setup(defs(thrower('', 'camunda:async="true"') + started));
    await engine.start('thrower');
    const [inst] = (await engine.listInstances({ processKey: 'started' })).items;
    expect(inst?.activeElementIds).toEqual(['ss']);
    expect(await engine.listUserTasks()).toEqual([]);
    await engine.runDueTimers();
    expect((await engine.listUserTasks()).map((x) => x.elementId)).toEqual(['task']);
    await engine.close();
  });

  it('a delivery whose listener went away meanwhile is dropped with it', async () => {
    const engine = await setup(defs(thrower('', 'camunda:async="true"')), defs(catcher));
    const c = await engine.start('catcher');
    await engine.start('thrower');
    await engine.terminate(c.id);
    expect(await engine.runDueTimers()).toBe(0);
    await engine.close();
  });
});
