import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="is" /><bpmn:sequenceFlow id="i1" sourceRef="is" targetRef="inner" />
      <bpmn:userTask id="inner" /><bpmn:sequenceFlow id="i2" sourceRef="inner" targetRef="ie" /><bpmn:endEvent id="ie" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;

describe('cancelling tokens', () => {
  it('terminating an instance cancels each active element once, nested ones included', async () => {
    const engine = new Engine({ clock: new ManualClock(), history: true });
    await engine.deploy(xml);
    const inst = await engine.start('p');
    await engine.terminate(inst.id);
    const cancelled = (await engine.history(inst.id)).filter((h) => h.type === 'element.cancelled').map((h) => h.elementId).sort();
    expect(cancelled).toEqual(['inner', 'sub']);
    expect(await engine.listUserTasks({ instanceId: inst.id })).toEqual([]);
  });
});
