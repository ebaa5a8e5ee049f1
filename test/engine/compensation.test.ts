import { describe, expect, it } from 'vitest';
import { BpmnError, BpmnRunnerError, Engine, ManualClock } from '../../src/index.js';

const c7 = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
/** An activity with a compensation boundary whose handler is a user task named `undo`. */
const compensable = (task: string, undo: string, loop = '') => `
  <bpmn:serviceTask id="${task}" camunda:expression="\${true}">${loop}</bpmn:serviceTask>
  <bpmn:boundaryEvent id="${task}_comp" attachedToRef="${task}"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
  <bpmn:userTask id="${undo}" isForCompensation="true" />
  <bpmn:association id="${task}_assoc" associationDirection="One" sourceRef="${task}_comp" targetRef="${undo}" />`;
const throwAll = (id: string, ref = '') => `<bpmn:intermediateThrowEvent id="${id}"><bpmn:compensateEventDefinition${ref ? ` activityRef="${ref}"` : ''} /></bpmn:intermediateThrowEvent>`;
const mi = (n: number, sequential = true) => `<bpmn:multiInstanceLoopCharacteristics isSequential="${sequential}"><bpmn:loopCardinality>${n}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>`;

const clocks = new WeakMap<Engine, ManualClock>();
const clockOf = (engine: Engine) => clocks.get(engine)!;

async function run(body: string, variables: Record<string, unknown> = {}) {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  clocks.set(engine, clock);
  await engine.deploy(c7(body));
  const inst = await engine.start('p', { variables });
  const open = async () => (await engine.listUserTasks({ instanceId: inst.id })).map((t) => t.elementId).sort();
  const completeAll = async (elementId: string) => {
    for (const t of await engine.listUserTasks({ instanceId: inst.id })) if (t.elementId === elementId) await engine.completeUserTask(t.id, {});
  };
  return { engine, inst, open, completeAll, get: () => engine.getInstance(inst.id) };
}

