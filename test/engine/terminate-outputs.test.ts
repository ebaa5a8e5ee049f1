import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const out = (name: string, value: string) =>
  `<bpmn:extensionElements><camunda:inputOutput><camunda:outputParameter name="${name}">${value}</camunda:outputParameter></camunda:inputOutput></bpmn:extensionElements>`;

describe('terminating an instance runs the output mappings of the scopes it destroys (Camunda deleteProcessInstance)', () => {
  const process = (inner: string) => c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
    <bpmn:subProcess id="sub">${out('subEnded', '${true}')}
      <bpmn:startEvent id="ss" />${flow('f2', 'ss', 'task')}${inner}${flow('f3', 'task', 'se')}<bpmn:endEvent id="se" />
    </bpmn:subProcess>${flow('f4', 'sub', 'e')}<bpmn:endEvent id="e" />`);

  it('the active task and its subprocess both map their outputs', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(process(`<bpmn:userTask id="task">${out('innerResult', '${"from the task"}')}</bpmn:userTask>`));
    const inst = await engine.start('p');
    const done = await engine.terminate(inst.id);
    expect(done.status).toBe('TERMINATED');
    expect(done.variables).toEqual({ innerResult: 'from the task', subEnded: true });
  });

  it('innermost first: the subprocess mapping sees what the task inside it mapped out', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(process(`<bpmn:userTask id="task">${out('innerResult', '${"from the task"}')}</bpmn:userTask>`).replace('${true}', '${innerResult}'));
    const inst = await engine.start('p');
    expect((await engine.terminate(inst.id)).variables.subEnded).toBe('from the task');
  });

  it('a task still waiting for its asyncBefore job was never entered and maps nothing', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(process(`<bpmn:userTask id="task" camunda:asyncBefore="true">${out('innerResult', '${"from the task"}')}</bpmn:userTask>`));
    const inst = await engine.start('p');
    expect(inst.activeElementIds).toEqual(['sub', 'task']);
    const done = await engine.terminate(inst.id);
    expect(done.variables).toEqual({ subEnded: true });
  });

  it('a mapping that cannot be evaluated is skipped: terminating still succeeds', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(process(`<bpmn:userTask id="task">${out('innerResult', '${missing.deeper}')}</bpmn:userTask>`));
    const inst = await engine.start('p');
    const done = await engine.terminate(inst.id);
    expect(done.status).toBe('TERMINATED');
    expect((await engine.history(inst.id)).some((h) => h.type === 'io.failed' && h.elementId === 'task')).toBe(true);
  });
});
