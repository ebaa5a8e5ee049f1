import { describe, expect, it } from 'vitest';
import { BpmnError, Engine, ManualClock } from '../../src/index.js';
import type { EngineOptions, VariableMapping, VariableMappingInputContext, VariableMappingOutputContext } from '../../src/index.js';

const c7 = (id: string, body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${id}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="err" errorCode="BROKEN" /><bpmn:escalation id="esc" escalationCode="LATE" />
  <bpmn:process id="${id}" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

const child = c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'work')}<bpmn:userTask id="work" />${flow('c2', 'work', 'ce')}<bpmn:endEvent id="ce" />`);
const failingChild = c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'ce')}<bpmn:endEvent id="ce"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>`);
const escalatingChild = c7('child', `<bpmn:startEvent id="cs" />${flow('c1', 'cs', 'up')}
  <bpmn:intermediateThrowEvent id="up"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:intermediateThrowEvent>${flow('c2', 'up', 'work')}
  <bpmn:userTask id="work" />${flow('c3', 'work', 'ce')}<bpmn:endEvent id="ce" />`);

/** `attr` names the mapping; a catch-all error boundary would take anything the call activity raised. */
const parent = (attr: string, extra = '') => c7('parent', `<bpmn:startEvent id="s" />${flow('f1', 's', 'call')}
  <bpmn:callActivity id="call" calledElement="child" ${attr}>
    <bpmn:extensionElements><camunda:in source="order" target="item" /><camunda:out source="result" target="childResult" /></bpmn:extensionElements>
  </bpmn:callActivity>${flow('f2', 'call', 'after')}<bpmn:userTask id="after" />${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />
  <bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>${flow('f4', 'caught', 'handle')}
  <bpmn:userTask id="handle" />${flow('f5', 'handle', 'e2')}<bpmn:endEvent id="e2" />${extra}`);
const byClass = parent('camunda:variableMappingClass="org.example.OrderMapping"');

async function engineWith(opts: EngineOptions, ...xml: string[]) {
  const engine = new Engine({ clock: new ManualClock(), ...opts });
  for (const x of xml) await engine.deploy(x);
  return engine;
}

async function childTask(engine: Engine) {
  const [task] = await engine.listUserTasks({ processKey: 'child' });
  expect(task).toBeDefined();
  return task!;
}

