import { describe, expect, it } from 'vitest';
import { Engine, InvalidStateError, ManualClock } from '../../src/index.js';

const miReceive = (sequential: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://example.com">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="wait" />
    <bpmn:receiveTask id="wait"><bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}">
      <bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:receiveTask>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" /><bpmn:userTask id="after" />
  </bpmn:process>
</bpmn:definitions>`;

describe('engine.trigger on a multi-instance receive task', () => {
  for (const sequential of [true, false]) {
    it(`moves on one ${sequential ? 'sequential' : 'parallel'} instance per trigger, not the whole activity`, async () => {
      const engine = new Engine({ clock: new ManualClock() });
      await engine.deploy(miReceive(sequential));
      const pi = await engine.start('p');
      const first = await engine.trigger(pi.id, 'wait');
      expect(first.activeElementIds).toEqual(['wait']);
      // the activity's body token plus the one instance still waiting
      expect((await engine.exportSnapshot(pi.id)).tokens.filter((t) => t.elementId === 'wait')).toHaveLength(2);
      const second = await engine.trigger(pi.id, 'wait');
      expect(second.activeElementIds).toEqual(['after']);
      await expect(engine.trigger(pi.id, 'wait')).rejects.toBeInstanceOf(InvalidStateError);
    });
  }
});
