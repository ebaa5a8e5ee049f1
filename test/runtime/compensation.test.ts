import { describe, expect, it } from 'vitest';
import { BpmnError, Engine, ManualClock } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:error id="declined" errorCode="DECLINED" />
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const compensable = (id: string, undo: string) => `
  <bpmn:serviceTask id="${id}" camunda:class="${id}" />
  <bpmn:boundaryEvent id="${id}_comp" attachedToRef="${id}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  <bpmn:serviceTask id="${undo}" camunda:class="${undo}" isForCompensation="true" />
  <bpmn:association id="${id}_assoc" associationDirection="One" sourceRef="${id}_comp" targetRef="${undo}" />`;

function engineWithCalls() {
  const calls: string[] = [];
  const engine = new Engine({ clock: new ManualClock() });
  for (const n of ['bookHotel', 'bookFlight', 'cancelHotel', 'cancelFlight']) engine.registerService(n, () => void calls.push(n));
  return { engine, calls };
}

describe('compensation', () => {
  it('order saga: a declined charge compensates the completed bookings in reverse order', async () => {
    const { engine, calls } = engineWithCalls();
    engine.registerService('charge', () => {
      calls.push('charge');
      throw new BpmnError('DECLINED');
    });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'bookings')}
        <bpmn:subProcess id="bookings"><bpmn:startEvent id="bs" />${flow('g1', 'bs', 'bookHotel')}
          ${compensable('bookHotel', 'cancelHotel')}${flow('g2', 'bookHotel', 'bookFlight')}
          ${compensable('bookFlight', 'cancelFlight')}${flow('g3', 'bookFlight', 'be')}<bpmn:endEvent id="be" />
        </bpmn:subProcess>${flow('f2', 'bookings', 'charge')}
        <bpmn:serviceTask id="charge" camunda:class="charge" />${flow('f3', 'charge', 'ok')}<bpmn:endEvent id="ok" />
        <bpmn:boundaryEvent id="onDeclined" attachedToRef="charge"><bpmn:errorEventDefinition errorRef="declined" /></bpmn:boundaryEvent>${flow('f4', 'onDeclined', 'undo')}
        <bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>${flow('f5', 'undo', 'failed')}
        <bpmn:endEvent id="failed" />`),
    );
    const inst = await engine.start('p');
    expect(inst.status).toBe('COMPLETED');
    expect(calls).toEqual(['bookHotel', 'bookFlight', 'charge', 'cancelFlight', 'cancelHotel']);
    const path = (await engine.history(inst.id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);
    expect(path.slice(-4)).toEqual(['undo', 'cancelFlight', 'cancelHotel', 'failed']);
  });

  it('a transaction cancel end event compensates inside the transaction, then takes its cancel boundary', async () => {
    const { engine, calls } = engineWithCalls();
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'tx')}
        <bpmn:transaction id="tx"><bpmn:startEvent id="ts" />${flow('g1', 'ts', 'bookHotel')}
          ${compensable('bookHotel', 'cancelHotel')}${flow('g2', 'bookHotel', 'gw')}
          <bpmn:exclusiveGateway id="gw" default="g4" />
          <bpmn:sequenceFlow id="g3" sourceRef="gw" targetRef="abort"><bpmn:conditionExpression>\${abort}</bpmn:conditionExpression></bpmn:sequenceFlow>
          ${flow('g4', 'gw', 'te')}<bpmn:endEvent id="te" />
          <bpmn:endEvent id="abort"><bpmn:cancelEventDefinition /></bpmn:endEvent>
        </bpmn:transaction>${flow('f2', 'tx', 'done')}<bpmn:endEvent id="done" />
        <bpmn:boundaryEvent id="cancelled" attachedToRef="tx"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>${flow('f3', 'cancelled', 'rolledBack')}
        <bpmn:endEvent id="rolledBack" />`),
    );
    const aborted = await engine.start('p', { variables: { abort: true } });
    expect(aborted.status).toBe('COMPLETED');
    expect(calls).toEqual(['bookHotel', 'cancelHotel']);
    const path = (await engine.history(aborted.id)).filter((h) => h.type === 'element.entered').map((h) => h.elementId);
    expect(path).toContain('rolledBack');
    expect(path).not.toContain('done');

    calls.length = 0;
    const fine = await engine.start('p', { variables: { abort: false } });
    expect(fine.status).toBe('COMPLETED');
    expect(calls).toEqual(['bookHotel']);
  });
});