describe('delegated variable mapping of a Camunda 7 call activity', () => {
  it('maps inputs after camunda:in and outputs after camunda:out, registered under the class name', async () => {
    const seen: { input?: VariableMappingInputContext; output?: VariableMappingOutputContext } = {};
    const mapping: VariableMapping = {
      mapInputVariables(ctx) {
        seen.input = ctx;
        return { item: `${String(ctx.subVariables.item)}!`, extra: ctx.variables.order };
      },
      mapOutputVariables(ctx) {
        seen.output = ctx;
        return { fromMapping: ctx.subVariables.result, sawOut: ctx.variables.childResult };
      },
    };
    const engine = await engineWith({}, child, byClass);
    engine.registerVariableMapping('org.example.OrderMapping', mapping);
    const p = await engine.start('parent', { variables: { order: 'A-1', secret: 's' }, businessKey: 'bk' });
    const task = await childTask(engine);
    expect(seen.input).toMatchObject({ instanceId: p.id, elementId: 'call', businessKey: 'bk', calledProcessKey: 'child', subVariables: { item: 'A-1' } });
    expect(seen.input!.variables).toMatchObject({ order: 'A-1', secret: 's' });
    expect((await engine.getInstance(task.instanceId))!.variables).toEqual({ item: 'A-1!', extra: 'A-1' });

    await engine.completeUserTask(task.id, { result: 42 });
    expect(seen.output).toMatchObject({ instanceId: p.id, elementId: 'call', subInstanceId: task.instanceId, subVariables: { item: 'A-1!', result: 42 } });
    const after = await engine.getInstance(p.id);
    expect(after).toMatchObject({ status: 'RUNNING', activeElementIds: ['after'], incidents: [] });
    expect(after!.variables).toMatchObject({ childResult: 42, fromMapping: 42, sawOut: 42 });
  });

  it('finds the mapping of a delegate expression by the name inside ${…}; async methods and the variableMappings option work', async () => {
    const engine = await engineWith(
      {
        variableMappings: {
          orderMapping: {
            async mapInputVariables() {
              await new Promise((r) => setImmediate(r));
              return { asyncIn: true };
            },
            async mapOutputVariables(ctx) {
              await new Promise((r) => setImmediate(r));
              return { asyncOut: ctx.subVariables.asyncIn };
            },
          },
        },
      },
      child,
      parent('camunda:variableMappingDelegateExpression="${orderMapping}"'),
    );
    const p = await engine.start('parent', { variables: { order: 'B' } });
    const task = await childTask(engine);
    expect((await engine.getInstance(task.instanceId))!.variables).toEqual({ item: 'B', asyncIn: true });
    await engine.completeUserTask(task.id, {});
    expect((await engine.getInstance(p.id))!.variables).toMatchObject({ asyncOut: true });
  });

  it('a mapping with only one method maps nothing the other way', async () => {
    const engine = await engineWith({ variableMappings: { 'org.example.OrderMapping': { mapOutputVariables: () => ({ done: true }) } } }, child, byClass);
    const p = await engine.start('parent', { variables: { order: 'C' } });
    const task = await childTask(engine);
    expect((await engine.getInstance(task.instanceId))!.variables).toEqual({ item: 'C' });
    await engine.completeUserTask(task.id, {});
    expect((await engine.getInstance(p.id))!.variables).toMatchObject({ done: true });
  });

  it('no registered mapping: an incident on the call activity, no child; registering it and retrying starts the child', async () => {
    const engine = await engineWith({}, child, byClass);
    const p = await engine.start('parent', { variables: { order: 'D' } });
    expect(p.activeElementIds).toEqual(['call']);
    expect(p.incidents).toHaveLength(1);
    expect(p.incidents[0]).toMatchObject({ elementId: 'call' });
    expect(p.incidents[0]!.message).toContain('org.example.OrderMapping');
    expect(await engine.listUserTasks()).toEqual([]);

    engine.registerVariableMapping('org.example.OrderMapping', { mapInputVariables: () => ({ late: 1 }) });
    const retried = await engine.retryIncident(p.incidents[0]!.id);
    expect(retried.incidents).toEqual([]);
    const task = await childTask(engine);
    expect((await engine.getInstance(task.instanceId))!.variables).toEqual({ item: 'D', late: 1 });
  });

  it('mapInputVariables throws: an incident, not an error the boundary catches, and no child', async () => {
    const engine = await engineWith({ variableMappings: { 'org.example.OrderMapping': { mapInputVariables: () => { throw new Error('no stock table'); } } } }, child, byClass);
    const p = await engine.start('parent', { variables: { order: 'E' } });
    expect(p.activeElementIds).toEqual(['call']);
    expect(p.incidents[0]).toMatchObject({ elementId: 'call', type: 'failedJob' });
    expect(p.incidents[0]!.message).toContain('no stock table');
    expect(await engine.listUserTasks()).toEqual([]);
  });

  it('a BpmnError from a mapping is not caught by the error boundary (Camunda 7 fails the call): an incident', async () => {
    const engine = await engineWith({ variableMappings: { 'org.example.OrderMapping': { mapInputVariables: () => { throw new BpmnError('BROKEN', 'from the mapping'); } } } }, child, byClass);
    const p = await engine.start('parent', { variables: { order: 'F' } });
    expect(p.activeElementIds).toEqual(['call']);
    expect(p.incidents[0]!.message).toMatch(/BROKEN/);
    expect(await engine.listUserTasks()).toEqual([]);
  });

  it('mapOutputVariables throws: the child has completed, the call activity holds an incident; a retry maps again and moves on', async () => {
    let fail = true;
    const engine = await engineWith(
      { variableMappings: { 'org.example.OrderMapping': { mapOutputVariables: () => { if (fail) throw new BpmnError('BROKEN'); return { mapped: 'ok' }; } } } },
      child,
      byClass,
    );
    const p = await engine.start('parent', { variables: { order: 'G' } });
    const task = await childTask(engine);
    await engine.completeUserTask(task.id, { result: 1 });
    const stuck = await engine.getInstance(p.id);
    expect(stuck).toMatchObject({ status: 'RUNNING', activeElementIds: ['call'] });
    expect(stuck!.incidents).toHaveLength(1);
    expect((await engine.getInstance(task.instanceId))!.status).toBe('COMPLETED');

    fail = false;
    await engine.retryIncident(stuck!.incidents[0]!.id);
    const after = await engine.getInstance(p.id);
    expect(after).toMatchObject({ activeElementIds: ['after'], incidents: [] });
    expect(after!.variables).toMatchObject({ childResult: 1, mapped: 'ok' });
  });

  it('a mapping that returns something other than variables is an incident', async () => {
    const engine = await engineWith({ variableMappings: { 'org.example.OrderMapping': { mapInputVariables: () => [1, 2] as unknown as Record<string, unknown> } } }, child, byClass);
    const p = await engine.start('parent', { variables: { order: 'H' } });
    expect(p.incidents[0]!.message).toMatch(/must return an object/);
  });

  it('a child that fails with a BPMN error: the outputs are mapped first, then the boundary catches the error', async () => {
    const engine = await engineWith({ variableMappings: { 'org.example.OrderMapping': { mapOutputVariables: () => ({ mappedBeforeError: true }) } } }, failingChild, byClass);
    const p = await engine.start('parent', { variables: { order: 'I' } });
    expect(p.activeElementIds).toEqual(['handle']);
    expect(p.variables).toMatchObject({ mappedBeforeError: true });
  });

  it('an escalation from the child maps the outputs, and the call activity still waits for the child', async () => {
    let calls = 0;
    const mapping: VariableMapping = { mapOutputVariables: () => ({ outputsMapped: ++calls }) };
    const catcher = `<bpmn:boundaryEvent id="late" attachedToRef="call" cancelActivity="false"><bpmn:escalationEventDefinition escalationRef="esc" /></bpmn:boundaryEvent>${flow('f6', 'late', 'notify')}
      <bpmn:userTask id="notify" />${flow('f7', 'notify', 'e3')}<bpmn:endEvent id="e3" />`;
    const engine = await engineWith({ variableMappings: { 'org.example.OrderMapping': mapping } }, escalatingChild, parent('camunda:variableMappingClass="org.example.OrderMapping"', catcher));
    const p = await engine.start('parent', { variables: { order: 'J' } });
    const mid = await engine.getInstance(p.id);
    expect([...mid!.activeElementIds].sort()).toEqual(['call', 'notify']);
    expect(mid!.variables).toMatchObject({ outputsMapped: 1 });
    await engine.completeUserTask((await childTask(engine)).id, {});
    const after = await engine.getInstance(p.id);
    expect([...after!.activeElementIds].sort()).toEqual(['after', 'notify']);
    expect(after!.variables).toMatchObject({ outputsMapped: 2 });
  });

  it('terminating the parent while an input mapping holds an incident ends it cleanly', async () => {
    const engine = await engineWith({}, child, byClass);
    const p = await engine.start('parent', { variables: { order: 'K' } });
    const ended = await engine.terminate(p.id);
    expect(ended).toMatchObject({ status: 'TERMINATED', incidents: [] });
  });

  it('export → import while the child runs: a new engine with the mapping registered maps the outputs', async () => {
    const first = await engineWith({ variableMappings: { 'org.example.OrderMapping': { mapInputVariables: () => ({ viaMapping: 'in' }) } } }, child, byClass);
    const p = await first.start('parent', { variables: { order: 'L' } });
    const task = await childTask(first);
    const parentSnap = await first.exportSnapshot(p.id);
    const childSnap = await first.exportSnapshot(task.instanceId);
    await first.close();

    const second = await engineWith(
      { variableMappings: { 'org.example.OrderMapping': { mapOutputVariables: (ctx) => ({ viaMapping: `${String(ctx.subVariables.viaMapping)}+out` }) } } },
      child,
      byClass,
    );
    await second.importSnapshot(JSON.parse(JSON.stringify(parentSnap)));
    await second.importSnapshot(JSON.parse(JSON.stringify(childSnap)));
    const [restored] = await second.listUserTasks({ processKey: 'child' });
    await second.completeUserTask(restored!.id, {});
    const after = await second.getInstance(p.id);
    expect(after).toMatchObject({ activeElementIds: ['after'], incidents: [] });
    expect(after!.variables).toMatchObject({ viaMapping: 'in+out' });
  });
});
