import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string, condition?: string) =>
  condition === undefined
    ? `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`
    : `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}"><bpmn:conditionExpression>${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>`;

async function setup(body: string): Promise<{ engine: Engine; clock: ManualClock; calls: string[] }> {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock });
  const calls: string[] = [];
  engine.registerService('work', ({ variables }) => {
    calls.push(String(variables.loopCounter ?? ''));
  });
  await engine.deploy(c7(body));
  return { engine, clock, calls };
}

const asyncJobs = async (engine: Engine, id: string) => (await engine.exportSnapshot(id)).jobs.filter((j) => j.kind === 'async');

describe('async continuations on multi-instance activities', () => {
  const mi = (activityAttrs: string, loopAttrs: string, sequential: boolean) =>
    `<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
    <bpmn:serviceTask id="task" camunda:class="work" ${activityAttrs}>
      <bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}" ${loopAttrs}><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />`;

  it('camunda:asyncBefore on the activity holds the body: one job, then every instance runs', async () => {
    const { engine, calls } = await setup(mi('camunda:asyncBefore="true"', '', false));
    const inst = await engine.start('p');
    expect(calls).toEqual([]);
    expect(await asyncJobs(engine, inst.id)).toHaveLength(1);
    expect(await engine.runDueTimers()).toBe(1);
    expect(calls).toEqual(['0', '1', '2']);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
  });

  it('camunda:asyncBefore on the loop characteristics holds each parallel instance: one job per instance', async () => {
    const { engine, calls } = await setup(mi('', 'camunda:asyncBefore="true"', false));
    const inst = await engine.start('p');
    expect(calls).toEqual([]);
    const jobs = await asyncJobs(engine, inst.id);
    expect(jobs.map((j) => j.asyncAt)).toEqual(['before', 'before', 'before']);
    expect(await engine.runDueTimers()).toBe(3);
    expect(calls).toEqual(['0', '1', '2']);
    expect((await engine.getInstance(inst.id))?.status).toBe('COMPLETED');
  });

  it('a sequential instance waits for its own job only when the previous one is done', async () => {
    const { engine, calls } = await setup(mi('', 'camunda:asyncBefore="true"', true));
    const inst = await engine.start('p');
    expect(await asyncJobs(engine, inst.id)).toHaveLength(1);
    expect(await engine.runDueTimers()).toBe(3);
    expect(calls).toEqual(['0', '1', '2']);
  });

  it('asyncAfter on the loop waits after each instance, asyncAfter on the activity once after the body', async () => {
    const inner = await setup(mi('', 'camunda:asyncAfter="true"', false));
    const a = await inner.engine.start('p');
    expect(inner.calls).toHaveLength(3);
    expect((await asyncJobs(inner.engine, a.id)).map((j) => j.asyncAt)).toEqual(['after', 'after', 'after']);
    expect(await inner.engine.runDueTimers()).toBe(3);
    expect((await inner.engine.getInstance(a.id))?.status).toBe('COMPLETED');

    const body = await setup(mi('camunda:asyncAfter="true"', '', false));
    const b = await body.engine.start('p');
    expect(body.calls).toHaveLength(3);
    expect(await asyncJobs(body.engine, b.id)).toHaveLength(1);
    expect(await body.engine.runDueTimers()).toBe(1);
    expect((await body.engine.getInstance(b.id))?.status).toBe('COMPLETED');
  });
});

