import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const defs = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  ${extra}
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const ESC = '<bpmn:escalation id="esc" escalationCode="LATE" /><bpmn:escalation id="all" escalationCode="" />';

async function run(xml: string, variables: Record<string, unknown> = {}) {
  const engine = new Engine({ clock: new ManualClock() });
  await engine.deploy(xml);
  const inst = await engine.start('p', { variables });
  const names = (await engine.listUserTasks({ instanceId: inst.id })).map((t) => t.elementId).sort();
  return { engine, inst, names };
}

/** A parallel multi-instance subprocess (3 instances) whose body is `inner`, with `after` behind it. */
const miSub = (inner: string, boundary = '') => `
  <bpmn:startEvent id="s" />${flow('f1', 's', 'mi')}
  <bpmn:subProcess id="mi">
    <bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    <bpmn:startEvent id="is" />${flow('i1', 'is', 'raise')}${inner}
  </bpmn:subProcess>${flow('f2', 'mi', 'done')}<bpmn:endEvent id="done" />${boundary}
  <bpmn:userTask id="after" />${flow('f4', 'after', 'end')}<bpmn:endEvent id="end" />`;

describe('errors and escalations: who catches them', () => {
  it('an error boundary on a multi-instance subprocess catches for the whole body: one token after it', async () => {
    const { inst, names, engine } = await run(defs(miSub(
      '<bpmn:endEvent id="raise"><bpmn:errorEventDefinition errorRef="oops" /></bpmn:endEvent>',
      `<bpmn:boundaryEvent id="caught" attachedToRef="mi"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>${flow('f3', 'caught', 'after')}`,
    )));
    expect(names).toEqual(['after']);
    expect((await engine.getInstance(inst.id))?.activeElementIds).toEqual(['after']);
  });

  it('an interrupting escalation boundary on a multi-instance subprocess fires once; a non-interrupting one once per instance', async () => {
    const raise = `<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>${flow('i2', 'raise', 'work')}<bpmn:userTask id="work" />${flow('i3', 'work', 'ie')}<bpmn:endEvent id="ie" />`;
    const boundary = (interrupting: boolean) =>
      `<bpmn:boundaryEvent id="caught" attachedToRef="mi" cancelActivity="${interrupting}"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'after')}`;
    expect((await run(defs(miSub(raise, boundary(true)), ESC))).names).toEqual(['after']);
    expect((await run(defs(miSub(raise, boundary(false)), ESC))).names).toEqual(['after', 'after', 'after', 'work', 'work', 'work']);
  });

  it('an interrupting event subprocess stops the parallel instances that have not started yet', async () => {
    const raise = `<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>${flow('i2', 'raise', 'work')}<bpmn:userTask id="work" />${flow('i3', 'work', 'ie')}<bpmn:endEvent id="ie" />`;
    const esp = `<bpmn:subProcess id="esp" triggeredByEvent="true">
      <bpmn:startEvent id="es"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:startEvent>${flow('e1', 'es', 'after2')}
      <bpmn:userTask id="after2" />${flow('e2', 'after2', 'ee')}<bpmn:endEvent id="ee" /></bpmn:subProcess>`;
    expect((await run(defs(miSub(raise) + esp, ESC))).names).toEqual(['after2']);
  });

  it('an escalation code of "" on the catching event catches every escalation', async () => {
    const { names } = await run(defs(`
      <bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="is" />${flow('i1', 'is', 'raise')}
        <bpmn:endEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent></bpmn:subProcess>${flow('f2', 'sub', 'end')}
      <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:escalationEventDefinition escalationRef="all" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'after')}
      <bpmn:userTask id="after" />${flow('f4', 'after', 'end')}<bpmn:endEvent id="end" />`, ESC));
    expect(names).toEqual(['after']);
  });

  it('an event subprocess never catches what it throws itself: the re-throw goes on to the boundary outside', async () => {
    const { names, engine, inst } = await run(defs(`
      <bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="is" />${flow('i1', 'is', 'raise')}
        <bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>${flow('i2', 'raise', 'work')}
        <bpmn:userTask id="work" />${flow('i3', 'work', 'ie')}<bpmn:endEvent id="ie" />
        <bpmn:subProcess id="esp" triggeredByEvent="true">
          <bpmn:startEvent id="es" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:startEvent>${flow('e1', 'es', 'inner')}
          <bpmn:userTask id="inner" />${flow('e2', 'inner', 'rethrow')}
          <bpmn:endEvent id="rethrow"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:endEvent>
        </bpmn:subProcess>
      </bpmn:subProcess>${flow('f2', 'sub', 'end')}
      <bpmn:boundaryEvent id="caught" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'after')}
      <bpmn:userTask id="after" />${flow('f4', 'after', 'end')}<bpmn:endEvent id="end" />`, ESC));
    expect(names).toEqual(['inner', 'work']);
    const [inner] = (await engine.listUserTasks({ instanceId: inst.id })).filter((t) => t.elementId === 'inner');
    await engine.completeUserTask(inner!.id, {});
    expect((await engine.listUserTasks({ instanceId: inst.id })).map((t) => t.elementId).sort()).toEqual(['after', 'work']);
  });

  it('an error end event evaluates a camunda:errorMessage expression when it throws', async () => {
    const { engine, inst } = await run(defs(`
      <bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="is" />${flow('i1', 'is', 'raise')}
        <bpmn:endEvent id="raise"><bpmn:errorEventDefinition errorRef="e1" /></bpmn:endEvent></bpmn:subProcess>${flow('f2', 'sub', 'end')}
      <bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition camunda:errorMessageVariable="msg" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'end')}
      <bpmn:endEvent id="end" />`, '<bpmn:error id="e1" errorCode="E1" camunda:errorMessage="short of ${item}" />'), { item: 'bolts' });
    expect((await engine.getInstance(inst.id))?.variables.msg).toBe('short of bolts');
  });
});