describe('compensation throw', () => {
  it('starts every handler at once and moves on when the last one is done', async () => {
    // given two completed compensable activities, then a compensation throw
    const { open, completeAll, get } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}
      ${compensable('a', 'undoA')}${flow('f2', 'a', 'b')}${compensable('b', 'undoB')}${flow('f3', 'b', 'throw')}
      ${throwAll('throw')}${flow('f4', 'throw', 'after')}<bpmn:userTask id="after" />${flow('f5', 'after', 'e')}<bpmn:endEvent id="e" />`);
    // then both handlers wait together while the throw waits
    expect(await open()).toEqual(['undoA', 'undoB']);
    expect((await get())!.activeElementIds).toContain('throw');
    // when one is done the throw still waits; when both are, it moves on
    await completeAll('undoB');
    expect(await open()).toEqual(['undoA']);
    await completeAll('undoA');
    expect(await open()).toEqual(['after']);
  });

  it('compensates a completed subprocess by compensating what completed inside it, once', async () => {
    // given a subprocess with a compensable activity, compensated by activityRef after it completed
    const { open, completeAll } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('g1', 'ss', 'a')}${compensable('a', 'undoA')}${flow('g2', 'a', 'se')}<bpmn:endEvent id="se" /></bpmn:subProcess>
      ${flow('f2', 'sub', 'throw1')}${throwAll('throw1', 'sub')}${flow('f3', 'throw1', 'throw2')}${throwAll('throw2')}${flow('f4', 'throw2', 'e')}<bpmn:endEvent id="e" />`);
    // then the inner handler runs; a second throw finds nothing left to compensate
    expect(await open()).toEqual(['undoA']);
    await completeAll('undoA');
    expect(await open()).toEqual([]);
  });

  it('runs one handler per completed instance of a multi-instance activity, none while it still runs', async () => {
    // given a parallel multi-instance user task with a compensation handler, and a concurrent throw path
    const { open, completeAll, engine, inst } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'fork')}<bpmn:parallelGateway id="fork" />
      ${flow('f2', 'fork', 'book')}<bpmn:userTask id="book">${mi(3, false)}</bpmn:userTask>
      <bpmn:boundaryEvent id="book_comp" attachedToRef="book"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
      <bpmn:userTask id="undo" isForCompensation="true" /><bpmn:association id="as" sourceRef="book_comp" targetRef="undo" />
      ${flow('f3', 'fork', 'gate')}<bpmn:userTask id="gate" />${flow('f4', 'gate', 'throw')}${throwAll('throw', 'book')}${flow('f5', 'throw', 'e1')}<bpmn:endEvent id="e1" />
      ${flow('f6', 'book', 'e2')}<bpmn:endEvent id="e2" />`);
    const [first] = (await engine.listUserTasks({ instanceId: inst.id })).filter((t) => t.elementId === 'book');
    await engine.completeUserTask(first!.id, {});
    // when compensation is thrown before the body completed, nothing is compensated
    await completeAll('gate');
    expect(await open()).toEqual(['book', 'book']);
    // and the body, completing later, just ends (the throw has passed)
    await completeAll('book');
    expect(await open()).toEqual([]);
  });

  it('after a multi-instance activity completed, compensating it runs one handler per instance', async () => {
    const { open, completeAll, get } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'book')}${compensable('book', 'undo', mi(3, false))}
      ${flow('f2', 'book', 'throw')}${throwAll('throw', 'book')}${flow('f3', 'throw', 'e')}<bpmn:endEvent id="e" />`);
    expect(await open()).toEqual(['undo', 'undo', 'undo']);
    await completeAll('undo');
    expect((await get())!.status).toBe('COMPLETED');
  });

  it('gives each handler of a multi-instance subprocess the variables of its own instance', async () => {
    // given a multi-instance subprocess over a collection, each instance with a compensable activity
    const seen: unknown[] = [];
    const engine = new Engine({ clock: new ManualClock() });
    engine.registerService('undo', ({ variables }) => void seen.push(variables.item));
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="\${items}" camunda:elementVariable="item" />
        <bpmn:startEvent id="ss" />${flow('g1', 'ss', 'a')}<bpmn:serviceTask id="a" camunda:expression="\${true}" />
        <bpmn:boundaryEvent id="a_comp" attachedToRef="a"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
        <bpmn:serviceTask id="undoA" isForCompensation="true" camunda:class="undo" /><bpmn:association id="as" sourceRef="a_comp" targetRef="undoA" />
        ${flow('g2', 'a', 'se')}<bpmn:endEvent id="se" /></bpmn:subProcess>
      ${flow('f2', 'sub', 'throw')}${throwAll('throw', 'sub')}${flow('f3', 'throw', 'e')}<bpmn:endEvent id="e" />`));
    // when the process runs through and compensates the subprocess
    const inst = await engine.start('p', { variables: { items: ['x', 'y', 'z'] } });
    // then every handler saw its instance's element variable, latest instance first
    expect((await engine.getInstance(inst.id))!.status).toBe('COMPLETED');
    expect(seen).toEqual(['z', 'y', 'x']);
  });
});

describe('where a throw looks', () => {
  it('a throw inside an event subprocess compensates the scope the event subprocess belongs to', async () => {
    const engine = new Engine({ clock: new ManualClock() });
    engine.registerService('fail', () => {
      throw new BpmnError('E');
    });
    await engine.deploy(c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}${compensable('a', 'undoA')}${flow('f2', 'a', 'f')}
      <bpmn:serviceTask id="f" camunda:class="fail" />${flow('f3', 'f', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="es"><bpmn:errorEventDefinition /></bpmn:startEvent>
        ${flow('h1', 'es', 'throw')}${throwAll('throw')}${flow('h2', 'throw', 'ee')}<bpmn:endEvent id="ee" /></bpmn:subProcess>`));
    const inst = await engine.start('p');
    expect((await engine.listUserTasks({ instanceId: inst.id })).map((t) => t.elementId)).toEqual(['undoA']);
  });

  it('what completed inside a cancelled subprocess is no longer compensable', async () => {
    // given a subprocess whose first activity completed, interrupted by its boundary timer
    const { engine, inst, open } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('g1', 'ss', 'a')}${compensable('a', 'undoA')}${flow('g2', 'a', 'wait')}
        <bpmn:userTask id="wait" />${flow('g3', 'wait', 'se')}<bpmn:endEvent id="se" /></bpmn:subProcess>
      <bpmn:boundaryEvent id="late" attachedToRef="sub"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      ${flow('f2', 'late', 'throw')}${throwAll('throw')}${flow('f3', 'throw', 'after')}<bpmn:userTask id="after" />${flow('f4', 'after', 'e')}<bpmn:endEvent id="e" />
      ${flow('f5', 'sub', 'e2')}<bpmn:endEvent id="e2" />`);
    expect((await engine.exportSnapshot(inst.id)).compensable).toHaveLength(1);
    // when the timer cancels the subprocess, then the throw after it finds nothing to compensate
    clockOf(engine).advance(3_600_000);
    await engine.runDueTimers();
    expect(await open()).toEqual(['after']);
    expect((await engine.exportSnapshot(inst.id)).compensable ?? []).toEqual([]);
  });
});

describe('compensation event subprocess', () => {
  const booking = (espBody: string) => `<bpmn:startEvent id="s" />${flow('f1', 's', 'sub')}
    <bpmn:subProcess id="sub"><bpmn:startEvent id="ss" />${flow('g1', 'ss', 'a')}${compensable('a', 'undoA')}${flow('g2', 'a', 'se')}<bpmn:endEvent id="se" />
      <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>${espBody}</bpmn:subProcess>
    </bpmn:subProcess>${flow('f2', 'sub', 'throw')}${throwAll('throw')}${flow('f3', 'throw', 'e')}<bpmn:endEvent id="e" />`;

  it('runs instead of the handlers inside the subprocess (it consumes the compensation)', async () => {
    const { open, completeAll, get } = await run(booking(`${flow('h1', 'cs', 'notify')}<bpmn:userTask id="notify" />${flow('h2', 'notify', 'ce')}<bpmn:endEvent id="ce" />`));
    expect(await open()).toEqual(['notify']);
    await completeAll('notify');
    expect(await open()).toEqual([]);
    expect((await get())!.status).toBe('COMPLETED');
  });

  it('can throw compensation itself, which compensates what completed inside the subprocess', async () => {
    const { open, completeAll, get } = await run(booking(`${flow('h1', 'cs', 'rethrow')}${throwAll('rethrow')}${flow('h2', 'rethrow', 'notify')}<bpmn:userTask id="notify" />${flow('h3', 'notify', 'ce')}<bpmn:endEvent id="ce" />`));
    expect(await open()).toEqual(['undoA']);
    await completeAll('undoA');
    expect(await open()).toEqual(['notify']);
    await completeAll('notify');
    expect((await get())!.status).toBe('COMPLETED');
  });
});

describe('multi-instance transaction', () => {
  it('a cancel end event in one instance compensates that instance and cancels them all', async () => {
    const { open, get, engine, inst } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'tx')}
      <bpmn:transaction id="tx">${mi(3, false)}<bpmn:startEvent id="ts" />${flow('g1', 'ts', 'a')}${compensable('a', 'undoA')}${flow('g2', 'a', 'ask')}
        <bpmn:userTask id="ask" />${flow('g3', 'ask', 'cancel')}<bpmn:endEvent id="cancel"><bpmn:cancelEventDefinition /></bpmn:endEvent></bpmn:transaction>
      <bpmn:boundaryEvent id="cancelled" attachedToRef="tx"><bpmn:cancelEventDefinition /></bpmn:boundaryEvent>
      ${flow('f2', 'cancelled', 'after')}<bpmn:userTask id="after" />${flow('f3', 'after', 'e')}<bpmn:endEvent id="e" />${flow('f4', 'tx', 'e2')}<bpmn:endEvent id="e2" />`);
    const [one] = await engine.listUserTasks({ instanceId: inst.id });
    await engine.completeUserTask(one!.id, {});
    // only the cancelled instance's activity is compensated; the other instances run until the boundary fires
    expect(await open()).toEqual(['ask', 'ask', 'undoA']);
    const undo = (await engine.listUserTasks({ instanceId: inst.id })).find((t) => t.elementId === 'undoA');
    await engine.completeUserTask(undo!.id, {});
    expect((await get())!.activeElementIds).toEqual(['after']);
  });
});

