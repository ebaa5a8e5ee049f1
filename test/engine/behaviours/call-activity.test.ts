import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../../src/index.js';

const c7 = (id: string, body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:escalation id="esc" escalationCode="LATE" /><bpmn:error id="err" errorCode="BROKEN" />${extra}
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

/** The child sets `progress`, waits in `work`, and on `raise` throws from `thrower` (escalation or error). */
const child = (thrower: string) => c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'work')}
  <bpmn:userTask id="work" />${flow('c2', 'work', 'gw')}
  <bpmn:exclusiveGateway id="gw" default="c4" />
  <bpmn:sequenceFlow id="c3" sourceRef="gw" targetRef="raise"><bpmn:conditionExpression>\${raise}</bpmn:conditionExpression></bpmn:sequenceFlow>
  ${flow('c4', 'gw', 'ce')}<bpmn:endEvent id="ce" />${thrower}`);
const escalates = child(`<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>${flow('c5', 'raise', 'more')}
  <bpmn:userTask id="more" />${flow('c6', 'more', 'ce2')}<bpmn:endEvent id="ce2" />`);
const fails = child('<bpmn:endEvent id="raise"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>');

const parent = (catcher: string) => c7('parent', `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
  <bpmn:callActivity id="call" calledElement="child">
    <bpmn:extensionElements><camunda:out source="progress" target="progressSeen" /></bpmn:extensionElements>
  </bpmn:callActivity>${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />${catcher}
  <bpmn:userTask id="handle" />${flow('f4', 'handle', 'e2')}<bpmn:endEvent id="e2" />`);

async function engineWith(...xml: string[]) {
  const engine = new Engine({ clock: new ManualClock() });
  for (const x of xml) await engine.deploy(x);
  return engine;
}

/** Start the parent, set `progress` in the child and complete its task with `raise`. */
async function raiseInChild(engine: Engine) {
  const p = await engine.start('parent');
  const [work] = await engine.listUserTasks({ processKey: 'child' });
  await engine.setVariables(work!.instanceId, { progress: 'half' });
  await engine.completeUserTask(work!.id, { raise: true });
  return p;
}

describe('call activity outputs when something leaves the called instance early', () => {
  it('camunda:out applies when an escalation of the child is caught by a non-interrupting boundary, and again when the child ends', async () => {
    const engine = await engineWith(escalates, parent(`<bpmn:boundaryEvent id="caught" attachedToRef="call" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'handle')}`));
    const p = await raiseInChild(engine);
    expect((await engine.getInstance(p.id))?.variables.progressSeen).toBe('half');
    expect((await engine.listUserTasks({ instanceId: p.id })).map((t) => t.elementId)).toEqual(['handle']);
    const [more] = await engine.listUserTasks({ processKey: 'child' });
    await engine.setVariables(more!.instanceId, { progress: 'done' });
    await engine.completeUserTask(more!.id, {});
    expect((await engine.getInstance(p.id))?.variables.progressSeen).toBe('done');
  });

  it('camunda:out applies when nothing in the parent catches the escalation', async () => {
    const engine = await engineWith(escalates, parent(''));
    const p = await raiseInChild(engine);
    expect((await engine.getInstance(p.id))?.variables.progressSeen).toBe('half');
  });

  it('camunda:out applies before an error of the child is caught on the call activity', async () => {
    const engine = await engineWith(fails, parent(`<bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'handle')}`));
    const p = await raiseInChild(engine);
    const after = await engine.getInstance(p.id);
    expect(after?.activeElementIds).toEqual(['handle']);
    expect(after?.variables.progressSeen).toBe('half');
  });
});

describe('call activity bindings', () => {
  it('calledElementVersion may be an expression', async () => {
    const caller = c7('parent', `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
      <bpmn:callActivity id="call" calledElement="child" camunda:calledElementBinding="version" camunda:calledElementVersion="\${v}" />${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />`);
    const v1 = c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'first')}<bpmn:userTask id="first" />${flow('c2', 'first', 'ce')}<bpmn:endEvent id="ce" />`);
    const engine = await engineWith(caller, v1, v1.replace(/first/g, 'second'));
    await engine.start('parent', { variables: { v: 1 } });
    await engine.start('parent', { variables: { v: 2 } });
    expect((await engine.listUserTasks({ processKey: 'child' })).map((t) => t.elementId).sort()).toEqual(['first', 'second']);
  });

  it('calledElementBinding="deployment" only finds a process deployed in the same file', async () => {
    const callerBody = `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
      <bpmn:callActivity id="call" calledElement="child" camunda:calledElementBinding="deployment" />${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />`;
    const childBody = `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'w')}<bpmn:userTask id="w" />${flow('c2', 'w', 'ce')}<bpmn:endEvent id="ce" />`;
    const alone = await engineWith(c7('parent', callerBody), c7('child', childBody));
    const p = await alone.start('parent');
    expect(p.incidents[0]).toMatchObject({ elementId: 'call', message: expect.stringMatching(/deployed together/) });

    const bothInOneFile = c7('parent', callerBody).replace('</bpmn:definitions>', `<bpmn:process id="child" isExecutable="true">${childBody}</bpmn:process></bpmn:definitions>`);
    const together = await engineWith(bothInOneFile);
    await together.start('parent');
    expect((await together.listUserTasks({ processKey: 'child' })).map((t) => t.elementId)).toEqual(['w']);
  });

  it('calledElementBinding="versionTag" calls the tagged version, and refuses a tag two versions carry', async () => {
    const caller = c7('parent', `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
      <bpmn:callActivity id="call" calledElement="child" camunda:calledElementBinding="versionTag" camunda:calledElementVersionTag="v1" />${flow('f2', 'call', 'e')}<bpmn:endEvent id="e" />`);
    const tagged = (tag: string, task: string) => c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', task)}<bpmn:userTask id="${task}" />${flow('c2', task, 'ce')}<bpmn:endEvent id="ce" />`)
      .replace('<bpmn:process id="child" isExecutable="true">', `<bpmn:process id="child" isExecutable="true" camunda:versionTag="${tag}">`);
    const engine = await engineWith(caller, tagged('v1', 'first'), tagged('v2', 'second'));
    await engine.start('parent');
    expect((await engine.listUserTasks({ processKey: 'child' })).map((t) => t.elementId)).toEqual(['first']);

    await engine.deploy(tagged('v1', 'third'));
    const p = await engine.start('parent');
    expect(p.incidents[0]).toMatchObject({ elementId: 'call', message: expect.stringMatching(/2 versions of process "child" are tagged "v1"/) });
  });
});
