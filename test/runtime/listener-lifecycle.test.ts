import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';
import type { ServiceContext } from '../../src/index.js';

const c7 = (body: string, processExtensions = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" name="The process" isExecutable="true">${processExtensions}${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const ext = (inner: string) => `<bpmn:extensionElements>${inner}</bpmn:extensionElements>`;
const HOUR = 3600_000;

function recorder(engine: Engine, type: string): string[] {
  const seen: string[] = [];
  engine.registerService(type, (c: ServiceContext) => {
    seen.push([c.elementId, c.elementName ?? '-', c.listener?.event, c.listener?.cancelled ? 'cancelled' : 'ok', c.headers.parameter ?? ''].join('|'));
  });
  return seen;
}

describe('execution listeners over the life of an instance', () => {
  it('process start listeners run before the start event, process end listeners before the instance completes', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const seen = recorder(engine, 'rec');
    engine.registerService('mark', ({ listener }) => ({ [`process-${listener!.event}`]: true }));
    await engine.deploy(c7(`<bpmn:startEvent id="s">${ext('<camunda:executionListener event="end" class="rec" />')}</bpmn:startEvent>${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />`,
      ext('<camunda:executionListener event="start" class="mark" /><camunda:executionListener event="end" class="mark" /><camunda:executionListener event="end" expression="${execution.setVariable(\'viaExpression\', true)}" />')));
    const inst = await engine.start('p');
    expect(inst.status).toBe('COMPLETED');
    expect(inst.variables).toEqual({ 'process-start': true, 'process-end': true, viaExpression: true });
    expect(seen).toEqual(['s|-|end|ok|']);
  });

  it('hands camunda:field values to the handler, expressions evaluated at the call, and the element name', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    engine.registerService('inject', ({ headers, elementName }) => ({ var: `${headers.fixedValue}${headers.dynamicValue}`, name: elementName }));
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:task id="t" name="Work">${ext(`<camunda:executionListener event="start" class="inject">
      <camunda:field name="fixedValue" stringValue="Yes, I am " /><camunda:field name="dynamicValue" expression="\${myVar}" /></camunda:executionListener>`)}</bpmn:task>${flow('f2', 't', 'e')}<bpmn:endEvent id="e" />`));
    const inst = await engine.start('p', { variables: { myVar: 'listening!' } });
    expect(inst.variables).toMatchObject({ var: 'Yes, I am listening!', name: 'Work' });
  });

  it('an interrupting boundary event tells the cancelled activity end listener, which may still write variables', async () => {
    const clock = new ManualClock();
    const engine = new Engine({ clock });
    const seen = recorder(engine, 'rec');
    engine.registerService('note', ({ listener }) => ({ cancelledSeen: listener!.cancelled }));
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'u')}
      <bpmn:userTask id="u" name="Task">${ext('<camunda:executionListener event="end" class="rec"><camunda:field name="parameter" stringValue="P" /></camunda:executionListener><camunda:executionListener event="end" class="note" />')}</bpmn:userTask>
      ${flow('f2', 'u', 'e')}<bpmn:endEvent id="e" />
      <bpmn:boundaryEvent id="b" attachedToRef="u"><bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>${flow('f3', 'b', 'e2')}<bpmn:endEvent id="e2" />`));
    const inst = await engine.start('p');
    clock.advance(5 * 60_000);
    await engine.runDueTimers();
    const after = await engine.getInstance(inst.id);
    expect(after).toMatchObject({ status: 'COMPLETED', variables: { cancelledSeen: true } });
    expect(seen).toEqual(['u|Task|end|cancelled|P']);
  });

  it('terminating the instance tells the end listeners of what was active and of the process, once', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const seen = recorder(engine, 'rec');
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'u')}<bpmn:userTask id="u">${ext('<camunda:executionListener event="end" class="rec" />')}</bpmn:userTask>${flow('f2', 'u', 'e')}<bpmn:endEvent id="e" />`,
      ext('<camunda:executionListener event="end" class="rec" />')));
    const inst = await engine.start('p');
    const done = await engine.terminate(inst.id);
    expect(done.status).toBe('TERMINATED');
    expect(seen).toEqual(['u|-|end|cancelled|', 'p|The process|end|cancelled|']);
    expect((await engine.exportSnapshot(inst.id)).jobs).toEqual([]);
  });
});

describe('take listeners on sequence flows', () => {
  it('run as the token passes the flow: after the source ends, before the target starts, on every branch of a fork', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const order: string[] = [];
    engine.registerService('rec', ({ elementId, listener }) => void order.push(`${elementId}:${listener!.event}`));
    const take = '<camunda:executionListener class="rec" />';
    await engine.deploy(c7(`<bpmn:startEvent id="s">${ext('<camunda:executionListener event="end" class="rec" />')}</bpmn:startEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="fork">${ext(take + '<camunda:executionListener expression="${execution.setVariable(\'taken\', true)}" />')}</bpmn:sequenceFlow>
      <bpmn:parallelGateway id="fork" />
      <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="ta">${ext(take)}</bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="tb">${ext(take)}</bpmn:sequenceFlow>
      <bpmn:task id="ta">${ext('<camunda:executionListener event="start" class="rec" />')}</bpmn:task><bpmn:task id="tb" />
      ${flow('fa', 'ta', 'ea')}${flow('fb', 'tb', 'eb')}<bpmn:endEvent id="ea" /><bpmn:endEvent id="eb" />`));
    const inst = await engine.start('p');
    expect(inst).toMatchObject({ status: 'COMPLETED', variables: { taken: true } });
    expect(order).toEqual(['s:end', 'f1:take', 'a:take', 'ta:start', 'b:take']);
  });

  it('refuses a flow listener on another event than take', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await expect(engine.deploy(c7(`<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e">${ext('<camunda:executionListener event="start" class="rec" />')}</bpmn:sequenceFlow><bpmn:endEvent id="e" />`)))
      .rejects.toMatchObject({ code: 'UNSUPPORTED_ELEMENT', elementId: 'f1' });
  });
});

