import { describe, expect, it } from 'vitest';
import { BpmnError, Engine, ManualClock } from '../../src/index.js';

/** Five parallel instances of one service task; a boundary catches the error "E". */
const parallelServices = (flavour: 'camunda7' | 'camunda8') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  ${flavour === 'camunda7' ? 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"' : 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" modeler:executionPlatform="Camunda Cloud"'}
  id="defs" targetNamespace="http://example.com">
  <bpmn:error id="err" errorCode="E" />
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
    <bpmn:serviceTask id="work" ${flavour === 'camunda7' ? 'camunda:class="worker"' : ''}>
      ${flavour === 'camunda8' ? '<bpmn:extensionElements><zeebe:taskDefinition type="worker" /></bpmn:extensionElements>' : ''}
      <bpmn:multiInstanceLoopCharacteristics>${flavour === 'camunda7' ? '<bpmn:loopCardinality>5</bpmn:loopCardinality>' : '<bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1,2,3,4,5]" inputElement="n" /></bpmn:extensionElements>'}</bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="done" /><bpmn:endEvent id="done" />
    <bpmn:boundaryEvent id="caught" attachedToRef="work"><bpmn:errorEventDefinition errorRef="err" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="handle" /><bpmn:userTask id="handle" />
  </bpmn:process>
</bpmn:definitions>`;

describe('calls queued in one command after an error interrupted their scope', () => {
  it('Camunda 7: the later parallel instances are never called once the first one throws', async () => {
    let calls = 0;
    const engine = new Engine({ clock: new ManualClock(), services: { worker: () => { calls++; throw new BpmnError('E'); } } });
    await engine.deploy(parallelServices('camunda7'));
    const pi = await engine.start('p');
    expect(calls).toBe(1);
    expect(pi.activeElementIds).toEqual(['handle']);
    expect(pi.incidents).toEqual([]);
  });

  it('Camunda 8: results of concurrent calls whose jobs were cancelled are dropped, not applied', async () => {
    const engine = new Engine({
      clock: new ManualClock(),
      services: { worker: async ({ variables }) => { if (variables['n'] === 1) throw new BpmnError('E'); return { ok: true }; } },
    });
    await engine.deploy(parallelServices('camunda8'));
    const pi = await engine.start('p');
    expect(pi.activeElementIds).toEqual(['handle']);
    expect(pi.incidents).toEqual([]);
  });
});
