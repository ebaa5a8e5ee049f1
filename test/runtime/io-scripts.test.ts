import { describe, expect, it } from 'vitest';
import { Engine, ManualClock, UnsupportedElementError } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const js = (text: string) => `<camunda:script scriptFormat="javascript">${text}</camunda:script>`;

describe('camunda:script in input/output parameters', () => {
  it('input scripts run in order in the sandbox, see earlier inputs, and may sit inside lists and maps', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
        <bpmn:userTask id="wait"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="a">${js('base + 1')}</camunda:inputParameter>
          <camunda:inputParameter name="b">\${a * 10}</camunda:inputParameter>
          <camunda:inputParameter name="c"><camunda:list><camunda:value>\${b}</camunda:value>${js('a + b')}<camunda:map><camunda:entry key="k">${js("'v' + a")}</camunda:entry></camunda:map></camunda:list></camunda:inputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p', { variables: { base: 1 } });
    expect(inst.status).toBe('RUNNING');
    const snap = await engine.exportSnapshot(inst.id);
    expect(snap.tokens[0]!.locals).toEqual({ a: 2, b: 20, c: [20, 22, { k: 'v2' }] });
    expect(snap.tokens[0]!.io).toBeUndefined();
    expect(snap.jobs).toEqual([]);
    expect(inst.variables).toEqual({ base: 1 });
    expect(await engine.listUserTasks({ instanceId: inst.id })).toHaveLength(1);
  });

  it('output scripts read the activity locals and reach the process scope once all outputs are computed', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
        <bpmn:userTask id="wait"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="local">\${5}</camunda:inputParameter>
          <camunda:outputParameter name="first">\${local}</camunda:outputParameter>
          <camunda:outputParameter name="second">${js('local * answer')}</camunda:outputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    const done = await engine.completeUserTask(task!.id, { answer: 3 });
    expect(done.status).toBe('COMPLETED');
    expect(done.variables).toEqual({ first: 5, second: 15 });
  });

  it('a failing io script is an incident; retrying the incident runs it again', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
        <bpmn:userTask id="wait"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="x">${js("if (!ready) throw new Error('not yet'); 7")}</camunda:inputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p', { variables: { ready: false } });
    expect(inst.incidents).toHaveLength(1);
    expect(inst.incidents[0]!.message).toContain('not yet');
    expect(await engine.listUserTasks({ instanceId: inst.id })).toHaveLength(0);
    await engine.setVariables(inst.id, { ready: true });
    const after = await engine.retryIncident(inst.incidents[0]!.id);
    expect(after.incidents).toHaveLength(0);
    const snap = await engine.exportSnapshot(inst.id);
    expect(snap.tokens[0]!.locals).toEqual({ x: 7 });
    expect(await engine.listUserTasks({ instanceId: inst.id })).toHaveLength(1);
  });

  it('a waiting input script survives export and import of the snapshot', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    await engine.deploy(
      c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
        <bpmn:userTask id="wait"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="x">${js('throw new Error("boom")')}</camunda:inputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`),
    );
    const inst = await engine.start('p');
    const snap = await engine.exportSnapshot(inst.id);
    expect(snap.tokens[0]!.io).toMatchObject({ phase: 'input', param: 0, results: [] });
    const other = new Engine({ clock: new ManualClock() });
    await other.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'wait')}
        <bpmn:userTask id="wait"><bpmn:extensionElements><camunda:inputOutput>
          <camunda:inputParameter name="x">${js('throw new Error("boom")')}</camunda:inputParameter>
        </camunda:inputOutput></bpmn:extensionElements></bpmn:userTask>${flow('f2', 'wait', 'e')}<bpmn:endEvent id="e" />`));
    const restored = await other.importSnapshot(JSON.parse(JSON.stringify(snap)));
    expect(restored.incidents).toHaveLength(1);
  });

  it('rejects non-JavaScript io scripts and external script resources at deploy, at the element', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    const groovy = c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:inputParameter name="x"><camunda:script scriptFormat="groovy">1+1</camunda:script></camunda:inputParameter>
    </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    await expect(engine.deploy(groovy)).rejects.toBeInstanceOf(UnsupportedElementError);
    await expect(engine.deploy(groovy)).rejects.toMatchObject({ elementId: 't', message: expect.stringContaining('groovy') });
    const resource = c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 't')}<bpmn:task id="t"><bpmn:extensionElements><camunda:inputOutput>
      <camunda:outputParameter name="x"><camunda:script scriptFormat="javascript" resource="deployment://calc.js" /></camunda:outputParameter>
    </camunda:inputOutput></bpmn:extensionElements></bpmn:task>`);
    await expect(engine.deploy(resource)).rejects.toMatchObject({ code: 'UNSUPPORTED_ELEMENT', elementId: 't', message: expect.stringContaining('calc.js') });
  });
});