describe('asyncAfter on gateways', () => {
  it('an exclusive gateway chooses its flow and runs its end listener before the job', async () => {
    const { engine } = await setup(`<bpmn:startEvent id="s" />${flow('f1', 's', 'gw')}
      <bpmn:exclusiveGateway id="gw" camunda:asyncAfter="true" default="toA">
        <bpmn:extensionElements><camunda:executionListener event="end" expression="\${execution.setVariable('ended', true)}" /></bpmn:extensionElements>
      </bpmn:exclusiveGateway>
      ${flow('toA', 'gw', 'a')}${flow('toB', 'gw', 'b', '${go}')}
      <bpmn:userTask id="a" /><bpmn:userTask id="b" />`);
    const inst = await engine.start('p', { variables: { go: true } });
    expect(inst.activeElementIds).toEqual(['gw']);
    expect(inst.variables.ended).toBe(true);
    expect((await asyncJobs(engine, inst.id)).map((j) => j.flowId)).toEqual(['toB']);
    // The choice was made when the gateway completed: changing the variable now does not change it.
    await engine.setVariables(inst.id, { go: false });
    await engine.runDueTimers();
    expect((await engine.getInstance(inst.id))?.activeElementIds).toEqual(['b']);
  });

  it('a parallel fork waits with one job per outgoing flow', async () => {
    const { engine } = await setup(`<bpmn:startEvent id="s" />${flow('f1', 's', 'fork')}
      <bpmn:parallelGateway id="fork" camunda:asyncAfter="true" />
      ${flow('toA', 'fork', 'a')}${flow('toB', 'fork', 'b')}
      <bpmn:userTask id="a" /><bpmn:userTask id="b" />`);
    const inst = await engine.start('p');
    expect(inst.activeElementIds).toEqual(['fork']);
    expect((await asyncJobs(engine, inst.id)).map((j) => j.flowId).sort()).toEqual(['toA', 'toB']);
    expect(await engine.runDueTimers()).toBe(2);
    expect([...((await engine.getInstance(inst.id))?.activeElementIds ?? [])].sort()).toEqual(['a', 'b']);
  });

  it('an inclusive fork waits with one job per flow whose condition held', async () => {
    const { engine } = await setup(`<bpmn:startEvent id="s" />${flow('f1', 's', 'fork')}
      <bpmn:inclusiveGateway id="fork" camunda:asyncAfter="true" />
      ${flow('toA', 'fork', 'a', '${a}')}${flow('toB', 'fork', 'b', '${b}')}${flow('toC', 'fork', 'c', '${c}')}
      <bpmn:userTask id="a" /><bpmn:userTask id="b" /><bpmn:userTask id="c" />`);
    const inst = await engine.start('p', { variables: { a: true, b: false, c: true } });
    expect((await asyncJobs(engine, inst.id)).map((j) => j.flowId).sort()).toEqual(['toA', 'toC']);
    await engine.runDueTimers();
    expect([...((await engine.getInstance(inst.id))?.activeElementIds ?? [])].sort()).toEqual(['a', 'c']);
  });
});

describe('message throw and end events with a Camunda 7 delegate', () => {
  it('the delegate runs like a service task, after the asyncBefore job', async () => {
    const { engine } = await setup(`<bpmn:startEvent id="s" />${flow('f1', 's', 'end')}
      <bpmn:endEvent id="end" camunda:asyncBefore="true"><bpmn:messageEventDefinition camunda:class="notify" /></bpmn:endEvent>`);
    const seen: string[] = [];
    engine.registerService('notify', ({ elementId }) => {
      seen.push(elementId);
      return { notified: true };
    });
    const inst = await engine.start('p');
    expect(seen).toEqual([]);
    await engine.runDueTimers();
    expect(seen).toEqual(['end']);
    const done = await engine.getInstance(inst.id);
    expect(done?.status).toBe('COMPLETED');
    expect(done?.variables.notified).toBe(true);
  });

  it('without a handler the throw event waits as an external task', async () => {
    const { engine } = await setup(`<bpmn:startEvent id="s" />${flow('f1', 's', 'throw')}
      <bpmn:intermediateThrowEvent id="throw"><bpmn:messageEventDefinition camunda:type="external" camunda:topic="mails" /></bpmn:intermediateThrowEvent>
      ${flow('f2', 'throw', 'e')}<bpmn:endEvent id="e" />`);
    const inst = await engine.start('p');
    expect(inst.activeElementIds).toEqual(['throw']);
    const [task] = await engine.fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topic: 'mails', lockDurationMs: 1000 }] });
    expect(task?.elementId).toBe('throw');
    expect((await engine.completeExternalTask(task!.id, 'w')).status).toBe('COMPLETED');
  });
});

