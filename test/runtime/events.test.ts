import { describe, expect, it } from 'vitest';
import { BpmnError, Engine, ManualClock } from '../../src/index.js';

const defs = (body: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  ${extra}
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const timer = (kind: 'timeDuration' | 'timeCycle' | 'timeDate', v: string) =>
  `<bpmn:timerEventDefinition><bpmn:${kind}>${v}</bpmn:${kind}></bpmn:timerEventDefinition>`;

async function setup(xml: string) {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock });
  await engine.deploy(xml);
  return { engine, clock };
}
const entered = async (e: Engine, id: string) =>
  (await e.history(id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);

describe('timers', () => {
  it('an intermediate timer waits for the clock and fires once', async () => {
    const { engine, clock } = await setup(defs(`
      <bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
      <bpmn:intermediateCatchEvent id="wait">${timer('timeDuration', 'PT1H')}</bpmn:intermediateCatchEvent>${flow('f2', 'wait', 'e')}
      <bpmn:endEvent id="e" />`));
    const inst = await engine.start('p');
    expect(inst.activeElementIds).toEqual(['wait']);
    clock.advance(59 * 60_000);
    expect(await engine.runDueTimers()).toBe(0);
    clock.advance(60_000);
    expect(await engine.runDueTimers()).toBe(1);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
    expect(await engine.runDueTimers()).toBe(0);
  });

  it('an interrupting timer boundary cancels the user task; a non-interrupting cycle reminds twice', async () => {
    const { engine, clock } = await setup(defs(`
      <bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
      <bpmn:userTask id="task" />${flow('f2', 'task', 'done')}
      <bpmn:endEvent id="done" />
      <bpmn:boundaryEvent id="timeout" attachedToRef="task">${timer('timeDuration', 'P1D')}</bpmn:boundaryEvent>${flow('f3', 'timeout', 'late')}
      <bpmn:endEvent id="late" />
      <bpmn:boundaryEvent id="remind" attachedToRef="task" cancelActivity="false">${timer('timeCycle', 'R2/PT6H')}</bpmn:boundaryEvent>${flow('f4', 'remind', 'nudge')}
      <bpmn:serviceTask id="nudge" camunda:class="nudge" />${flow('f5', 'nudge', 'nudged')}
      <bpmn:endEvent id="nudged" />`));
    let nudges = 0;
    engine.registerService('nudge', () => void nudges++);
    const inst = await engine.start('p');
    for (let h = 0; h < 24; h += 6) {
      clock.advance(6 * 3_600_000);
      await engine.runDueTimers();
    }
    expect(nudges).toBe(2);
    const after = await engine.getInstance(inst.id);
    expect(after?.status).toBe('COMPLETED');
    expect(await engine.listUserTasks({ instanceId: inst.id })).toEqual([]);
    expect(await entered(engine, inst.id)).toContain('late');
    expect(await entered(engine, inst.id)).not.toContain('done');
  });
});

const approval = defs(
  `<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}
  <bpmn:eventBasedGateway id="gw" />${flow('f2', 'gw', 'approved')}${flow('f3', 'gw', 'timeout')}
  <bpmn:intermediateCatchEvent id="approved"><bpmn:messageEventDefinition messageRef="msg" /></bpmn:intermediateCatchEvent>${flow('f4', 'approved', 'yes')}
  <bpmn:intermediateCatchEvent id="timeout">${timer('timeDuration', 'PT24H')}</bpmn:intermediateCatchEvent>${flow('f5', 'timeout', 'no')}
  <bpmn:endEvent id="yes" /><bpmn:endEvent id="no" />`,
  '<bpmn:message id="msg" name="approved" />',
);

describe('messages and the event-based gateway (human approval with a 24 h timeout)', () => {
  it('the approval message wins and cancels the timer', async () => {
    const { engine, clock } = await setup(approval);
    const inst = await engine.start('p', { businessKey: 'order-7' });
    const r = await engine.correlateMessage('approved', { correlationKey: 'order-7', variables: { by: 'ann' } });
    expect(r.instanceIds).toEqual([inst.id]);
    const done = await engine.getInstance(inst.id);
    expect(done).toMatchObject({ status: 'COMPLETED', variables: { by: 'ann' } });
    clock.advance(25 * 3_600_000);
    expect(await engine.runDueTimers()).toBe(0);
    expect(await entered(engine, inst.id)).toEqual(['s', 'gw', 'approved', 'yes']);
  });

  it('the timer wins when nobody approves, and a late message finds no one', async () => {
    const { engine, clock } = await setup(approval);
    const inst = await engine.start('p', { businessKey: 'order-8' });
    expect((await engine.correlateMessage('approved', { correlationKey: 'other' })).instanceIds).toEqual([]);
    clock.advance(24 * 3_600_000);
    expect(await engine.runDueTimers()).toBe(1);
    expect(await entered(engine, inst.id)).toEqual(['s', 'gw', 'timeout', 'no']);
    expect((await engine.correlateMessage('approved', { correlationKey: 'order-8' })).instanceIds).toEqual([]);
  });

  it('a message that arrives early is buffered for its TTL; a repeated messageId is delivered once', async () => {
    const { engine } = await setup(approval);
    const early = await engine.correlateMessage('approved', { correlationKey: 'k', ttlMs: 60_000, messageId: 'm1' });
    expect(early).toEqual({ instanceIds: [], buffered: true });
    const inst = await engine.start('p', { businessKey: 'k' });
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
    expect(await engine.correlateMessage('approved', { correlationKey: 'k', messageId: 'm1' })).toEqual(early);
  });

  it('message and signal start events start instances', async () => {
    const { engine } = await setup(
      defs(
        `<bpmn:startEvent id="byMsg"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>${flow('f1', 'byMsg', 't')}
         <bpmn:startEvent id="bySig"><bpmn:signalEventDefinition signalRef="sg" /></bpmn:startEvent>${flow('f2', 'bySig', 't')}
         <bpmn:userTask id="t" />`,
        '<bpmn:message id="m" name="order" /><bpmn:signal id="sg" name="go" />',
      ),
    );
    const r = await engine.correlateMessage('order', { variables: { n: 1 } });
    expect(r.instanceIds).toHaveLength(1);
    expect((await engine.getInstance(r.instanceIds[0]!))?.variables).toEqual({ n: 1 });
    const s = await engine.broadcastSignal('go');
    expect(s.instanceIds).toHaveLength(1);
  });
});

describe('errors, escalations, event subprocesses', () => {
  const withSub = (inner: string, outer = '') =>
    defs(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('g1', 'ss', 'work')}${inner}</bpmn:subProcess>${flow('f2', 'sub', 'ok')}
      <bpmn:endEvent id="ok" />${outer}`, '<bpmn:error id="err" errorCode="NO_STOCK" /><bpmn:escalation id="esc" escalationCode="LATE" />');

  it('a BpmnError from a handler is caught by the error boundary of the subprocess, with its code in a variable', async () => {
    const { engine } = await setup(
      withSub(
        `<bpmn:serviceTask id="work" camunda:class="reserve" />${flow('g2', 'work', 'se')}<bpmn:endEvent id="se" />`,
        `<bpmn:boundaryEvent id="caught" attachedToRef="sub"><bpmn:errorEventDefinition errorRef="err" camunda:errorCodeVariable="code" /></bpmn:boundaryEvent>${flow('f3', 'caught', 'handled')}<bpmn:endEvent id="handled" />`,
      ),
    );
    engine.registerService('reserve', () => {
      throw new BpmnError('NO_STOCK', 'none left');
    });
    const inst = await engine.start('p');
    expect(inst).toMatchObject({ status: 'COMPLETED', variables: { code: 'NO_STOCK' } });
    const path = await entered(engine, inst.id);
    expect(path).toContain('handled');
    expect(path).not.toContain('ok');
  });

  it('an uncaught error end event fails the instance with the code', async () => {
    const { engine } = await setup(withSub(`<bpmn:task id="work" />${flow('g2', 'work', 'se')}<bpmn:endEvent id="se"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>`));
    const inst = await engine.start('p');
    expect(inst.status).toBe('FAILED');
    expect(inst.failure).toMatchObject({ code: 'NO_STOCK', elementId: 'se' });
  });

  it('an escalation is caught by a non-interrupting boundary: both paths go on', async () => {
    const { engine } = await setup(
      withSub(
        `<bpmn:intermediateThrowEvent id="work"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>${flow('g2', 'work', 'wait')}<bpmn:userTask id="wait" />${flow('g3', 'wait', 'se')}<bpmn:endEvent id="se" />`,
        `<bpmn:boundaryEvent id="escalated" attachedToRef="sub" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>${flow('f3', 'escalated', 'notify')}<bpmn:userTask id="notify" />`,
      ),
    );
    const inst = await engine.start('p');
    expect(inst.activeElementIds.sort()).toEqual(['notify', 'sub', 'wait']);
  });

  it('an interrupting message event subprocess cancels the main flow; a non-interrupting one runs beside it', async () => {
    const { engine } = await setup(
      defs(
        `<bpmn:startEvent id="s" />${flow('f1', 's', 'main')}<bpmn:userTask id="main" />
         <bpmn:subProcess id="onCancel" triggeredByEvent="true">
           <bpmn:startEvent id="cs"><bpmn:messageEventDefinition messageRef="cancel" /></bpmn:startEvent>${flow('c1', 'cs', 'ce')}<bpmn:endEvent id="ce" />
         </bpmn:subProcess>
         <bpmn:subProcess id="onInfo" triggeredByEvent="true">
           <bpmn:startEvent id="is" isInterrupting="false"><bpmn:signalEventDefinition signalRef="info" /></bpmn:startEvent>${flow('i1', 'is', 'read')}<bpmn:userTask id="read" />
         </bpmn:subProcess>`,
        '<bpmn:message id="cancel" name="cancel" /><bpmn:signal id="info" name="info" />',
      ),
    );
    const inst = await engine.start('p');
    await engine.broadcastSignal('info');
    expect((await engine.getInstance(inst.id))?.activeElementIds.sort()).toEqual(['main', 'onInfo', 'read']);
    await engine.correlateMessage('cancel');
    const end = await engine.getInstance(inst.id);
    expect(end?.status).toBe('COMPLETED');
    expect(await engine.listUserTasks({ instanceId: inst.id })).toEqual([]);
  });
});

describe('links, conditions, suspension', () => {
  it('a link throw jumps to its catch', async () => {
    const { engine } = await setup(
      defs(`<bpmn:startEvent id="s" />${flow('f1', 's', 'go')}
        <bpmn:intermediateThrowEvent id="go"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateThrowEvent>
        <bpmn:intermediateCatchEvent id="land"><bpmn:linkEventDefinition name="A" /></bpmn:intermediateCatchEvent>${flow('f2', 'land', 'e')}
        <bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    expect(inst.status).toBe('COMPLETED');
    expect(await entered(engine, inst.id)).toEqual(['s', 'go', 'land', 'e']);
  });

  it('a conditional catch fires when setVariables makes it true', async () => {
    const { engine } = await setup(
      defs(`<bpmn:startEvent id="s" />${flow('f1', 's', 'until')}
        <bpmn:intermediateCatchEvent id="until"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${stock &gt; 0}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'until', 'e')}
        <bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p', { variables: { stock: 0 } });
    expect(inst.activeElementIds).toEqual(['until']);
    expect((await engine.setVariables(inst.id, { stock: 3 })).status).toBe('COMPLETED');
  });

  it('a message for a suspended instance is kept and applied on resume', async () => {
    const { engine } = await setup(approval);
    const inst = await engine.start('p', { businessKey: 'b' });
    await engine.suspend(inst.id);
    expect((await engine.correlateMessage('approved', { correlationKey: 'b' })).instanceIds).toEqual([inst.id]);
    expect((await engine.getInstance(inst.id))?.status).toBe('SUSPENDED');
    expect((await engine.resume(inst.id)).status).toBe('COMPLETED');
  });
});

describe('receive task without a message', () => {
  it('waits until trigger() moves it on, with variables', async () => {
    const { engine } = await setup(
      defs(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}<bpmn:receiveTask id="wait" />${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    expect(inst.activeElementIds).toEqual(['wait']);
    await expect(engine.trigger(inst.id, 'e')).rejects.toMatchObject({ code: 'INVALID_STATE' });
    const done = await engine.trigger(inst.id, 'wait', { ok: true });
    expect(done).toMatchObject({ status: 'COMPLETED', variables: { ok: true } });
  });
});

describe('conditional start events', () => {
  it('evaluateStartConditions starts the processes whose condition holds, with the variables', async () => {
    const { engine } = await setup(
      defs(`<bpmn:startEvent id="big"><bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${amount &gt; 1000}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:startEvent>${flow('f1', 'big', 'review')}<bpmn:userTask id="review" />`),
    );
    expect(await engine.evaluateStartConditions({ amount: 10 })).toEqual([]);
    expect(await engine.evaluateStartConditions({ other: 1 })).toEqual([]);
    const [inst] = await engine.evaluateStartConditions({ amount: 5000 });
    expect(inst).toMatchObject({ status: 'RUNNING', activeElementIds: ['review'], variables: { amount: 5000 } });
  });
});
