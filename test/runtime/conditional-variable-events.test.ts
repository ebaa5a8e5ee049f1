import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const cond = (expr: string, attrs = '') =>
  `<bpmn:conditionalEventDefinition ${attrs}><bpmn:condition xsi:type="bpmn:tFormalExpression">${expr}</bpmn:condition></bpmn:conditionalEventDefinition>`;
/** A non-interrupting event subprocess of `scope` whose start event listens with `definition`. */
const esp = (id: string, definition: string, interrupting = false) => `<bpmn:subProcess id="${id}" triggeredByEvent="true">
  <bpmn:startEvent id="${id}Start" isInterrupting="${interrupting}">${definition}</bpmn:startEvent>${flow(`${id}F`, `${id}Start`, `${id}Task`)}
  <bpmn:userTask id="${id}Task" /></bpmn:subProcess>`;
const waiting = `<bpmn:startEvent id="s" />${flow('f1', 's', 'work')}<bpmn:userTask id="work" />`;

async function setup(body: string, services: Record<string, () => Record<string, unknown>> = {}) {
  const engine = new Engine({ clock: new ManualClock(new Date('2026-01-01T00:00:00Z')), services });
  await engine.deploy(defs(body));
  return engine;
}
const tasks = async (e: Engine, id: string) => (await e.listUserTasks({ instanceId: id })).map((t) => t.elementId).sort();

describe('conditional events react to variable writes (Camunda 7 semantics)', () => {
  it('camunda:variableEvents="update": creating the variable does not fire, every update while it holds does', async () => {
    const e = await setup(waiting + esp('esp', cond('${x == 1}', 'camunda:variableName="x" camunda:variableEvents="update"')));
    const pi = await e.start('p');
    await e.setVariables(pi.id, { x: 1 });
    expect(await tasks(e, pi.id)).toEqual(['work']);
    await e.setVariables(pi.id, { x: 1 });
    expect(await tasks(e, pi.id)).toEqual(['espTask', 'work']);
    await e.setVariables(pi.id, { x: 1 });
    expect(await tasks(e, pi.id)).toEqual(['espTask', 'espTask', 'work']);
    await e.close();
  });

  it('camunda:variableName: writes to other variables do not make it look again', async () => {
    const e = await setup(waiting + esp('esp', cond('${x == 1 &amp;&amp; go}', 'camunda:variableName="go"')));
    const pi = await e.start('p', { variables: { go: true } });
    expect(await tasks(e, pi.id)).toEqual(['work']);
    await e.setVariables(pi.id, { x: 1 });
    expect(await tasks(e, pi.id)).toEqual(['work']);
    await e.setVariables(pi.id, { go: true });
    expect(await tasks(e, pi.id)).toEqual(['espTask', 'work']);
    await e.close();
  });

  it('a non-interrupting boundary fires again on each write that leaves its condition true', async () => {
    const body = `${waiting}${flow('f2', 'work', 'end')}<bpmn:endEvent id="end" />
<bpmn:boundaryEvent id="b" attachedToRef="work" cancelActivity="false">${cond('${n &gt; 0}')}</bpmn:boundaryEvent>${flow('f3', 'b', 'after')}<bpmn:userTask id="after" />`;
    const e = await setup(body);
    const pi = await e.start('p');
    await e.setVariables(pi.id, { n: 1 });
    await e.setVariables(pi.id, { n: 2 });
    await e.setVariables(pi.id, { n: 0 });
    expect(await tasks(e, pi.id)).toEqual(['after', 'after', 'work']);
    await e.close();
  });

  it('a write kept in a subprocess scope reaches that subprocess\'s listeners only', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
<bpmn:subProcess id="sub">
  <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="v">0</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
  <bpmn:startEvent id="ss" />${flow('f2', 'ss', 'setter')}<bpmn:serviceTask id="setter" camunda:class="setV" />${flow('f3', 'setter', 'inner')}<bpmn:userTask id="inner" />
  ${esp('innerEsp', cond('${v == 1}'))}
</bpmn:subProcess>
${esp('outerEsp', cond('${true}'))}`;
    const e = await setup(body, { setV: () => ({ v: 1 }) });
    const pi = await e.start('p');
    // The outer listener holds from the start and fires once then; the subprocess's write of its own `v`
    // does not reach it (it would fire again), but does reach the subprocess's event subprocess.
    expect(await tasks(e, pi.id)).toEqual(['inner', 'innerEspTask', 'outerEspTask']);
    expect((await e.getInstance(pi.id))?.variables).toEqual({});
    // A process-level write reaches every listener below it: both fire again.
    await e.setVariables(pi.id, { other: 1 });
    expect(await tasks(e, pi.id)).toEqual(['inner', 'innerEspTask', 'innerEspTask', 'outerEspTask', 'outerEspTask']);
    await e.close();
  });

  it('a write that ends a subprocess still triggers the subprocess\'s own event subprocess first', async () => {
    const body = `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
<bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('f2', 'ss', 'setter')}<bpmn:serviceTask id="setter" camunda:class="setDone" />${flow('f3', 'setter', 'se')}<bpmn:endEvent id="se" />
  ${esp('innerEsp', cond('${done}'), true)}
</bpmn:subProcess>${flow('f4', 'sub', 'after')}<bpmn:userTask id="after" />`;
    const e = await setup(body, { setDone: () => ({ done: true }) });
    const pi = await e.start('p');
    expect(await tasks(e, pi.id)).toEqual(['innerEspTask']);
    await e.close();
  });
});
