import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const listener = (event: string, attr: string) => `<camunda:executionListener event="${event}" ${attr} />`;

describe('Camunda 7 listeners', () => {
  it('execution listeners run at start and end, in order, as registered handlers or JavaScript; their variables stick', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const calls: string[] = [];
    engine.registerService('org.acme.AuditListener', ({ elementId, headers }) => {
      calls.push(`${headers.event}:${elementId}`);
      return { audited: true };
    });
    engine.registerService('stamp', ({ headers }) => void calls.push(`stamp:${headers.event}`));
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}
        <bpmn:task id="work"><bpmn:extensionElements>
          ${listener('start', 'class="org.acme.AuditListener"')}
          ${listener('start', 'delegateExpression="${stamp}"')}
          <camunda:executionListener event="end"><camunda:script scriptFormat="javascript">execution.setVariable('ended', true)</camunda:script></camunda:executionListener>
          ${listener('end', 'expression="${audited}"')}
        </bpmn:extensionElements></bpmn:task>${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    expect(inst).toMatchObject({ status: 'COMPLETED', variables: { audited: true, ended: true } });
    expect(calls).toEqual(['start:work', 'stamp:start']);
    const path = (await engine.history(inst.id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);
    expect(path).toEqual(['s', 'work', 'e']);
  });

  it('task listeners run on create and complete; the task is done only after its complete listeners', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const seen: string[] = [];
    engine.registerService('notify', ({ headers, variables }) => void seen.push(`${headers.event}:${String(variables.decision ?? '-')}`));
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'approve')}
        <bpmn:userTask id="approve"><bpmn:extensionElements>
          <camunda:taskListener event="create" delegateExpression="\${notify}" />
          <camunda:taskListener event="complete" delegateExpression="\${notify}" />
        </bpmn:extensionElements></bpmn:userTask>${flow('f2', 'approve', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    expect(seen).toEqual(['create:-']);
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    const done = await engine.completeUserTask(task!.id, { decision: 'yes' });
    expect(done.status).toBe('COMPLETED');
    expect(seen).toEqual(['create:-', 'complete:yes']);
  });

  it('a listener naming a class nobody registered is an incident that retrying resolves once it is registered', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}
        <bpmn:task id="work"><bpmn:extensionElements>${listener('start', 'class="org.acme.Missing"')}</bpmn:extensionElements></bpmn:task>${flow('f2', 'work', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    expect(inst.incidents[0]?.message).toMatch(/org\.acme\.Missing/);
    engine.registerService('org.acme.Missing', () => undefined);
    expect((await engine.retryIncident(inst.incidents[0]!.id)).status).toBe('COMPLETED');
  });

  it('flow listeners on another event than take and groovy listeners are rejected at deploy', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const onFlow = (event: string) => c7(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e"><bpmn:extensionElements>${listener(event, 'class="X"')}</bpmn:extensionElements></bpmn:sequenceFlow><bpmn:endEvent id="e" />`);
    await expect(engine.deploy(onFlow('end'))).rejects.toMatchObject({ code: 'UNSUPPORTED_ELEMENT', elementId: 'f1' });
    await expect(engine.deploy(onFlow('take'))).resolves.toMatchObject({ processes: [{ key: 'p' }] });
    const groovy = c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'w')}<bpmn:task id="w"><bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="groovy">x</camunda:script></camunda:executionListener></bpmn:extensionElements></bpmn:task>`);
    await expect(engine.deploy(groovy)).rejects.toMatchObject({ code: 'UNSUPPORTED_ELEMENT', elementId: 'w' });
  });
});

describe('${execution…} in Camunda 7 expressions', () => {
  it('an expression listener sets variables through execution.setVariable; expressions read the business key', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}
        <bpmn:userTask id="work" camunda:assignee="\${execution.processBusinessKey}"><bpmn:extensionElements>
          ${listener('start', 'expression="${execution.setVariable(\'stage\', \'working\')}"')}
        </bpmn:extensionElements></bpmn:userTask>`),
    );
    const inst = await engine.start('p', { businessKey: 'ann' });
    expect(inst.variables).toMatchObject({ stage: 'working' });
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    expect(task?.assignee).toBe('ann');
  });
});
