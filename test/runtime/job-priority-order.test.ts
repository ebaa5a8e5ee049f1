import { describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';

const defs = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">${body}</bpmn:definitions>`;
const f = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const proc = (id: string, attrs: string, body: string) => `<bpmn:process id="${id}" isExecutable="true"${attrs}>${body}</bpmn:process>`;
/** start → `a` (async, with `prio`) → a user task. */
const asyncProc = (id: string, prio?: number) =>
  proc(id, '', `<bpmn:startEvent id="s" />${f('f1', 's', 'a')}<bpmn:manualTask id="a" camunda:asyncBefore="true"${prio === undefined ? '' : ` camunda:jobPriority="${prio}"`} />${f('f2', 'a', 'u')}<bpmn:userTask id="u" />`);
const timerProc = (id: string, duration: string, prio: number) =>
  proc(id, ` camunda:jobPriority="${prio}"`, `<bpmn:startEvent id="s" />${f('f1', 's', 'w')}<bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>${duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>${f('f2', 'w', 'u')}<bpmn:userTask id="u" />`);
const external = (id: string, attrs: string, taskAttrs: string) =>
  proc(id, attrs, `<bpmn:startEvent id="s" />${f('f1', 's', 'x')}<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="work"${taskAttrs} />${f('f2', 'x', 'e')}<bpmn:endEvent id="e" />`);

async function setup(...files: string[]) {
  const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  const engine = new Engine({ clock });
  for (const file of files) await engine.deploy(defs(file));
  /** Process keys in the order their instances reached the user task (or started, for start timers). */
  const order: string[] = [];
  const keyOf = new Map<string, string>();
  engine.on('instance.started', ({ instance }) => {
    keyOf.set(instance.id, instance.processKey);
    order.push(`start:${instance.processKey}`);
  });
  engine.on('userTask.created', ({ task }) => order.push(task.processKey));
  return { engine, clock, order };
}

describe('due work runs highest priority first', () => {
  it('runDueTimers fires due jobs by priority, whatever order they were made in', async () => {
    const { engine, order } = await setup(asyncProc('low', 1), asyncProc('none'), asyncProc('high', 9), asyncProc('negative', -4));
    for (const key of ['low', 'none', 'high', 'negative']) await engine.start(key);
    order.length = 0;
    expect(await engine.runDueTimers()).toBe(4);
    expect(order).toEqual(['high', 'low', 'none', 'negative']);
  });

  it('among equal priorities the longest due goes first; a higher priority still goes before it', async () => {
    const { engine, clock, order } = await setup(timerProc('later', 'PT2M', 0), timerProc('sooner', 'PT1M', 0), timerProc('urgent', 'PT3M', 5));
    for (const key of ['later', 'sooner', 'urgent']) await engine.start(key);
    order.length = 0;
    clock.advance(5 * 60_000);
    await engine.runDueTimers();
    expect(order).toEqual(['urgent', 'sooner', 'later']);
  });

  it('a start timer takes its place among instance jobs by its own priority', async () => {
    const cron = (prio: number) =>
      proc('cron', ` camunda:jobPriority="${prio}"`, `<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>${f('f1', 's', 'u')}<bpmn:userTask id="u" />`);
    const { engine, clock, order } = await setup(cron(1515), asyncProc('above', 2000), asyncProc('below', 100));
    await engine.start('below');
    await engine.start('above');
    order.length = 0;
    clock.advance(60_000);
    await engine.runDueTimers();
    expect(order).toEqual(['above', 'start:cron', 'cron', 'below']);
  });
});

describe('external tasks: camunda:taskPriority and fetchAndLock usePriority', () => {
  it('fetches the highest priority first and tells each task its priority; process default, jobPriority not used', async () => {
    const { engine } = await setup(
      external('one', '', ' camunda:taskPriority="1"'),
      external('five', ' camunda:taskPriority="3"', ' camunda:taskPriority="${5}"'),
      external('three', ' camunda:taskPriority="3" camunda:jobPriority="99"', ''),
      external('zero', ' camunda:jobPriority="50"', ''),
    );
    for (const key of ['one', 'zero', 'three', 'five']) await engine.start(key);
    const first = await engine.fetchAndLock({ workerId: 'w', maxTasks: 2, topics: [{ topic: 'work', lockDurationMs: 60_000 }] });
    expect(first.map((t) => [t.elementId, t.priority])).toEqual([['x', 5], ['x', 3]]);
    const rest = await engine.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topic: 'work', lockDurationMs: 60_000 }] });
    expect(rest.map((t) => t.priority)).toEqual([1, 0]);
  });

  it('usePriority: false takes tasks in the order they became due', async () => {
    const { engine } = await setup(external('one', '', ' camunda:taskPriority="1"'), external('five', '', ' camunda:taskPriority="5"'));
    const a = await engine.start('one');
    const b = await engine.start('five');
    const got = await engine.fetchAndLock({ workerId: 'w', maxTasks: 2, usePriority: false, topics: [{ topic: 'work', lockDurationMs: 60_000 }] });
    expect(got.map((t) => [t.instanceId, t.priority])).toEqual([[a.id, 1], [b.id, 5]]);
  });
});
