import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

/** A task listener handler's `task` as Camunda 7's DelegateTask: its description, and a delete listener's reason. */

const xml = (listeners: string, documentation = '<bpmn:documentation>Check the order</bpmn:documentation>') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="t">
  <bpmn:message id="m" name="cancel" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="u" />
    <bpmn:userTask id="u" name="Review">${documentation}<bpmn:extensionElements>${listeners}</bpmn:extensionElements></bpmn:userTask>
    <bpmn:boundaryEvent id="b" attachedToRef="u"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="b" targetRef="e" />
    <bpmn:sequenceFlow id="f3" sourceRef="u" targetRef="e" />
    <bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('task listener handlers and the task description', () => {
  it('a create listener sees the documentation as description; what it sets is the task description from then on', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const seen: (string | undefined)[] = [];
    engine.registerService('describe', ({ task }) => {
      seen.push(task!.description);
      task!.description = `${task!.description} before noon`;
    });
    engine.registerService('look', ({ task }) => void seen.push(task!.description));
    await engine.deploy(xml('<camunda:taskListener event="create" class="describe" /><camunda:taskListener event="complete" class="look" />'));
    const inst = await engine.start('p');
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    expect(task!.description).toBe('Check the order before noon');
    expect(await engine.getUserTask(task!.id)).toEqual(task);
    expect((await engine.exportSnapshot(inst.id)).userTasks[0]!.description).toBe('Check the order before noon');
    await engine.completeUserTask(task!.id, {});
    expect(seen).toEqual(['Check the order', 'Check the order before noon']);
  });

  it('a listener that leaves the description alone stores none: the task shows the documentation', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    engine.registerService('assign', ({ task }) => void (task!.assignee = 'kermit'));
    await engine.deploy(xml('<camunda:taskListener event="create" class="assign" />'));
    const inst = await engine.start('p');
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    expect(task).toMatchObject({ assignee: 'kermit', description: 'Check the order' });
    expect((await engine.exportSnapshot(inst.id)).userTasks[0]).not.toHaveProperty('description');
  });

  it('a task without documentation gets a description only from a listener', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const seen: (string | undefined)[] = [];
    engine.registerService('describe', ({ task }) => {
      seen.push(task!.description);
      task!.description = 'Set by the listener';
    });
    await engine.deploy(xml('<camunda:taskListener event="create" class="describe" />', ''));
    const inst = await engine.start('p');
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    expect(seen).toEqual([undefined]);
    expect(task!.description).toBe('Set by the listener');
  });
});

describe('delete listener handlers and the delete reason', () => {
  async function deleteReasons(act: (engine: Engine, instanceId: string) => Promise<unknown>): Promise<string[]> {
    const engine = new Engine({ clock: new ManualClock() });
    const reasons: string[] = [];
    engine.registerService('del', ({ task, listener }) => void reasons.push(`${listener!.deleteReason}|${task!.deleteReason}`));
    await engine.deploy(xml('<camunda:taskListener event="delete" class="del" />'));
    const inst = await engine.start('p');
    await act(engine, inst.id);
    return reasons;
  }

  it('terminate passes its reason to the listener context and the task', async () => {
    expect(await deleteReasons((engine, id) => engine.terminate(id, 'customer withdrew'))).toEqual(['customer withdrew|customer withdrew']);
  });

  it('terminate without a reason and an interrupting boundary event say "deleted"', async () => {
    expect(await deleteReasons((engine, id) => engine.terminate(id))).toEqual(['deleted|deleted']);
    expect(await deleteReasons((engine) => engine.correlateMessage('cancel'))).toEqual(['deleted|deleted']);
  });

  it('other listeners get no delete reason', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const contexts: unknown[] = [];
    engine.registerService('rec', ({ task, listener }) => void contexts.push([listener, task!.deleteReason]));
    await engine.deploy(xml('<camunda:taskListener event="create" class="rec" />'));
    await engine.start('p');
    expect(contexts).toEqual([[{ event: 'create', cancelled: false }, undefined]]);
  });
});