describe('task listeners beyond create and complete', () => {
  const task = (listeners: string, attrs = '') =>
    c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'u')}<bpmn:userTask id="u"${attrs}>${ext(listeners)}</bpmn:userTask>${flow('f2', 'u', 'e')}<bpmn:endEvent id="e" />`);

  it('a timeout listener fires when its timer is due (a cycle again and again) and not after the task is done', async () => {
    const clock = new ManualClock();
    const engine = new Engine({ clock });
    engine.registerService('timeout', ({ variables }) => ({ fired: ((variables.fired as number | undefined) ?? 0) + 1 }));
    await engine.deploy(task('<camunda:taskListener event="timeout" class="timeout" id="t1"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></camunda:taskListener>'));
    const inst = await engine.start('p');
    expect((await engine.exportSnapshot(inst.id)).timers).toHaveLength(1);
    clock.advance(70 * 60_000);
    await engine.runDueTimers();
    expect((await engine.getInstance(inst.id))!.variables.fired).toBe(1);
    clock.advance(HOUR);
    await engine.runDueTimers();
    expect((await engine.getInstance(inst.id))!.variables.fired).toBe(2);
    const [t] = await engine.listUserTasks({ instanceId: inst.id });
    const done = await engine.completeUserTask(t!.id, {});
    expect(done.status).toBe('COMPLETED');
    expect((await engine.exportSnapshot(inst.id)).timers).toEqual([]);
  });

  it('a listener changes its task like DelegateTask does: assignee, candidates, and completing it', async () => {
    const clock = new ManualClock();
    const engine = new Engine({ clock });
    const assigned: string[] = [];
    engine.registerService('assign', ({ task }) => {
      task!.assignee = 'kermit';
      task!.candidateGroups.push('management');
    });
    engine.registerService('onAssign', ({ task }) => void assigned.push(task!.assignee ?? '-'));
    engine.registerService('finish', ({ task }) => task!.complete());
    await engine.deploy(task(`<camunda:taskListener event="create" class="assign" /><camunda:taskListener event="assignment" class="onAssign" />
      <camunda:taskListener event="timeout" class="finish" id="t"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></camunda:taskListener>`, ' camunda:assignee="fozzie"'));
    const inst = await engine.start('p');
    const [t] = await engine.listUserTasks({ instanceId: inst.id });
    expect(t).toMatchObject({ assignee: 'kermit', candidateGroups: ['management'] });
    // One assignment event, after the create listeners, with the assignee they left.
    expect(assigned).toEqual(['kermit']);
    await engine.claimUserTask(t!.id, 'gonzo');
    expect(assigned).toEqual(['kermit', 'gonzo']);
    clock.advance(HOUR);
    await engine.runDueTimers();
    expect((await engine.getInstance(inst.id))!.status).toBe('COMPLETED');
  });

  it('delete listeners run when the task is cancelled, not when it is completed', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const deleted: string[] = [];
    engine.registerService('del', ({ task, listener }) => void deleted.push(`${task!.elementId}:${listener!.event}`));
    await engine.deploy(task('<camunda:taskListener event="delete" class="del" />'));
    const a = await engine.start('p');
    const [ta] = await engine.listUserTasks({ instanceId: a.id });
    await engine.completeUserTask(ta!.id, {});
    expect(deleted).toEqual([]);
    const b = await engine.start('p');
    await engine.terminate(b.id);
    expect(deleted).toEqual(['u:delete']);
  });

  it('a failing listener of a cancelled activity is an incident that a retry resolves', async () => {
    const clock = new ManualClock();
    const engine = new Engine({ clock });
    let fail = true;
    engine.registerService('flaky', () => {
      if (fail) throw new Error('not now');
      return { told: true };
    });
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'u')}<bpmn:userTask id="u">${ext('<camunda:executionListener event="end" class="flaky" />')}</bpmn:userTask>${flow('f2', 'u', 'e')}<bpmn:endEvent id="e" />
      <bpmn:boundaryEvent id="b" attachedToRef="u"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>${flow('f3', 'b', 'e2')}<bpmn:endEvent id="e2" />`));
    const inst = await engine.start('p');
    clock.advance(60_000);
    await engine.runDueTimers();
    const stuck = (await engine.getInstance(inst.id))!;
    expect(stuck.status).toBe('RUNNING');
    expect(stuck.incidents).toHaveLength(1);
    fail = false;
    const after = await engine.retryIncident(stuck.incidents[0]!.id);
    expect(after).toMatchObject({ status: 'COMPLETED', variables: { told: true } });
  });
});
