import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const c7 = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="err" errorCode="OUT_OF_STOCK" />
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const c8 = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0"
  modeler:executionPlatform="Camunda Cloud" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

const child = c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'work')}<bpmn:userTask id="work" />${flow('c2', 'work', 'ce')}<bpmn:endEvent id="ce" />`);
const parent = c7(
  'parent',
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
   <bpmn:callActivity id="call" calledElement="child">
     <bpmn:extensionElements>
       <camunda:in source="order" target="item" /><camunda:in businessKey="\${order}" />
       <camunda:out source="result" target="childResult" />
     </bpmn:extensionElements>
   </bpmn:callActivity>${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />
   <bpmn:boundaryEvent id="failed" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>${flow('f3', 'failed', 'ef')}<bpmn:endEvent id="ef" />`,
);

async function engineWith(...xml: string[]) {
  const engine = new Engine({ clock: new ManualClock() });
  for (const x of xml) await engine.deploy(x);
  return engine;
}

describe('call activity (sub-orchestration)', () => {
  it('C7: camunda:in/out map variables, the child gets the business key and parentInstanceId; the parent continues when it ends', async () => {
    const engine = await engineWith(child, parent);
    const p = await engine.start('parent', { variables: { order: 'A-1', secret: 'x' } });
    expect(p.activeElementIds).toEqual(['call']);
    const [task] = await engine.listUserTasks({ processKey: 'child' });
    const c = await engine.getInstance(task!.instanceId);
    expect(c).toMatchObject({ parentInstanceId: p.id, businessKey: 'A-1', variables: { item: 'A-1' } });
    expect(c!.variables).not.toHaveProperty('secret');
    await engine.completeUserTask(task!.id, { result: 42, noise: 1 });
    const done = await engine.getInstance(p.id);
    expect(done).toMatchObject({ status: 'COMPLETED', variables: { order: 'A-1', childResult: 42 } });
    expect(done!.variables).not.toHaveProperty('noise');
  });

  it('an uncaught BPMN error in the child is caught by the error boundary of the call activity', async () => {
    const failingChild = c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'ce')}<bpmn:endEvent id="ce"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>`);
    const engine = await engineWith(failingChild, parent);
    const p = await engine.start('parent', { variables: { order: 'B' } });
    expect(p.status).toBe('COMPLETED');
    const path = (await engine.history(p.id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);
    expect(path).toEqual(['s', 'call', 'failed', 'ef']);
  });

  it('terminating the parent terminates the child; terminating a child is reported as an incident on the parent', async () => {
    const engine = await engineWith(child, parent);
    const p1 = await engine.start('parent', { variables: { order: 'C' } });
    const [t1] = await engine.listUserTasks({ processKey: 'child' });
    await engine.terminate(p1.id);
    expect((await engine.getInstance(t1!.instanceId))?.status).toBe('TERMINATED');

    const p2 = await engine.start('parent', { variables: { order: 'D' } });
    const [t2] = await engine.listUserTasks({ processKey: 'child' });
    await engine.terminate(t2!.instanceId);
    const after = await engine.getInstance(p2.id);
    expect(after?.status).toBe('RUNNING');
    expect(after?.incidents[0]).toMatchObject({ elementId: 'call' });
  });

  it('an unknown called process is an incident on the call activity', async () => {
    const engine = await engineWith(parent);
    const p = await engine.start('parent', { variables: { order: 'E' } });
    expect(p.incidents[0]?.message).toMatch(/child/);
  });

  it('C8: zeebe:calledElement propagates all variables both ways by default', async () => {
    const engine = await engineWith(
      c8('kid', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'calc')}
        <bpmn:scriptTask id="calc"><bpmn:extensionElements><zeebe:script expression="=n * 2" resultVariable="doubled" /></bpmn:extensionElements></bpmn:scriptTask>${flow('c2', 'calc', 'ce')}<bpmn:endEvent id="ce" />`),
      c8('mom', `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
        <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="kid" /></bpmn:extensionElements></bpmn:callActivity>${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />`),
    );
    const p = await engine.start('mom', { variables: { n: 21 } });
    expect(p).toMatchObject({ status: 'COMPLETED', variables: { n: 21, doubled: 42 } });
  });

  it('an escalation the child does not catch reaches the boundary of the call activity (non-interrupting: both go on)', async () => {
    const escalating = c7(
      'child',
      `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'esc')}
       <bpmn:intermediateThrowEvent id="esc"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>${flow('c2', 'esc', 'work')}
       <bpmn:userTask id="work" />${flow('c3', 'work', 'ce')}<bpmn:endEvent id="ce" />`,
    ).replace('<bpmn:error id="err" errorCode="OUT_OF_STOCK" />', '<bpmn:escalation id="late" escalationCode="LATE" />');
    const watching = c7(
      'parent',
      `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
       <bpmn:callActivity id="call" calledElement="child" />${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />
       <bpmn:boundaryEvent id="onLate" attachedToRef="call" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>${flow('f3', 'onLate', 'notify')}
       <bpmn:userTask id="notify" />`,
    ).replace('<bpmn:error id="err" errorCode="OUT_OF_STOCK" />', '<bpmn:escalation id="late" escalationCode="LATE" />');
    const engine = await engineWith(escalating, watching);
    const p = await engine.start('parent');
    expect(p.activeElementIds.sort()).toEqual(['call', 'notify']);
    expect(await engine.listUserTasks({ processKey: 'child' })).toHaveLength(1);
  });
});