describe('deploy-time rules for catching compensation events', () => {
  const deploy = async (body: string) => new Engine({ clock: new ManualClock() }).deploy(c7(body));
  const rejection = async (body: string) => deploy(body).then(() => undefined, (e: unknown) => e);

  it('refuses an activityRef on a compensation boundary event, naming the event', async () => {
    const err = await rejection(`<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}<bpmn:task id="a" />${flow('f2', 'a', 'e')}<bpmn:endEvent id="e" />
      <bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:compensateEventDefinition activityRef="a" /></bpmn:boundaryEvent>`);
    expect(err).toBeInstanceOf(BpmnRunnerError);
    expect((err as BpmnRunnerError).details.elementId).toBe('b');
  });

  it('refuses a compensation event subprocess at process level', async () => {
    const err = await rejection(`<bpmn:startEvent id="s" />${flow('f1', 's', 'e')}<bpmn:endEvent id="e" />
      <bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="cs"><bpmn:compensateEventDefinition /></bpmn:startEvent>${flow('h', 'cs', 'ce')}<bpmn:endEvent id="ce" /></bpmn:subProcess>`);
    expect((err as BpmnRunnerError).details.elementId).toBe('cs');
  });

  it('accepts a compensation boundary without a handler (compensating it runs nothing) and waitForCompletion on a catch', async () => {
    const { get } = await run(`<bpmn:startEvent id="s" />${flow('f1', 's', 'a')}<bpmn:task id="a" />${flow('f2', 'a', 'throw')}
      <bpmn:boundaryEvent id="b" attachedToRef="a"><bpmn:compensateEventDefinition waitForCompletion="true" /></bpmn:boundaryEvent>
      ${throwAll('throw', 'a')}${flow('f3', 'throw', 'e')}<bpmn:endEvent id="e" />`);
    expect((await get())!.status).toBe('COMPLETED');
  });
});
