import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

/** A process whose user task can be interrupted (or not) by a message event subprocess. */
const xml = (interrupting: boolean, espAttrs = '', espExtensions = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:message id="m" name="go" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="main" />
    <bpmn:userTask id="main" />
    <bpmn:sequenceFlow id="f2" sourceRef="main" targetRef="e" />
    <bpmn:endEvent id="e" />
    <bpmn:subProcess id="esp" triggeredByEvent="true" ${espAttrs}>
      <bpmn:extensionElements>
        <camunda:executionListener event="start" class="recorder" />
        <camunda:executionListener event="end" class="recorder" />${espExtensions}
      </bpmn:extensionElements>
      <bpmn:startEvent id="espStart" isInterrupting="${interrupting}"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
      <bpmn:sequenceFlow id="f3" sourceRef="espStart" targetRef="inside" />
      <bpmn:userTask id="inside" />
      <bpmn:sequenceFlow id="f4" sourceRef="inside" targetRef="espEnd" />
      <bpmn:endEvent id="espEnd" />
    </bpmn:subProcess>
  </bpmn:process>
</bpmn:definitions>`;

async function setup(source: string) {
  const calls: string[] = [];
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock, services: { recorder: ({ elementId, headers }) => void calls.push(`${elementId}-${headers['event']}`) } });
  await engine.deploy(source);
  return { engine, calls };
}
const taskIds = async (e: Engine, id: string) => (await e.listUserTasks({ instanceId: id })).map((t) => t.elementId).sort();

describe('entering an event subprocess', () => {
  it('runs its start listener before its start event, and its end listener when it completes', async () => {
    for (const interrupting of [true, false]) {
      const { engine, calls } = await setup(xml(interrupting));
      const inst = await engine.start('p');
      await engine.correlateMessage('go');
      expect(calls).toEqual(['esp-start']);
      expect(await taskIds(engine, inst.id)).toEqual(interrupting ? ['inside'] : ['inside', 'main']);
      const inside = (await engine.listUserTasks({ instanceId: inst.id })).find((t) => t.elementId === 'inside')!;
      await engine.completeUserTask(inside.id, {});
      expect(calls).toEqual(['esp-start', 'esp-end']);
      const entered = (await engine.history(inst.id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);
      expect(entered.indexOf('esp')).toBeLessThan(entered.indexOf('espStart'));
      expect(entered.filter((x) => x === 'esp')).toHaveLength(1);
      await engine.close();
    }
  });

  it('honours asyncBefore on the event subprocess: the subprocess waits for its job', async () => {
    const { engine } = await setup(xml(false, 'camunda:asyncBefore="true"'));
    const inst = await engine.start('p');
    const after = await engine.correlateMessage('go');
    expect(after.instanceIds).toEqual([inst.id]);
    expect(await taskIds(engine, inst.id)).toEqual(['main']);
    expect((await engine.getInstance(inst.id))?.activeElementIds).toContain('esp');
    expect(await engine.runDueTimers()).toBeGreaterThan(0);
    expect(await taskIds(engine, inst.id)).toEqual(['inside', 'main']);
    await engine.close();
  });
});
