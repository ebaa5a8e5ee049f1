import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const c7 = (task: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="t" />
  ${task}<bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="e" /><bpmn:endEvent id="e" /></bpmn:process>
</bpmn:definitions>`;

describe('Camunda 7 service task fields and topics', () => {
  it('evaluates expression fields at each call; text fields stay text', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const seen: Record<string, string>[] = [];
    engine.registerService('org.acme.Delegate', ({ headers }) => void seen.push({ ...headers }));
    await engine.deploy(c7(`<bpmn:serviceTask id="t" camunda:class="org.acme.Delegate"><bpmn:extensionElements>
      <camunda:field name="expression"><camunda:expression>...\${var}...</camunda:expression></camunda:field>
      <camunda:field name="count" expression="\${n + 1}" />
      <camunda:field name="text" stringValue="\${not evaluated}" />
    </bpmn:extensionElements></bpmn:serviceTask>`));
    await engine.start('p', { variables: { var: '---', n: 1 } });
    await engine.start('p', { variables: { var: '+++', n: 41 } });
    expect(seen).toEqual([
      { expression: '...---...', count: '2', text: '${not evaluated}' },
      { expression: '...+++...', count: '42', text: '${not evaluated}' },
    ]);
  });

  it('an expression topic is evaluated when the task is reached; workers fetch on its value', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(c7('<bpmn:serviceTask id="t" camunda:type="external" camunda:topic="${region}-invoices" />'));
    const inst = await engine.start('p', { variables: { region: 'emea' } });
    expect(await engine.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topic: '${region}-invoices', lockDurationMs: 1000 }] })).toEqual([]);
    const [task] = await engine.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topic: 'emea-invoices', lockDurationMs: 1000 }] });
    expect(task).toMatchObject({ topic: 'emea-invoices', instanceId: inst.id, elementId: 't' });
    expect((await engine.completeExternalTask(task!.id, 'w')).status).toBe('COMPLETED');
  });
});
