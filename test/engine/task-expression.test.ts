import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

/** `task` in a task listener's expressions is the DelegateTask (Camunda 7), ahead of any variable named so. */

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="t">
  <bpmn:message id="m" name="cancel" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review" />
    <bpmn:userTask id="review" name="Review order" camunda:assignee="\${reviewer}">
      <bpmn:extensionElements>
        <camunda:executionListener event="start" expression="\${execution.setVariable('seenAtStart', task)}" />
        <camunda:taskListener event="create" expression="\${execution.setVariable('created', task.name.concat('/').concat(task.taskDefinitionKey))}" />
        <camunda:taskListener event="create" expression="\${execution.setVariable('createdFor', task.assignee)}" />
        <camunda:taskListener event="complete" expression="\${execution.setVariable('completedEvent', task.eventName)}" />
        <camunda:taskListener event="delete" expression="\${execution.setVariable('deleted', task.id == deletedId ? 'same task' : task.name)}" />
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="review"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="cancelled" targetRef="e" />
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

async function started(): Promise<{ engine: Engine; id: string }> {
  const engine = new Engine({ clock: new ManualClock() });
  await engine.deploy(xml);
  const inst = await engine.start('p', { variables: { reviewer: 'kermit', task: 'a process variable', deletedId: 'none' } });
  return { engine, id: inst.id };
}

describe('task in task listener expressions', () => {
  it('given create listeners, when the task is created, then task reads its name, key and assignee', async () => {
    const { engine, id } = await started();
    const v = (await engine.getInstance(id))!.variables;
    expect(v.created).toBe('Review order/review');
    expect(v.createdFor).toBe('kermit');
    // An execution listener is no task listener: there `task` is still the variable.
    expect(v.seenAtStart).toBe('a process variable');
  });

  it('given a complete listener, when the task is completed, then task.eventName is complete', async () => {
    const { engine, id } = await started();
    const [task] = await engine.listUserTasks({ instanceId: id });
    const done = await engine.completeUserTask(task!.id, {});
    expect(done.status).toBe('COMPLETED');
    expect(done.variables.completedEvent).toBe('complete');
    expect(done.variables.task).toBe('a process variable');
  });

  it('given a delete listener, when a boundary event cancels the task, then task is the deleted task', async () => {
    const { engine, id } = await started();
    const [task] = await engine.listUserTasks({ instanceId: id });
    await engine.setVariables(id, { deletedId: task!.id });
    await engine.correlateMessage('cancel');
    const inst = (await engine.getInstance(id))!;
    expect(inst.status).toBe('COMPLETED');
    expect(inst.variables.deleted).toBe('same task');
  });
});
