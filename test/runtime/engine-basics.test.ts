import { describe, expect, it } from 'vitest';
import { Engine, FormValidationError, ManualClock, MemoryStore, NotFoundError } from '../../src/index.js';

const C7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;

const approval = C7(`
  <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
  <bpmn:userTask id="review" name="Review" camunda:assignee="\${owner}" camunda:candidateGroups="managers, \${team}">
    <bpmn:extensionElements><camunda:formData>
      <camunda:formField id="amount" label="Amount" type="long"><camunda:validation><camunda:constraint name="required" /><camunda:constraint name="min" config="1" /></camunda:validation></camunda:formField>
      <camunda:formField id="approved" type="boolean" />
    </camunda:formData></bpmn:extensionElements>
    <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
  </bpmn:userTask>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
  <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="gw" />
  <bpmn:exclusiveGateway id="gw" default="fNo"><bpmn:incoming>f2</bpmn:incoming><bpmn:outgoing>fYes</bpmn:outgoing><bpmn:outgoing>fNo</bpmn:outgoing></bpmn:exclusiveGateway>
  <bpmn:sequenceFlow id="fYes" sourceRef="gw" targetRef="pay"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${approved &amp;&amp; amount &gt; 100}</bpmn:conditionExpression></bpmn:sequenceFlow>
  <bpmn:sequenceFlow id="fNo" sourceRef="gw" targetRef="endNo" />
  <bpmn:serviceTask id="pay" camunda:delegateExpression="\${payment}"><bpmn:incoming>fYes</bpmn:incoming><bpmn:outgoing>f3</bpmn:outgoing></bpmn:serviceTask>
  <bpmn:sequenceFlow id="f3" sourceRef="pay" targetRef="endYes" />
  <bpmn:endEvent id="endYes"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent>
  <bpmn:endEvent id="endNo"><bpmn:incoming>fNo</bpmn:incoming></bpmn:endEvent>`);

describe('Engine: a C7 approval with a form, a JUEL gateway and a service', () => {
  it('runs to the user task, validates the form, pays and completes', async () => {
    const engine = new Engine({ clock: new ManualClock(), store: new MemoryStore() });
    await engine.deploy(approval, { name: 'approval.bpmn' });
    engine.registerService('payment', ({ variables }) => ({ paid: (variables.amount as number) * 2 }));

    const inst = await engine.start('p', { variables: { owner: 'ann', team: 'finance' }, businessKey: 'B-1' });
    expect(inst.status).toBe('RUNNING');
    expect(inst.activeElementIds).toEqual(['review']);

    const [task] = await engine.listUserTasks({ candidateGroup: 'finance' });
    expect(task).toMatchObject({ elementId: 'review', assignee: 'ann', candidateGroups: ['managers', 'finance'] });

    const bad = await engine.completeUserTask(task!.id, { amount: 'x' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(FormValidationError);
    expect((bad as FormValidationError).fields.map((f) => f.field)).toContain('amount');
    expect((await engine.getUserTask(task!.id))?.id).toBe(task!.id);

    const done = await engine.completeUserTask(task!.id, { amount: '150', approved: 'true' });
    expect(done.status).toBe('COMPLETED');
    expect(done.variables).toMatchObject({ amount: 150, approved: true, paid: 300 });

    const again = await engine.completeUserTask(task!.id, { amount: 5 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(NotFoundError);

    const path = (await engine.history(inst.id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);
    expect(path).toEqual(['start', 'review', 'gw', 'pay', 'endYes']);
  });

  it('restores an exported snapshot in another engine and continues', async () => {
    const a = new Engine({ clock: new ManualClock() });
    await a.deploy(approval);
    const inst = await a.start('p', { variables: { owner: 'bob', team: 't' } });
    const snap = JSON.parse(JSON.stringify(await a.exportSnapshot(inst.id)));

    const b = new Engine({ clock: new ManualClock() });
    await b.deploy(approval);
    await b.importSnapshot(snap);
    const [task] = await b.listUserTasks({ instanceId: inst.id });
    const done = await b.completeUserTask(task!.id, { amount: 1, approved: false });
    expect(done.status).toBe('COMPLETED');
    expect(done.activeElementIds).toEqual([]);
  });
});

describe('camunda:expression service tasks', () => {
  const expr = (e: string) =>
    C7(`<bpmn:startEvent id="s"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
      <bpmn:serviceTask id="calc" camunda:expression="${e}" camunda:resultVariable="total"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
      <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="calc" /><bpmn:sequenceFlow id="f2" sourceRef="calc" targetRef="e" />
      <bpmn:endEvent id="e"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>`);

  it('evaluates the expression into camunda:resultVariable', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(expr('${price * qty}'));
    const inst = await engine.start('p', { variables: { price: 4, qty: 3 } });
    expect(inst).toMatchObject({ status: 'COMPLETED', variables: { total: 12 } });
  });

  it('rejects a Java bean method call at deploy, with its location', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const err = await engine.deploy(expr('${calculator.total(price)}')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXPRESSION_ERROR', elementId: 'calc' });
    expect((err as { line?: number }).line).toBeGreaterThan(0);
  });
});

describe('audit trail', () => {
  it('history says which variables a task wrote; engine.on reports locked jobs', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(approval);
    const locked: string[] = [];
    engine.on('job.locked', ({ workerId, elementId }) => locked.push(`${workerId}:${elementId}`));
    const inst = await engine.start('p', { variables: { owner: 'ann', team: 't' } });
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    await engine.completeUserTask(task!.id, { amount: 500, approved: true });
    const changed = (await engine.history(inst.id)).filter((h) => h.type === 'variables.changed');
    expect(changed[0]).toMatchObject({ elementId: 'review', data: { names: ['amount', 'approved'] } });
    const jobs = await engine.fetchAndLock({ workerId: 'w1', maxTasks: 1, topics: [{ topic: 'payment', lockDurationMs: 1000 }] });
    expect(jobs).toHaveLength(1);
    expect(locked).toEqual(['w1:pay']);
  });
});
