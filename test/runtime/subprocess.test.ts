import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

const withSubprocess = defs(`
  <bpmn:startEvent id="start" />
  ${flow('f1', 'start', 'sub')}
  <bpmn:subProcess id="sub">
    <bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="localCount">\${count + 1}</camunda:inputParameter>
      <camunda:outputParameter name="fromSub">\${localCount * 10}</camunda:outputParameter>
    </camunda:inputOutput></bpmn:extensionElements>
    <bpmn:startEvent id="subStart" />
    ${flow('s1', 'subStart', 'fork')}
    <bpmn:parallelGateway id="fork" />
    ${flow('s2', 'fork', 'inner')}
    ${flow('s3', 'fork', 'innerEnd')}
    <bpmn:userTask id="inner" />
    ${flow('s4', 'inner', 'innerEnd2')}
    <bpmn:endEvent id="innerEnd" />
    <bpmn:endEvent id="innerEnd2" />
  </bpmn:subProcess>
  ${flow('f2', 'sub', 'after')}
  <bpmn:userTask id="after" />
  ${flow('f3', 'after', 'end')}
  <bpmn:endEvent id="end" />`);

describe('embedded subprocess', () => {
  it('runs its inside in a scope of its own, maps outputs out, and continues after its last token ends', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(withSubprocess);
    const inst = await engine.start('p', { variables: { count: 1 } });
    expect(inst.activeElementIds.sort()).toEqual(['inner', 'sub']);
    expect(inst.variables).not.toHaveProperty('localCount');

    const [inner] = await engine.listUserTasks({ instanceId: inst.id });
    const afterInner = await engine.completeUserTask(inner!.id, { note: 'x' });
    expect(afterInner.activeElementIds).toEqual(['after']);
    expect(afterInner.variables).toMatchObject({ count: 1, fromSub: 20, note: 'x' });
    expect(afterInner.variables).not.toHaveProperty('localCount');

    const [after] = await engine.listUserTasks({ instanceId: inst.id });
    expect((await engine.completeUserTask(after!.id)).status).toBe('COMPLETED');
  });

  it('a terminate end event inside ends only the subprocess scope', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      withSubprocess.replace('<bpmn:endEvent id="innerEnd" />', '<bpmn:endEvent id="innerEnd"><bpmn:terminateEventDefinition /></bpmn:endEvent>'),
    );
    const inst = await engine.start('p', { variables: { count: 1 } });
    expect(inst.activeElementIds).toEqual(['after']);
    expect(await engine.listUserTasks({ instanceId: inst.id })).toHaveLength(1);
    const hist = (await engine.history(inst.id)).map((h) => `${h.type}:${h.elementId ?? ''}`);
    expect(hist).toContain('element.cancelled:inner');
  });
});
