import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:signal id="sig" name="go" />
  ${body}
</bpmn:definitions>`;
const f = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const proc = (attrs: string, body: string, id = 'p') => `<bpmn:process id="${id}" isExecutable="true"${attrs}>${body}</bpmn:process>`;
/** start → t → end, where `t` is the given element. */
const line = (task: string) => `<bpmn:startEvent id="s" />${f('f1', 's', 't')}${task}${f('f2', 't', 'e')}<bpmn:endEvent id="e" />`;
const timer = (id: string, attrs = '', def = '<bpmn:timeDuration>PT1M</bpmn:timeDuration>') =>
  `<bpmn:intermediateCatchEvent id="${id}"${attrs}><bpmn:timerEventDefinition>${def}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;

async function setup(...files: string[]) {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock });
  for (const file of files) await engine.deploy(defs(file));
  return { engine, clock };
}

const jobs = async (engine: Engine, id: string) => (await engine.exportSnapshot(id)).jobs.map((j) => [j.elementId, j.asyncAt, j.priority]);
const timers = async (engine: Engine, id: string) => (await engine.exportSnapshot(id)).timers.map((t) => [t.elementId, t.priority]);

describe('job priorities (Camunda 7 camunda:jobPriority)', () => {
  it('an async continuation takes its activity\'s priority, else the process\'s; 0 is left out of the snapshot', async () => {
    const { engine } = await setup(
      proc(' camunda:jobPriority="10"', `<bpmn:startEvent id="s" />${f('f1', 's', 'a')}<bpmn:manualTask id="a" camunda:asyncBefore="true" camunda:asyncAfter="true" />
        ${f('f2', 'a', 'b')}<bpmn:manualTask id="b" camunda:asyncBefore="true" camunda:asyncAfter="true" camunda:jobPriority="5" />${f('f3', 'b', 'e')}<bpmn:endEvent id="e" />`),
      proc('', line('<bpmn:manualTask id="t" camunda:asyncBefore="true" />'), 'plain'),
    );
    const i = await engine.start('p');
    expect(await jobs(engine, i.id)).toEqual([['a', 'before', 10]]);
    const seen: [string, number][] = [];
    engine.on('job.created', (e) => seen.push([e.elementId, e.priority]));
    await engine.runDueTimers();
    expect(seen).toEqual([['a', 10], ['b', 5], ['b', 5]]);
    expect((await engine.getInstance(i.id))?.status).toBe('COMPLETED');
    const plain = await engine.start('plain');
    const snap = await engine.exportSnapshot(plain.id);
    expect(snap.jobs).toHaveLength(1);
    expect('priority' in snap.jobs[0]!).toBe(false);
  });

  it('asyncAfter jobs carry the activity\'s priority; a subprocess\'s priority is not its children\'s default', async () => {
    const { engine } = await setup(proc(' camunda:jobPriority="10"', `<bpmn:startEvent id="s" />${f('f1', 's', 'sub')}
      <bpmn:subProcess id="sub" camunda:jobPriority="20"><bpmn:startEvent id="is" />${f('i1', 'is', 'inner')}
        <bpmn:manualTask id="inner" camunda:asyncBefore="true" />${f('i2', 'inner', 'ie')}<bpmn:endEvent id="ie" /></bpmn:subProcess>
      ${f('f2', 'sub', 'after')}<bpmn:manualTask id="after" camunda:asyncAfter="true" camunda:jobPriority="7" />${f('f3', 'after', 'e')}<bpmn:endEvent id="e" />`));
    const i = await engine.start('p');
    expect(await jobs(engine, i.id)).toEqual([['inner', 'before', 10]]);
    const seen: [string, number][] = [];
    engine.on('job.created', (e) => seen.push([e.elementId, e.priority]));
    await engine.runDueTimers();
    expect(seen).toEqual([['after', 7]]);
  });

  it('timers: intermediate, boundary and event-subprocess timers carry their event\'s priority; a cycle keeps it', async () => {
    const { engine, clock } = await setup(proc(' camunda:jobPriority="8"', `<bpmn:startEvent id="s" />${f('f1', 's', 'task')}<bpmn:userTask id="task" />
      <bpmn:boundaryEvent id="b" attachedToRef="task" cancelActivity="false" camunda:jobPriority="20"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${f('f2', 'task', 'wait')}${timer('wait')}${f('f3', 'wait', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es" isInterrupting="false" camunda:jobPriority="25"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
        ${f('e1', 'es', 'ee')}<bpmn:endEvent id="ee" /></bpmn:subProcess>`));
    const i = await engine.start('p');
    expect((await timers(engine, i.id)).sort()).toEqual([['b', 20], ['es', 25]]);
    clock.advance(10 * 60_000);
    await engine.runDueTimers();
    expect((await timers(engine, i.id)).sort()).toEqual([['b', 20], ['es', 25]]); // the cycle fired and re-armed
    const [task] = await engine.listUserTasks({ instanceId: i.id });
    await engine.completeUserTask(task!.id, {});
    expect((await timers(engine, i.id)).sort()).toEqual([['es', 25], ['wait', 8]]);
  });

  it('evaluates an expression when the job is made, with the token\'s variables and `execution`', async () => {
    const { engine } = await setup(proc('', `<bpmn:startEvent id="s" />${f('f1', 's', 'a')}
      <bpmn:manualTask id="a" camunda:asyncBefore="true" camunda:jobPriority="\${priority}" />${f('f2', 'a', 'b')}
      <bpmn:manualTask id="b" camunda:asyncBefore="true" camunda:jobPriority="\${execution.getVariable('priority') + 1}" />${f('f3', 'b', 'e')}<bpmn:endEvent id="e" />`));
    const i = await engine.start('p', { variables: { priority: 22 } });
    expect(await jobs(engine, i.id)).toEqual([['a', 'before', 22]]);
    await engine.setVariables(i.id, { priority: 40 });
    const seen: number[] = [];
    engine.on('job.created', (e) => seen.push(e.priority));
    await engine.runDueTimers();
    expect(seen).toEqual([41]);
  });

  it.each([
    ['null', null],
    ['a string', 'aNonNumericalVariableValue'],
    ['a fraction', 4.2],
  ])('a priority expression that gives %s is an incident on the element, retried once it is fixed', async (_what, value) => {
    const { engine } = await setup(proc('', line('<bpmn:manualTask id="t" camunda:asyncBefore="true" camunda:jobPriority="${priority}" />')));
    const i = await engine.start('p', { variables: { priority: value } });
    expect(i.incidents).toHaveLength(1);
    expect(i.incidents[0]).toMatchObject({ elementId: 't', type: 'failedExpression', message: expect.stringContaining('priority value') });
    expect((await engine.exportSnapshot(i.id)).jobs).toEqual([]);
    await engine.setVariables(i.id, { priority: 3 });
    const retried = await engine.retryIncident(i.incidents[0]!.id);
    expect(retried.incidents).toEqual([]);
    expect(await jobs(engine, i.id)).toEqual([['t', 'before', 3]]);
  });

  it('a multi-instance activity\'s priority holds for its body\'s job and each inner instance\'s job', async () => {
    const mi = (attrs: string, inner: string) => `<bpmn:manualTask id="t" camunda:jobPriority="5"${attrs}><bpmn:multiInstanceLoopCharacteristics isSequential="false"${inner}><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:manualTask>`;
    const { engine } = await setup(
      proc(' camunda:jobPriority="10"', line(mi(' camunda:asyncBefore="true"', '')), 'body'),
      proc(' camunda:jobPriority="10"', line(mi('', ' camunda:asyncBefore="true"')), 'inner'),
    );
    const body = await engine.start('body');
    expect(await jobs(engine, body.id)).toEqual([['t', 'before', 5]]);
    const inner = await engine.start('inner');
    expect(await jobs(engine, inner.id)).toEqual([['t', 'before', 5], ['t', 'before', 5], ['t', 'before', 5]]);
  });

  it('an asynchronous signal waits with the receiving event\'s priority, not the thrower\'s; a signal start\'s job with its start event\'s', async () => {
    const { engine } = await setup(
      proc(' camunda:jobPriority="18"', `<bpmn:startEvent id="s" />${f('f1', 's', 'throw')}<bpmn:intermediateThrowEvent id="throw" camunda:jobPriority="42"><bpmn:signalEventDefinition signalRef="sig" camunda:async="true" /></bpmn:intermediateThrowEvent>${f('f2', 'throw', 'e')}<bpmn:endEvent id="e" />`, 'thrower'),
      proc(' camunda:jobPriority="8"', `<bpmn:startEvent id="s" />${f('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />${f('f2', 'fork', 'c1')}${f('f3', 'fork', 'c2')}
        <bpmn:intermediateCatchEvent id="c1"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
        <bpmn:intermediateCatchEvent id="c2" camunda:jobPriority="4"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>
        ${f('f4', 'c1', 'u1')}${f('f5', 'c2', 'u2')}<bpmn:userTask id="u1" /><bpmn:userTask id="u2" />`, 'catcher'),
      proc(' camunda:jobPriority="8"', `<bpmn:startEvent id="ss" camunda:jobPriority="4"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:startEvent>${f('f1', 'ss', 'u')}<bpmn:userTask id="u" />`, 'started'),
    );
    const catcher = await engine.start('catcher');
    const thrown = await engine.start('thrower');
    expect(thrown.status).toBe('COMPLETED');
    expect((await timers(engine, catcher.id)).sort()).toEqual([['c1', 8], ['c2', 4]]);
    const [startedId] = (await engine.listInstances({ processKey: 'started' })).items.map((x) => x.id);
    expect(await jobs(engine, startedId!)).toEqual([['ss', 'before', 4]]);
  });

  it('a timeout task listener\'s timer has its user task\'s priority', async () => {
    const { engine } = await setup(proc(' camunda:jobPriority="3"', line(`<bpmn:userTask id="t" camunda:jobPriority="9"><bpmn:extensionElements>
      <camunda:taskListener event="timeout" id="late" expression="\${true}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></camunda:taskListener>
      </bpmn:extensionElements></bpmn:userTask>`)));
    const i = await engine.start('p');
    expect(await timers(engine, i.id)).toEqual([['t', 9]]);
  });

  it('an imported snapshot keeps its priorities, and a priority that is no whole number is refused', async () => {
    const { engine } = await setup(proc(' camunda:jobPriority="6"', line('<bpmn:manualTask id="t" camunda:asyncBefore="true" />')));
    const i = await engine.start('p');
    const snap = await engine.exportSnapshot(i.id);
    await engine.terminate(i.id);
    await engine.purge(i.id);
    await engine.importSnapshot(snap);
    expect(await jobs(engine, i.id)).toEqual([['t', 'before', 6]]);
    await engine.terminate(i.id);
    await engine.purge(i.id);
    const bad = { ...snap, jobs: [{ ...snap.jobs[0]!, priority: 'high' }] };
    await expect(engine.importSnapshot(bad)).rejects.toMatchObject({ code: 'STORE_ERROR', message: expect.stringContaining('priority') });
  });
});
