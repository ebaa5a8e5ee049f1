import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import type { CallActivitySpec, ElementSpec, IntermediateCatchEventSpec, MultiInstanceSpec, ProcessSpec, ReceiveTaskSpec, ScriptTaskSpec, ServiceTaskSpec, UserTaskSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

async function one(body: string, opts: { before?: string } = {}): Promise<ProcessSpec> {
  const defs = await parseDefinitions(diagram('camunda8', body, opts), { file: 'c8.bpmn' });
  expect(defs.flavour).toBe('camunda8');
  return defs.processes[0]!;
}
const el = <T extends ElementSpec>(p: ProcessSpec, id: string): T => p.elements[id] as T;

describe('Camunda 8 extensions', () => {
  it('maps a job worker task with retries, headers and io mapping', async () => {
    const p = await one(`<bpmn:serviceTask id="s"><bpmn:extensionElements>
      <zeebe:taskDefinition type="charge-card" retries="5" />
      <zeebe:taskHeaders><zeebe:header key="currency" value="EUR" /></zeebe:taskHeaders>
      <zeebe:ioMapping><zeebe:input source="=order.total" target="amount" /><zeebe:output source="=txId" target="paymentId" /></zeebe:ioMapping>
    </bpmn:extensionElements></bpmn:serviceTask>`);
    const s = el<ServiceTaskSpec>(p, 's');
    expect(s.service).toEqual({ type: 'charge-card', typeSource: 'zeebe', external: true, retry: { maxAttempts: 5, source: '5' }, headers: { currency: 'EUR' } });
    expect(s.io!.inputs[0]!.target).toBe('amount');
    expect(s.io!.inputs[0]!.value.evaluate({ order: { total: 12 } })).toBe(12);
    expect(s.io!.outputs[0]!.value.evaluate({ txId: 'T1' })).toBe('T1');
  });

  it('maps user task assignment, schedule and priority; static lists become lists', async () => {
    const p = await one(`<bpmn:userTask id="u"><bpmn:extensionElements>
      <zeebe:assignmentDefinition assignee="=owner" candidateGroups="sales, support" candidateUsers="=[boss, &quot;kermit&quot;]" />
      <zeebe:taskSchedule dueDate="=due" followUpDate="2030-01-01T00:00:00Z" />
      <zeebe:priorityDefinition priority="=prio" />
    </bpmn:extensionElements></bpmn:userTask>`);
    const a = el<UserTaskSpec>(p, 'u').assignment;
    expect(a.assignee!.evaluate({ owner: 'ann' })).toBe('ann');
    expect(a.candidateGroups!.evaluate({})).toEqual(['sales', 'support']);
    expect(a.candidateUsers!.evaluate({ boss: 'b' })).toEqual(['b', 'kermit']);
    expect(a.dueDate!.evaluate({ due: 'd' })).toBe('d');
    expect(a.followUpDate!.evaluate({})).toBe('2030-01-01T00:00:00Z');
    expect(a.priority!.evaluate({ prio: 7 })).toBe(7);
  });

  it('links an embedded form-js form by camunda-forms:bpmn key and a linked form by formId', async () => {
    const schema = JSON.stringify({ components: [{ key: 'approved', label: 'Approved?', type: 'checkbox' }] }).replace(/"/g, '&quot;');
    // given a key to an embedded form the process does not define, then the task is rejected
    await expect(
      one(`<bpmn:userTask id="u"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:userTaskForm_1" /></bpmn:extensionElements></bpmn:userTask>`),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR', elementId: 'u', line: 4 });
    // the embedded form lives in the process's extensionElements
    const xml = diagram(
      'camunda8',
      `<bpmn:extensionElements><zeebe:userTaskForm id="userTaskForm_1">${schema}</zeebe:userTaskForm></bpmn:extensionElements>
       <bpmn:userTask id="u"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:userTaskForm_1" /></bpmn:extensionElements></bpmn:userTask>
       <bpmn:userTask id="linked"><bpmn:extensionElements><zeebe:formDefinition formId="invoice-form" /></bpmn:extensionElements></bpmn:userTask>`,
    );
    const q = (await parseDefinitions(xml)).processes[0]!;
    const form = el<UserTaskSpec>(q, 'u').form!;
    expect(form.formKey).toBe('camunda-forms:bpmn:userTaskForm_1');
    expect(form.fields.map((f) => f.id)).toEqual(['approved']);
    expect(form.schema).toEqual({ components: [{ key: 'approved', label: 'Approved?', type: 'checkbox' }] });
    expect(el<UserTaskSpec>(q, 'linked').form).toEqual({ fields: [], formKey: 'invoice-form' });
  });

  it('maps zeebe:script, called decisions and called elements', async () => {
    const p = await one(`
      <bpmn:scriptTask id="sc"><bpmn:extensionElements><zeebe:script expression="=a + b" resultVariable="sum" /></bpmn:extensionElements></bpmn:scriptTask>
      <bpmn:businessRuleTask id="br"><bpmn:extensionElements><zeebe:calledDecision decisionId="approve" resultVariable="ok" /></bpmn:extensionElements></bpmn:businessRuleTask>
      <bpmn:callActivity id="call"><bpmn:extensionElements><zeebe:calledElement processId="child" propagateAllChildVariables="false" /></bpmn:extensionElements></bpmn:callActivity>`);
    const sc = el<ScriptTaskSpec>(p, 'sc');
    expect(sc).toMatchObject({ format: 'feel', resultVariable: 'sum' });
    expect(sc.expression!.evaluate({ a: 1, b: 2 })).toBe(3);
    expect(el<ServiceTaskSpec>(p, 'br')).toMatchObject({ decisionRef: 'approve', service: { type: 'approve', typeSource: 'zeebe', resultVariable: 'ok' } });
    const call = el<CallActivitySpec>(p, 'call');
    expect(call).toMatchObject({ propagateAllChildVariables: false, propagateAllParentVariables: true });
    expect(call.calledElement!.evaluate({})).toBe('child');
  });

  it('maps multi-instance loop characteristics', async () => {
    const p = await one(`<bpmn:task id="t"><bpmn:multiInstanceLoopCharacteristics>
      <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item" outputCollection="results" outputElement="=item * 2" /></bpmn:extensionElements>
      <bpmn:completionCondition>=numberOfCompletedInstances &gt;= 2</bpmn:completionCondition>
    </bpmn:multiInstanceLoopCharacteristics></bpmn:task>`);
    const loop = el(p, 't').loop as MultiInstanceSpec;
    expect(loop).toMatchObject({ type: 'multiInstance', isSequential: false, inputElement: 'item', outputCollection: 'results' });
    expect(loop.inputCollection!.evaluate({ items: [1, 2] })).toEqual([1, 2]);
    expect(loop.outputElement!.evaluate({ item: 3 })).toBe(6);
    expect(loop.completionCondition!.evaluate({ numberOfCompletedInstances: 2 })).toBe(true);
  });

  it('maps message subscriptions with correlation keys, on catch events and receive tasks', async () => {
    const p = await one(
      `<bpmn:intermediateCatchEvent id="c"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
       <bpmn:receiveTask id="r" messageRef="m" />`,
      { before: `<bpmn:message id="m" name="paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderId" /></bpmn:extensionElements></bpmn:message>\n` },
    );
    const def = el<IntermediateCatchEventSpec>(p, 'c').eventDefinitions[0]!;
    expect(def.type).toBe('message');
    if (def.type !== 'message') return;
    expect(def.messageName!.evaluate({})).toBe('paid');
    expect(def.correlationKey!.evaluate({ orderId: 'o-1' })).toBe('o-1');
    expect(el<ReceiveTaskSpec>(p, 'r').message!.correlationKey!.evaluate({ orderId: 'o-2' })).toBe('o-2');
  });

  it('compiles FEEL conditions on flows and locates a broken one', async () => {
    const p = await one(`<bpmn:exclusiveGateway id="g" /><bpmn:task id="a" />
      <bpmn:sequenceFlow id="f" sourceRef="g" targetRef="a"><bpmn:conditionExpression>= amount &gt; 100</bpmn:conditionExpression></bpmn:sequenceFlow>`);
    expect(p.flows['f']!.condition!.evaluate({ amount: 101 })).toBe(true);
    const err = await one(`<bpmn:exclusiveGateway id="g" /><bpmn:task id="a" />
<bpmn:sequenceFlow id="bad" sourceRef="g" targetRef="a"><bpmn:conditionExpression>=amount &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpressionError);
    expect(err).toMatchObject({ elementId: 'bad', line: 5, column: 1, file: 'c8.bpmn' });
  });
});
