import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const c8 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  modeler:executionPlatform="Camunda Cloud" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

describe('multi-instance', () => {
  it('C8 parallel over a list of cities: results collected in input order whatever the completion order', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c8(`<bpmn:startEvent id="s" />${flow('f1', 's', 'weather')}
      <bpmn:serviceTask id="weather">
        <bpmn:extensionElements><zeebe:taskDefinition type="weather" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=cities" inputElement="city" outputCollection="reports" outputElement="=report" /></bpmn:extensionElements>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:serviceTask>${flow('f2', 'weather', 'e')}<bpmn:endEvent id="e" />`),
    );
    const cities = ['Tokyo', 'Seattle', 'London', 'Paris', 'Cairo'];
    const inst = await engine.start('p', { variables: { cities } });
    expect(inst.activeElementIds).toEqual(['weather']);
    const tasks = await engine.fetchAndLock({ workerId: 'w', maxTasks: 10, topics: [{ topic: 'weather', lockDurationMs: 60_000 }] });
    expect(tasks.map((t) => t.variables.city).sort()).toEqual([...cities].sort());
    for (const t of [...tasks].reverse()) await engine.completeExternalTask(t.id, 'w', { report: `sunny in ${t.variables.city}` });
    const done = await engine.getInstance(inst.id);
    expect(done?.status).toBe('COMPLETED');
    expect(done?.variables.reports).toEqual(cities.map((c) => `sunny in ${c}`));
    expect(done?.variables).not.toHaveProperty('city');
  });

  it('C7 sequential user tasks over a collection, one at a time, with loopCounter from 0', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'review')}
      <bpmn:userTask id="review" name="Review by \${reviewer}" camunda:assignee="\${reviewer}">
        <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="reviewers" camunda:elementVariable="reviewer" />
      </bpmn:userTask>${flow('f2', 'review', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p', { variables: { reviewers: ['ann', 'bob'] } });
    let tasks = await engine.listUserTasks({ instanceId: inst.id });
    expect(tasks.map((t) => t.assignee)).toEqual(['ann']);
    expect(tasks[0]!.name).toBe('Review by ann');
    await engine.completeUserTask(tasks[0]!.id);
    tasks = await engine.listUserTasks({ instanceId: inst.id });
    expect(tasks.map((t) => t.assignee)).toEqual(['bob']);
    expect((await engine.completeUserTask(tasks[0]!.id)).status).toBe('COMPLETED');
  });

  it('a completion condition ends the remaining instances', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'vote')}
      <bpmn:userTask id="vote">
        <bpmn:multiInstanceLoopCharacteristics>
          <bpmn:loopCardinality>3</bpmn:loopCardinality>
          <bpmn:completionCondition>\${nrOfCompletedInstances &gt;= 2}</bpmn:completionCondition>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>${flow('f2', 'vote', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    const tasks = await engine.listUserTasks({ instanceId: inst.id });
    expect(tasks).toHaveLength(3);
    await engine.completeUserTask(tasks[0]!.id);
    const done = await engine.completeUserTask(tasks[2]!.id);
    expect(done.status).toBe('COMPLETED');
    expect(await engine.listUserTasks({ instanceId: inst.id })).toEqual([]);
  });

  it('a parallel multi-instance subprocess; snapshot round trip mid-way', async () => {
    const xml = c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub">
        <bpmn:multiInstanceLoopCharacteristics camunda:collection="\${items}" camunda:elementVariable="item" />
        <bpmn:startEvent id="ss" />${flow('g1', 'ss', 'pick')}<bpmn:userTask id="pick" />${flow('g2', 'pick', 'se')}<bpmn:endEvent id="se" />
      </bpmn:subProcess>${flow('f2', 'sub', 'e')}<bpmn:endEvent id="e" />`);
    const a = new Engine({ clock: new ManualClock() });
    await a.deploy(xml);
    const inst = await a.start('p', { variables: { items: [1, 2] } });
    const snap = JSON.parse(JSON.stringify(await a.exportSnapshot(inst.id)));
    const b = new Engine({ clock: new ManualClock() });
    await b.deploy(xml);
    await b.importSnapshot(snap);
    const tasks = await b.listUserTasks({ instanceId: inst.id });
    expect(tasks).toHaveLength(2);
    await b.completeUserTask(tasks[0]!.id);
    expect((await b.completeUserTask(tasks[1]!.id)).status).toBe('COMPLETED');
  });
});

describe('standard loop', () => {
  it('repeats while the condition holds (test after)', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'inc')}
      <bpmn:serviceTask id="inc" camunda:class="inc">
        <bpmn:standardLoopCharacteristics><bpmn:loopCondition>\${n &lt; 5}</bpmn:loopCondition></bpmn:standardLoopCharacteristics>
      </bpmn:serviceTask>${flow('f2', 'inc', 'e')}<bpmn:endEvent id="e" />`),
    );
    engine.registerService('inc', ({ variables }) => ({ n: (variables.n as number) + 1 }));
    const inst = await engine.start('p', { variables: { n: 0 } });
    expect(inst).toMatchObject({ status: 'COMPLETED', variables: { n: 5 } });
  });
});
