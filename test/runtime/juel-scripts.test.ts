import { describe, expect, it } from 'vitest';
import { Engine, ManualClock, UnsupportedElementError } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="juel">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;
const juel = (text: string) => `<camunda:script scriptFormat="juel">${text}</camunda:script>`;

/** Scripts are off in every engine here: a JUEL script is an expression and never needs the sandbox. */
const engine = () => new Engine({ clock: new ManualClock(), scripts: { enabled: false } });

describe('JUEL scripts (scriptFormat="juel")', () => {
  it('a script task stores its value in camunda:resultVariable and may write through execution', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sum')}
      <bpmn:scriptTask id="sum" scriptFormat="juel" camunda:resultVariable="total"><bpmn:script>\${price * qty}</bpmn:script></bpmn:scriptTask>${flow('f2', 'sum', 'mark')}
      <bpmn:scriptTask id="mark" scriptFormat="juel"><bpmn:script>#{execution.setVariable('marked', total &gt; 100)}</bpmn:script></bpmn:scriptTask>${flow('f3', 'mark', 'quiet')}
      <bpmn:scriptTask id="quiet"><bpmn:script>\${price}</bpmn:script></bpmn:scriptTask>${flow('f4', 'quiet', 'end')}
      <bpmn:endEvent id="end" />`));
    const inst = await e.start('p', { variables: { price: 40, qty: 3 } });
    // `quiet` has no scriptFormat (Camunda 7's default is JUEL) and no result variable: its value is dropped.
    expect(inst).toMatchObject({ status: 'COMPLETED', variables: { price: 40, qty: 3, total: 120, marked: true } });
    expect(Object.keys(inst.variables).sort()).toEqual(['marked', 'price', 'qty', 'total']);
    expect((await e.exportSnapshot(inst.id)).jobs).toEqual([]);
  });

  it('a result variable of a script that yields nothing is null', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}
      <bpmn:scriptTask id="t" scriptFormat="juel" camunda:resultVariable="r"><bpmn:script>\${execution.setVariable('x', 1)}</bpmn:script></bpmn:scriptTask>${flow('f2', 't', 'end')}<bpmn:endEvent id="end" />`));
    expect((await e.start('p')).variables).toEqual({ x: 1, r: null });
  });

  it('execution.id is the instance id on the lone path of the process, and each path\'s own id beside others', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'alone')}
      <bpmn:scriptTask id="alone" scriptFormat="juel" camunda:resultVariable="lone"><bpmn:script>#{execution.id}</bpmn:script></bpmn:scriptTask>${flow('f2', 'alone', 'fork')}
      <bpmn:parallelGateway id="fork" />${flow('f3', 'fork', 'a')}${flow('f4', 'fork', 'b')}
      <bpmn:scriptTask id="a" scriptFormat="juel" camunda:resultVariable="idA"><bpmn:script>#{execution.id}</bpmn:script></bpmn:scriptTask>
      <bpmn:scriptTask id="b" scriptFormat="juel" camunda:resultVariable="idB"><bpmn:script>#{execution.id}</bpmn:script></bpmn:scriptTask>
      ${flow('f5', 'a', 'join')}${flow('f6', 'b', 'join')}<bpmn:parallelGateway id="join" />${flow('f7', 'join', 'wait')}<bpmn:userTask id="wait" />`));
    const inst = await e.start('p');
    expect(inst.variables.lone).toBe(inst.id);
    expect(inst.variables.idA).not.toBe(inst.id);
    expect(inst.variables.idB).not.toBe(inst.id);
    expect(inst.variables.idA).not.toBe(inst.variables.idB);
  });

  it('a JUEL condition (language="juel") on a sequence flow chooses the way', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'g')}<bpmn:exclusiveGateway id="g" default="fLow" />
      ${flow('fHigh', 'g', 'high', '${amount &gt; 100}')}${flow('fLow', 'g', 'low')}<bpmn:userTask id="high" /><bpmn:userTask id="low" />`));
    expect((await e.start('p', { variables: { amount: 500 } })).activeElementIds).toEqual(['high']);
    expect((await e.start('p', { variables: { amount: 5 } })).activeElementIds).toEqual(['low']);
  });

  it('execution and task listener scripts run in place, in document order with the other listeners', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'u')}
      <bpmn:userTask id="u"><bpmn:extensionElements>
        <camunda:executionListener event="start">${juel("${execution.setVariable('trail', 'start')}")}</camunda:executionListener>
        <camunda:executionListener event="start" expression="\${execution.setVariable('trail', trail == 'start' ? 'start+expr' : 'out of order')}" />
        <camunda:taskListener event="create">${juel("${execution.setVariable('created', trail)}")}</camunda:taskListener>
        <camunda:taskListener event="complete">${juel("${execution.setVariable('completedWith', answer)}")}</camunda:taskListener>
        <camunda:executionListener event="end">${juel("${execution.setVariable('ended', true)}")}</camunda:executionListener>
      </bpmn:extensionElements></bpmn:userTask>${flow('f2', 'u', 'end')}<bpmn:endEvent id="end" />`));
    const inst = await e.start('p');
    expect(inst.variables).toEqual({ trail: 'start+expr', created: 'start+expr' });
    expect((await e.exportSnapshot(inst.id)).jobs).toEqual([]);
    const [task] = await e.listUserTasks({ instanceId: inst.id });
    const done = await e.completeUserTask(task!.id, { answer: 42 });
    expect(done).toMatchObject({ status: 'COMPLETED', variables: { completedWith: 42, ended: true } });
  });

  it('the process\'s own listener scripts run too', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:extensionElements><camunda:executionListener event="start">${juel("${execution.setVariable('began', execution.processInstanceId)}")}</camunda:executionListener></bpmn:extensionElements>
      <bpmn:startEvent id="s" />${flow('f1', 's', 'end')}<bpmn:endEvent id="end" />`));
    const inst = await e.start('p');
    expect(inst.variables.began).toBe(inst.id);
  });

  it('input and output parameter scripts compute their values in place', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'u')}
      <bpmn:userTask id="u"><bpmn:extensionElements><camunda:inputOutput>
        <camunda:inputParameter name="doubled">${juel('${base * 2}')}</camunda:inputParameter>
        <camunda:inputParameter name="both"><camunda:list><camunda:value>\${base}</camunda:value>${juel('${doubled + 1}')}</camunda:list></camunda:inputParameter>
        <camunda:outputParameter name="out">${juel('${doubled * answer}')}</camunda:outputParameter>
      </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 'u', 'end')}<bpmn:endEvent id="end" />`));
    const inst = await e.start('p', { variables: { base: 2 } });
    const snap = await e.exportSnapshot(inst.id);
    expect(snap.tokens[0]!.locals).toEqual({ doubled: 4, both: [2, 5] });
    expect(snap.jobs).toEqual([]);
    const [task] = await e.listUserTasks({ instanceId: inst.id });
    expect(await e.completeUserTask(task!.id, { answer: 10 })).toMatchObject({ status: 'COMPLETED', variables: { base: 2, out: 40 } });
  });

  it('a conditional event with a JUEL condition fires when the variables make it true', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'c')}
      <bpmn:intermediateCatchEvent id="c"><bpmn:conditionalEventDefinition camunda:variableName="go">
        <bpmn:condition xsi:type="bpmn:tFormalExpression" language="juel">\${go == 'yes'}</bpmn:condition>
      </bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>${flow('f2', 'c', 'end')}<bpmn:endEvent id="end" />`));
    const inst = await e.start('p', { variables: { go: 'no' } });
    expect(inst.activeElementIds).toEqual(['c']);
    expect((await e.setVariables(inst.id, { go: 'yes' })).status).toBe('COMPLETED');
  });

  it('a JUEL script that fails at run time is an incident on its element, like any failing expression', async () => {
    const e = engine();
    await e.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}
      <bpmn:scriptTask id="t" scriptFormat="juel" camunda:resultVariable="r"><bpmn:script>\${missing + 1}</bpmn:script></bpmn:scriptTask>${flow('f2', 't', 'end')}<bpmn:endEvent id="end" />`));
    const inst = await e.start('p');
    expect(inst.status).toBe('RUNNING');
    expect(inst.incidents).toHaveLength(1);
    expect(inst.incidents[0]).toMatchObject({ elementId: 't' });
    expect(inst.incidents[0]!.message).toContain('missing');
  });

  describe('other script languages stay refused at deploy with their element', () => {
    const places: [string, string][] = [
      ['script task', `<bpmn:scriptTask id="x" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>`],
      ['listener', `<bpmn:task id="x"><bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="python">x = 1</camunda:script></camunda:executionListener></bpmn:extensionElements></bpmn:task>`],
      ['io parameter', `<bpmn:task id="x"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="v"><camunda:script scriptFormat="groovy">1</camunda:script></camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>`],
      ['JUEL from an external resource', `<bpmn:scriptTask id="x" scriptFormat="juel" camunda:resource="deployment://x.juel" />`],
    ];
    for (const [where, body] of places) {
      it(where, async () => {
        const err = await engine().deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'x')}${body}`)).then(() => undefined, (x: unknown) => x);
        expect(err).toBeInstanceOf(UnsupportedElementError);
        expect(err).toMatchObject({ code: 'UNSUPPORTED_ELEMENT', elementId: 'x' });
      });
    }
  });
});
