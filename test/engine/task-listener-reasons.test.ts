import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

/**
 * What Camunda 7's DelegateTask tells a task listener's expression beyond name and assignee: the
 * description (a listener's, else the <documentation>) and, in a delete listener, why the task went.
 */

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="t">
  <bpmn:message id="m" name="cancel" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="ss" />
      <bpmn:sequenceFlow id="sf1" sourceRef="ss" targetRef="review" />
      <bpmn:userTask id="review" name="Review order">
        <bpmn:documentation>Check the order</bpmn:documentation>
        <bpmn:extensionElements>
          <camunda:taskListener event="create" expression="\${execution.setVariable('describedAs', task.description)}" />
          <camunda:taskListener event="delete" expression="\${execution.setVariable('deleteReason', task.deleteReason)}" />
        </bpmn:extensionElements>
      </bpmn:userTask>
      <bpmn:sequenceFlow id="sf2" sourceRef="review" targetRef="se" />
      <bpmn:endEvent id="se" />
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="cancelled" attachedToRef="sub"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="cancelled" targetRef="wait" />
    <bpmn:sequenceFlow id="f3" sourceRef="sub" targetRef="wait" />
    <bpmn:userTask id="wait" />
    <bpmn:sequenceFlow id="f4" sourceRef="wait" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

async function started(): Promise<{ engine: Engine; id: string }> {
  const engine = new Engine({ clock: new ManualClock() });
  await engine.deploy(xml);
  const inst = await engine.start('p');
  return { engine, id: inst.id };
}

const variables = async (engine: Engine, id: string) => (await engine.getInstance(id))!.variables;

describe('task.description and task.deleteReason in task listener expressions', () => {
  it('given a task with documentation, when its create listener runs, then task.description is the documentation', async () => {
    const { engine, id } = await started();
    expect((await variables(engine, id)).describedAs).toBe('Check the order');
  });

  it('given a task in a subprocess, when the instance is terminated with a reason, then its delete listener reads that reason', async () => {
    const { engine, id } = await started();
    // The variable lands before the instance ends, so the terminated instance still shows it.
    await engine.terminate(id, 'order withdrawn');
    expect((await variables(engine, id)).deleteReason).toBe('order withdrawn');
  });

  it('given no reason, when the instance is terminated, then the reason is "deleted"', async () => {
    const { engine, id } = await started();
    await engine.terminate(id);
    expect((await variables(engine, id)).deleteReason).toBe('deleted');
  });

  it('given a boundary event on the enclosing subprocess, when it interrupts, then the reason is "deleted"', async () => {
    const { engine, id } = await started();
    await engine.correlateMessage('cancel');
    const inst = (await engine.getInstance(id))!;
    expect(inst.activeElementIds).toEqual(['wait']);
    expect(inst.variables.deleteReason).toBe('deleted');
  });

  it('given a task that is not cancelled, when it is completed, then no delete listener runs', async () => {
    const { engine, id } = await started();
    const [task] = await engine.listUserTasks({ instanceId: id });
    await engine.completeUserTask(task!.id, {});
    expect((await variables(engine, id)).deleteReason).toBeUndefined();
  });
});