describe('a failing service entered through asyncBefore', () => {
  it('takes its boundary timer with it until a retry enters again (Camunda rolls the attempt back)', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const engine = new Engine({ clock, retry: { maxAttempts: 2, firstRetryIntervalMs: 60_000, backoffCoefficient: 1 } });
    let attempts = 0;
    engine.registerService('flaky', () => {
      attempts++;
      throw new Error('down');
    });
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'svc')}
      <bpmn:serviceTask id="svc" camunda:class="flaky" camunda:asyncBefore="true" />
      <bpmn:boundaryEvent id="timeout" attachedToRef="svc"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'svc', 'e')}${flow('f3', 'timeout', 'late')}<bpmn:endEvent id="e" /><bpmn:endEvent id="late" />`));
    const inst = await engine.start('p');
    await engine.runDueTimers();
    expect(attempts).toBe(1);
    expect((await engine.exportSnapshot(inst.id)).timers).toEqual([]);
    clock.advance(60_000);
    await engine.runDueTimers();
    expect(attempts).toBe(2);
    const snap = await engine.exportSnapshot(inst.id);
    expect(snap.timers).toEqual([]);
    expect(snap.incidents).toHaveLength(1);
    clock.advance(10 * 60_000);
    await engine.runDueTimers();
    expect((await engine.getInstance(inst.id))?.activeElementIds).toEqual(['svc']);
  });
});

describe('a failing start listener inside an asyncBefore continuation', () => {
  const task = (attrs: string, cycle: string) => `<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
    <bpmn:userTask id="task" ${attrs}>
      <bpmn:extensionElements>
        <camunda:executionListener event="start" class="failingListener" />
        ${cycle}
      </bpmn:extensionElements>
    </bpmn:userTask>${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />`;

  async function withFailingListener(body: string): Promise<{ engine: Engine; clock: ManualClock; id: string; calls: () => number }> {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const engine = new Engine({ clock });
    let calls = 0;
    engine.registerService('failingListener', () => {
      calls++;
      throw new Error('listener down');
    });
    await engine.deploy(c7(body));
    const inst = await engine.start('p');
    return { engine, clock, id: inst.id, calls: () => calls };
  }

  it('fails that job: the element\'s failedJobRetryTimeCycle retries it, then an incident', async () => {
    const { engine, clock, id, calls } = await withFailingListener(
      task('camunda:asyncBefore="true"', '<camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle>'),
    );
    await engine.runDueTimers();
    expect(calls()).toBe(1);
    let [job] = (await engine.exportSnapshot(id)).jobs;
    expect(job).toMatchObject({ kind: 'listener', retries: 2, lastError: 'listener down' });
    clock.advance(5 * 60_000);
    await engine.runDueTimers();
    expect(calls()).toBe(2);
    clock.advance(5 * 60_000);
    await engine.runDueTimers();
    expect(calls()).toBe(3);
    const snap = await engine.exportSnapshot(id);
    [job] = snap.jobs;
    expect(job?.retries).toBe(0);
    expect(snap.incidents.map((i) => i.elementId)).toEqual(['task']);
    expect(await engine.listUserTasks({ instanceId: id })).toEqual([]);
  });

  it('without a continuation the failure is an incident at once, as before', async () => {
    const { engine, id, calls } = await withFailingListener(task('', '<camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle>'));
    expect(calls()).toBe(1);
    const snap = await engine.exportSnapshot(id);
    expect(snap.jobs[0]?.retries).toBe(0);
    expect(snap.incidents).toHaveLength(1);
  });

  it('an inner multi-instance continuation follows the cycle inside the loop characteristics', async () => {
    const { engine, clock, id, calls } = await withFailingListener(`<bpmn:startEvent id="s" />${flow('f1', 's', 'task')}
      <bpmn:userTask id="task">
        <bpmn:extensionElements><camunda:executionListener event="start" class="failingListener" /></bpmn:extensionElements>
        <bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:asyncBefore="true">
          <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R2/PT1M</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>
          <bpmn:loopCardinality>2</bpmn:loopCardinality>
        </bpmn:multiInstanceLoopCharacteristics>
      </bpmn:userTask>${flow('f2', 'task', 'e')}<bpmn:endEvent id="e" />`);
    await engine.runDueTimers();
    expect((await engine.exportSnapshot(id)).jobs[0]).toMatchObject({ kind: 'listener', retries: 1 });
    clock.advance(60_000);
    await engine.runDueTimers();
    expect(calls()).toBe(2);
    expect((await engine.exportSnapshot(id)).incidents).toHaveLength(1);
  });
});
