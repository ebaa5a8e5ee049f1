import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../../src/errors/index.js';
import { parseDefinitions } from '../../src/parse/index.js';
import { IO_SCRIPT_RESULTS } from '../../src/spec/types.js';
import type { CallActivitySpec, ElementSpec, EndEventSpec, IntermediateCatchEventSpec, MultiInstanceSpec, ProcessSpec, ScriptTaskSpec, ServiceTaskSpec, StartEventSpec, UserTaskSpec } from '../../src/spec/types.js';
import { diagram } from './diagram-text.js';

async function one(body: string, before = ''): Promise<ProcessSpec> {
  const defs = await parseDefinitions(diagram('camunda7', body, { before }), { file: 'c7.bpmn' });
  expect(defs.flavour).toBe('camunda7');
  return defs.processes[0]!;
}
const el = <T extends ElementSpec>(p: ProcessSpec, id: string): T => p.elements[id] as T;

describe('Camunda 7 extensions', () => {
  it('maps user task assignment, comma lists with expressions and dates', async () => {
    const p = await one(`<bpmn:userTask id="u" camunda:assignee="\${owner}" camunda:candidateUsers="\${boss}, kermit" camunda:candidateGroups="sales,support"
      camunda:dueDate="2030-01-01T00:00:00" camunda:followUpDate="\${follow}" camunda:priority="50" />`);
    const a = el<UserTaskSpec>(p, 'u').assignment;
    expect(a.assignee!.evaluate({ owner: 'gonzo' })).toBe('gonzo');
    expect(a.candidateUsers!.evaluate({ boss: 'piggy' })).toEqual(['piggy', 'kermit']);
    expect(a.candidateGroups!.evaluate({})).toEqual(['sales', 'support']);
    expect(a.dueDate!.evaluate({})).toBe('2030-01-01T00:00:00');
    expect(a.followUpDate!.evaluate({ follow: 'x' })).toBe('x');
    expect(a.priority!.evaluate({})).toBe('50');
  });

  it('maps camunda:formData with validation, enum values, properties and defaults', async () => {
    const p = await one(`<bpmn:userTask id="u" camunda:formKey="embedded:app:forms/x.html"><bpmn:extensionElements><camunda:formData>
      <camunda:formField id="amount" label="Amount" type="long" defaultValue="42">
        <camunda:properties><camunda:property id="unit" value="EUR" /></camunda:properties>
        <camunda:validation><camunda:constraint name="required" /><camunda:constraint name="min" config="1" /><camunda:constraint name="max" config="1000" /></camunda:validation>
      </camunda:formField>
      <camunda:formField id="name" type="string" defaultValue="\${who}"><camunda:validation><camunda:constraint name="minlength" config="2" /><camunda:constraint name="maxlength" config="5" /><camunda:constraint name="readonly" /></camunda:validation></camunda:formField>
      <camunda:formField id="colour" type="enum"><camunda:value id="r" name="Red" /><camunda:value id="g" name="Green" /></camunda:formField>
    </camunda:formData></bpmn:extensionElements></bpmn:userTask>`);
    const form = el<UserTaskSpec>(p, 'u').form!;
    expect(form.formKey).toBe('embedded:app:forms/x.html');
    expect(form.fields[0]).toMatchObject({ id: 'amount', label: 'Amount', type: 'long', defaultValue: 42, properties: { unit: 'EUR' }, validation: { required: true, min: 1, max: 1000 } });
    expect(form.fields[1]).toMatchObject({ id: 'name', validation: { minlength: 2, maxlength: 5, readonly: true } });
    expect(form.fields[1]!.defaultExpression!.evaluate({ who: 'ann' })).toBe('ann');
    expect(form.fields[2]!.values).toEqual([{ id: 'r', name: 'Red' }, { id: 'g', name: 'Green' }]);
  });

  it('maps start event forms and camunda:initiator', async () => {
    const p = await one(`<bpmn:startEvent id="s" camunda:initiator="starter"><bpmn:extensionElements><camunda:formData><camunda:formField id="ok" type="boolean" defaultValue="true" /></camunda:formData></bpmn:extensionElements></bpmn:startEvent>`);
    expect(el<StartEventSpec>(p, 's')).toMatchObject({ initiator: 'starter', form: { fields: [{ id: 'ok', type: 'boolean', defaultValue: true }] } });
  });

  it('picks the service type in API order and reads retries, fields and result variables', async () => {
    const p = await one(`
      <bpmn:serviceTask id="topic" camunda:type="external" camunda:topic="invoice" camunda:asyncBefore="true"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R3/PT10S</camunda:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:serviceTask id="delegate" camunda:delegateExpression="\${mailer}" camunda:async="true"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle>PT1M,PT5M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:serviceTask id="cls" camunda:class="org.x.Y" camunda:asyncAfter="true"><bpmn:extensionElements><camunda:field name="to" stringValue="a@b" /><camunda:field name="body"><camunda:string>hi</camunda:string></camunda:field></bpmn:extensionElements></bpmn:serviceTask>
      <bpmn:sendTask id="mail" camunda:type="mail" />
      <bpmn:serviceTask id="expr" camunda:expression="\${x * 2}" camunda:resultVariable="r" />
      <bpmn:businessRuleTask id="dmn" camunda:decisionRef="approve" camunda:resultVariable="decision" />`);
    expect(el<ServiceTaskSpec>(p, 'topic')).toMatchObject({ asyncBefore: true, service: { type: 'invoice', typeSource: 'topic', external: true, retry: { maxAttempts: 3, intervalsMs: [10_000] } } });
    expect(el<ServiceTaskSpec>(p, 'delegate')).toMatchObject({ asyncBefore: true, service: { type: 'mailer', typeSource: 'delegateExpression', retry: { maxAttempts: 3, intervalsMs: [60_000, 300_000] } } });
    expect(el<ServiceTaskSpec>(p, 'cls')).toMatchObject({ asyncAfter: true, service: { type: 'org.x.Y', typeSource: 'class', headers: { to: 'a@b', body: 'hi' } } });
    expect(el<ServiceTaskSpec>(p, 'mail')).toMatchObject({ kind: 'sendTask', service: { type: 'mail', typeSource: 'camundaType' } });
    expect(el<ServiceTaskSpec>(p, 'expr').service).toMatchObject({ type: '${x * 2}', typeSource: 'expression', resultVariable: 'r' });
    expect(el<ServiceTaskSpec>(p, 'expr').service.expression?.evaluate({ x: 21 })).toBe(42);
    expect(el<ServiceTaskSpec>(p, 'dmn')).toMatchObject({ decisionRef: 'approve', service: { resultVariable: 'decision' } });
  });

  it('maps input/output parameters with text, list and map values', async () => {
    const p = await one(`<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="greeting">Hello \${name}</camunda:inputParameter>
      <camunda:inputParameter name="empty" />
      <camunda:inputParameter name="list"><camunda:list><camunda:value>a</camunda:value><camunda:value>\${b}</camunda:value></camunda:list></camunda:inputParameter>
      <camunda:inputParameter name="map"><camunda:map><camunda:entry key="k">\${v}</camunda:entry></camunda:map></camunda:inputParameter>
      <camunda:outputParameter name="out">\${result}</camunda:outputParameter>
    </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    const io = el(p, 't').io!;
    const vars = { name: 'Ann', b: 2, v: 'w', result: 9 };
    expect(io.inputs.map((i) => [i.target, i.value.evaluate(vars)])).toEqual([
      ['greeting', 'Hello Ann'],
      ['empty', null],
      ['list', ['a', 2]],
      ['map', { k: 'w' }],
    ]);
    expect(io.outputs[0]!.value.evaluate(vars)).toBe(9);
  });

  it('evaluates expression keys of camunda:map entries, nested in lists and maps', async () => {
    const p = await one(`<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="m"><camunda:map>
        <camunda:entry key="\${k1}">potato</camunda:entry>
        <camunda:entry key="fixed"><camunda:list><camunda:value>x</camunda:value><camunda:map><camunda:entry key="#{k2}">\${v}</camunda:entry></camunda:map></camunda:list></camunda:entry>
        <camunda:entry key="\${'__proto__'}">evil</camunda:entry>
      </camunda:map></camunda:inputParameter>
    </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    const m = el(p, 't').io!.inputs[0]!.value.evaluate({ k1: 'a', k2: 'b', v: 1 }) as Record<string, unknown>;
    expect(m).toEqual({ a: 'potato', fixed: ['x', { b: 1 }], ['__proto__']: 'evil' });
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(Object.keys(m)).toEqual(['a', 'fixed', '__proto__']);
  });

  it('maps camunda:script parameters to script slots the value reads (capabilities decides what runs)', async () => {
    const p = await one(`<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="x"><camunda:script scriptFormat="Groovy">1+1</camunda:script></camunda:inputParameter>
      <camunda:inputParameter name="y"><camunda:list><camunda:value>a</camunda:value><camunda:script scriptFormat="javascript" resource="deployment://s.js" /></camunda:list></camunda:inputParameter>
    </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    const [x, y] = el(p, 't').io!.inputs;
    expect(x!.scripts).toEqual([{ format: 'groovy', source: '1+1' }]);
    expect(y!.scripts).toEqual([{ format: 'javascript', source: '', resource: 'deployment://s.js' }]);
    expect(y!.value.evaluate({ [IO_SCRIPT_RESULTS]: [42] })).toEqual(['a', 42]);
  });

  it('maps script tasks, listeners and call activities', async () => {
    const p = await one(`
<bpmn:scriptTask id="js" scriptFormat="JavaScript" camunda:resultVariable="sum"><bpmn:script>a + b</bpmn:script></bpmn:scriptTask>
<bpmn:scriptTask id="ext" scriptFormat="groovy" camunda:resource="classpath://x.groovy" />
<bpmn:userTask id="u"><bpmn:extensionElements>
  <camunda:executionListener event="end" delegateExpression="\${audit}" />
  <camunda:taskListener event="create"><camunda:script scriptFormat="javascript">task.x = 1</camunda:script></camunda:taskListener>
</bpmn:extensionElements></bpmn:userTask>
<bpmn:callActivity id="call" calledElement="child" camunda:calledElementBinding="version" camunda:calledElementVersion="3"><bpmn:extensionElements>
  <camunda:in variables="all" /><camunda:in source="a" target="b" /><camunda:in businessKey="\${key}" />
  <camunda:out sourceExpression="\${x + 1}" target="y" local="true" />
</bpmn:extensionElements></bpmn:callActivity>`);
    expect(el<ScriptTaskSpec>(p, 'js')).toMatchObject({ format: 'javascript', script: 'a + b', resultVariable: 'sum' });
    expect(el<ScriptTaskSpec>(p, 'ext')).toMatchObject({ format: 'groovy', resource: 'classpath://x.groovy' });
    expect(el(p, 'u').listeners).toEqual([
      { scope: 'execution', event: 'end', kind: 'delegateExpression', source: '${audit}', serviceName: 'audit' },
      { scope: 'task', event: 'create', kind: 'script', format: 'javascript', source: 'task.x = 1' },
    ]);
    const call = el<CallActivitySpec>(p, 'call');
    expect(call).toMatchObject({ binding: 'version', version: '3' });
    expect(call.calledElement!.evaluate({})).toBe('child');
    expect(call.inMappings!.slice(0, 2)).toEqual([{ all: true }, { source: 'a', target: 'b' }]);
    expect(call.inMappings![2]!.businessKey!.evaluate({ key: 'k1' })).toBe('k1');
    expect(call.outMappings![0]).toMatchObject({ target: 'y', local: true });
    expect(call.outMappings![0]!.sourceExpression!.evaluate({ x: 1 })).toBe(2);
  });


  it('names the delegated variable mapping of a call activity by its class, or by the name inside ${…}; the class wins', async () => {
    const p = await one(`
<bpmn:callActivity id="byClass" calledElement="child" camunda:variableMappingClass="org.example.Mapping" />
<bpmn:callActivity id="byExpression" calledElement="child" camunda:variableMappingDelegateExpression="\${ mapping }" />
<bpmn:callActivity id="both" calledElement="child" camunda:variableMappingClass="org.example.Mapping" camunda:variableMappingDelegateExpression="\${other}" />
<bpmn:callActivity id="none" calledElement="child" />`);
    expect(el<CallActivitySpec>(p, 'byClass').variableMapping).toEqual({ name: 'org.example.Mapping', source: 'class' });
    expect(el<CallActivitySpec>(p, 'byExpression').variableMapping).toEqual({ name: 'mapping', source: 'delegateExpression' });
    expect(el<CallActivitySpec>(p, 'both').variableMapping).toEqual({ name: 'org.example.Mapping', source: 'class' });
    expect(el<CallActivitySpec>(p, 'none').variableMapping).toBeUndefined();
  });
  it('maps multi-instance with camunda:collection and completion condition', async () => {
    const p = await one(`<bpmn:userTask id="u"><bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="reviewers" camunda:elementVariable="reviewer">
      <bpmn:completionCondition>\${nrOfCompletedInstances >= 2}</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>`);
    const loop = el(p, 'u').loop as MultiInstanceSpec;
    expect(loop).toMatchObject({ type: 'multiInstance', isSequential: true, inputElement: 'reviewer' });
    expect(loop.inputCollection!.evaluate({ reviewers: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(loop.completionCondition!.evaluate({ nrOfCompletedInstances: 2 })).toBe(true);
  });

  it('maps event definitions with Camunda 7 variables', async () => {
    const p = await one(`
<bpmn:startEvent id="s" />
<bpmn:task id="t" />
<bpmn:boundaryEvent id="err" attachedToRef="t"><bpmn:errorEventDefinition errorRef="e1" camunda:errorCodeVariable="code" camunda:errorMessageVariable="msg" /></bpmn:boundaryEvent>
<bpmn:boundaryEvent id="esc" attachedToRef="t" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="x1" camunda:escalationCodeVariable="ec" /></bpmn:boundaryEvent>
<bpmn:intermediateCatchEvent id="cond"><bpmn:conditionalEventDefinition camunda:variableName="temp" camunda:variableEvents="create, update"><bpmn:condition>\${temp > 30}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:intermediateCatchEvent id="msg"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:intermediateCatchEvent>
<bpmn:intermediateCatchEvent id="sig"><bpmn:signalEventDefinition signalRef="s1" /></bpmn:intermediateCatchEvent>
<bpmn:intermediateCatchEvent id="timer"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:endEvent id="legacy"><bpmn:errorEventDefinition errorRef="LEGACY_CODE" /></bpmn:endEvent>
<bpmn:endEvent id="term"><bpmn:terminateEventDefinition /></bpmn:endEvent>`,
      `<bpmn:error id="e1" errorCode="E_1" camunda:errorMessage="boom" /><bpmn:escalation id="x1" escalationCode="ESC" /><bpmn:message id="m1" name="order-\${id}" /><bpmn:signal id="s1" name="alarm" />\n`);
    expect(el<IntermediateCatchEventSpec>(p, 'err').eventDefinitions).toEqual([{ type: 'error', errorCode: 'E_1', errorMessage: 'boom', errorCodeVariable: 'code', errorMessageVariable: 'msg' }]);
    expect(el<IntermediateCatchEventSpec>(p, 'esc').eventDefinitions).toEqual([{ type: 'escalation', escalationCode: 'ESC', escalationCodeVariable: 'ec' }]);
    expect(el(p, 't').boundaryEventIds).toEqual(['err', 'esc']);
    const cond = el<IntermediateCatchEventSpec>(p, 'cond').eventDefinitions[0]!;
    expect(cond).toMatchObject({ type: 'conditional', variableNames: ['temp'], variableEvents: ['create', 'update'] });
    expect(cond.type === 'conditional' && cond.condition.evaluate({ temp: 31 })).toBe(true);
    const msg = el<IntermediateCatchEventSpec>(p, 'msg').eventDefinitions[0]!;
    expect(msg.type === 'message' && msg.messageName!.evaluate({ id: 7 })).toBe('order-7');
    const sig = el<IntermediateCatchEventSpec>(p, 'sig').eventDefinitions[0]!;
    expect(sig.type === 'signal' && sig.signalName!.evaluate({})).toBe('alarm');
    const timer = el<IntermediateCatchEventSpec>(p, 'timer').eventDefinitions[0]!;
    expect(timer.type === 'timer' && timer.timeCycle!.source).toBe('R3/PT1H');
    // Camunda 7 takes an errorRef that names no <error> as the code itself.
    expect(el<EndEventSpec>(p, 'legacy').eventDefinitions).toEqual([{ type: 'error', errorCode: 'LEGACY_CODE' }]);
    expect(el<EndEventSpec>(p, 'term').eventDefinitions).toEqual([{ type: 'terminate' }]);
  });

  it('wraps an expression error with the element location', async () => {
    const err = await one(`\n\n<bpmn:userTask id="u" camunda:assignee="\${a +}" />`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExpressionError);
    expect(err).toMatchObject({ elementId: 'u', line: 6, column: 1, file: 'c7.bpmn' });
  });

  it('fails on an unknown camunda: attribute (a typo would otherwise be dropped)', async () => {
    await expect(one(`<bpmn:userTask id="u" camunda:asignee="x" />`)).rejects.toMatchObject({ code: 'PARSE_ERROR', elementId: 'u', line: 4, column: 1 });
  });

  it('reads the Activiti namespace as Camunda 7, like Camunda does', async () => {
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:activiti="http://activiti.org/bpmn" id="d">
  <process id="p" isExecutable="true"><userTask id="u" activiti:assignee="kermit" /></process></definitions>`;
    const defs = await parseDefinitions(xml);
    expect(defs.flavour).toBe('camunda7');
    expect((defs.processes[0]!.elements['u'] as UserTaskSpec).assignment.assignee!.evaluate({})).toBe('kermit');
  });
});
