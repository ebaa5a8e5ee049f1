import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/index.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" />
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="split" />
    <bpmn:parallelGateway id="split" />
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="documented" />
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="plain" />
    <bpmn:userTask id="documented" name="Check"><bpmn:documentation>Very important</bpmn:documentation></bpmn:userTask>
    <bpmn:userTask id="plain" name="Other" />
  </bpmn:process>
</bpmn:definitions>`;

describe('user task description', () => {
  it('is the documentation of the user task, in lists and single reads, and absent without one', async () => {
    const engine = new Engine();
    await engine.deploy(xml);
    const pi = await engine.start('p');
    const tasks = await engine.listUserTasks({ instanceId: pi.id });
    const documented = tasks.find((t) => t.elementId === 'documented')!;
    expect(documented.description).toBe('Very important');
    expect((await engine.getUserTask(documented.id))?.description).toBe('Very important');
    expect(tasks.find((t) => t.elementId === 'plain')!.description).toBeUndefined();
    await engine.close();
  });
});
