import { describe, expect, it } from 'vitest';
import { ConflictError, Engine, ManualClock } from '../../src/index.js';

const process = (id: string, start: string, extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs-${id}" targetNamespace="t">${extra}
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start">${start}</bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:userTask id="task" />
  </bpmn:process>
</bpmn:definitions>`;
const messageStart = (id: string, message: string) =>
  process(id, `<bpmn:messageEventDefinition messageRef="m" />`, `<bpmn:message id="m" name="${message}" />`);
const engine = () => new Engine({ clock: new ManualClock(new Date('2026-01-01T00:00:00Z')) });

describe('message start events across processes', () => {
  it('refuses a second process whose message start event listens to a message another process starts on', async () => {
    const e = engine();
    await e.deploy(messageStart('invoice', 'newInvoice'));
    const err = await e.deploy(messageStart('otherInvoice', 'newInvoice')).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(/message "newInvoice" already starts process invoice/);
    // nothing of the refused file was deployed: the message still starts exactly one instance of the first
    await expect(e.start('otherInvoice')).rejects.toThrow(/no process with key "otherInvoice"/);
    expect((await e.correlateMessage('newInvoice')).instanceIds).toHaveLength(1);
    await e.close();
  });

  it('lets a new version of the same process keep its message, and another message start elsewhere', async () => {
    const e = engine();
    await e.deploy(messageStart('invoice', 'newInvoice'));
    const v2 = await e.deploy(messageStart('invoice', 'newInvoice').replace('<bpmn:userTask id="task" />', '<bpmn:userTask id="task" name="v2" />'));
    expect(v2.processes[0]).toMatchObject({ key: 'invoice', version: 2 });
    await expect(e.deploy(messageStart('order', 'newOrder'))).resolves.toBeDefined();
    await e.close();
  });
});

describe('message start events across Camunda 8 processes', () => {
  it('lets one message start several Zeebe processes, each getting an instance', async () => {
    const zeebe = (id: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d-${id}" targetNamespace="t">
  <bpmn:message id="m" name="newInvoice" />
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:userTask id="task" />
  </bpmn:process>
</bpmn:definitions>`;
    const e = engine();
    await e.deploy(zeebe('a'));
    await e.deploy(zeebe('b'));
    expect((await e.correlateMessage('newInvoice')).instanceIds).toHaveLength(2);
    await e.close();
  });
});

describe('evaluateStartConditions', () => {
  const conditional = (id: string, condition: string, attrs = '') =>
    process(id, `<bpmn:conditionalEventDefinition ${attrs}><bpmn:condition>${condition}</bpmn:condition></bpmn:conditionalEventDefinition>`);

  it('a start event with camunda:variableName only fires when that variable is among the given ones', async () => {
    const e = engine();
    await e.deploy(conditional('named', '${true}', 'camunda:variableName="foo"'));
    expect(await e.evaluateStartConditions({})).toEqual([]);
    expect(await e.evaluateStartConditions({ bar: 1 })).toEqual([]);
    const [inst] = await e.evaluateStartConditions({ foo: false });
    expect(inst).toMatchObject({ processKey: 'named', variables: { foo: false } });
    await e.close();
  });
});
