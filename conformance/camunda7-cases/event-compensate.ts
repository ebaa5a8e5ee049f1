/**
 * event/compensate/: CompensateEventTest, CompensateEventHistoryTest and CompensationEventParseInvalidProcessTest.
 * UndoService becomes a handler counting its calls in the variable its `counterName` field names. Where the Java
 * test ends with runtimeService.signal on a wait state (a Java-only trigger) the case stops before it. Camunda's
 * history queries of compensation handlers become counts over our history's elementIds.
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { withUndoServices } from './subprocess-transaction.js';
import { cases as historyCases } from './event-compensate-history.js';

const D = 'event/compensate';
const C = `${D}/CompensateEventTest`;
const HELPER = 'org.camunda.bpm.engine.test.bpmn.event.compensate.helper';

async function vars(t: CaseContext, id: string) {
  return (await t.instance(id)).variables;
}

/** Completes `times` open tasks named `name`, failing when fewer are open (the Java completeTasks helper). */
async function completeTasks(t: CaseContext, name: string, times = 1, values: Record<string, unknown> = {}): Promise<void> {
  const open = (await t.tasks()).filter((x) => x.name === name);
  if (open.length < times) throw new Error(`expected at least ${times} open tasks "${name}", found ${open.length} (open: ${(await t.taskNames()).join(', ')})`);
  for (const x of open.slice(0, times)) await t.engine.completeUserTask(x.id, values);
}

async function handlerRuns(t: CaseContext, id: string, elementId: string): Promise<number> {
  const h = await t.engine.history(id);
  // One historic activity instance per entering (a call activity also records its child's start).
  return h.filter((e) => e.elementId === elementId && e.type === 'element.entered').length;
}

function ce(m: string, run: (t: CaseContext) => Promise<void>, javaTest = m, file = m): Camunda7Case {
  return { file: `${C}.${file}.bpmn20.xml`, javaTest: `CompensateEventTest#${javaTest}`, async run(t) {
    withUndoServices(t);
    await t.deploy(`${C}.${file}.bpmn20.xml`);
    await run(t);
  } };
}

const counters = (m: string, expected: Record<string, unknown>, key = 'compensateProcess', javaTest = m, file = m) => ce(m, async (t) => {
  const pi = await t.start(key);
  const v = await vars(t, pi.id);
  eq(Object.fromEntries(Object.keys(expected).map((k) => [k, v[k]])), expected, 'compensation handler counters');
}, javaTest, file);

/** Compensation handlers may open one after another or together; either order completes them. */
async function completeInAnyOrder(t: CaseContext, names: string[]): Promise<void> {
  const left = [...names];
  while (left.length > 0) {
    const open = (await t.tasks()).find((x) => left.includes(x.name ?? ''));
    if (open === undefined) throw new Error(`expected one of ${left.join(', ')} to be open (open: ${(await t.taskNames()).join(', ')})`);
    left.splice(left.indexOf(open.name!), 1);
    await t.engine.completeUserTask(open.id, {});
  }
}

/** [task name, times, values?] completes tasks; a string[] completes those in any order; a number asserts the open task count. */
type Step = [string, number, Record<string, unknown>?] | string[] | number;

const byNames = (m: string, steps: Step[], key = 'compensateProcess', javaTest = m, file = m, vars0: Record<string, unknown> = {}) => ce(m, async (t) => {
  const pi = await t.start(key, vars0);
  for (const s of steps) {
    if (typeof s === 'number') eq((await t.tasks(pi.id)).length, s, 'open tasks');
    else if (typeof s[1] === 'number') await completeTasks(t, s[0], s[1], (s[2] as Record<string, unknown> | undefined) ?? {});
    else await completeInAnyOrder(t, s as string[]);
  }
  await t.assertEnded(pi.id);
}, javaTest, file);

const invalid = ['activityRefOnBoundaryCompensationEvent', 'activityRefOnCompensationEventSubProcess', 'compensationEventSubProcessesAtProcessLevel', 'compensationEventSubprocessAndBoundaryEvent',
  'illegalCompensateActivityRefNestedScope', 'illegalCompensateActivityRefParentScope', 'invalidActivityRefFails', 'invalidIncomingSequenceflow', 'invalidOutgoingSequenceflow',
  'multipleCompensationCatchEventsCompensationAttributeMissingFails', 'multipleCompensationCatchEventsFails', 'multipleCompensationEventSubProcesses'];

/**
 * The waitForCompletionOn* files are not in the Java test's list of invalid models: BpmnParse
 * (validateCatchCompensateEventDefinition) only warns that waitForCompletion on a catching compensation event
 * is ignored, and CompensateEventTest's own runnable models carry it on compensation start events. Camunda
 * deploys and runs them; so must we. (activityRef on a catch is refused here: see compensation-validation.ts.)
 */
const waitForCompletionOnCatch: Camunda7Case[] = [
  { file: `${D}/CompensationEventParseInvalidProcessTest.waitForCompletionOnBoundaryCompensationEvent.bpmn20.xml`,
    javaTest: 'CompensationEventParseInvalidProcessTest#testParseInvalidProcessDefinition[waitForCompletionOnBoundaryCompensationEvent]', async run(t) {
      await t.deploy();
      const pi = await t.start('compensateProcess');
      await t.assertEnded(pi.id);
      eq([await handlerRuns(t, pi.id, 'undoBookHotel'), await handlerRuns(t, pi.id, 'undoBookFlight')], [5, 5], 'handler runs');
    } },
  { file: `${D}/CompensationEventParseInvalidProcessTest.waitForCompletionOnCompensationEventSubProcess.bpmn20.xml`,
    javaTest: 'CompensationEventParseInvalidProcessTest#testParseInvalidProcessDefinition[waitForCompletionOnCompensationEventSubProcess]', async run(t) {
      await t.deploy();
      const pi = await t.start('compensateProcess');
      await t.complete('bookHotel', {}, pi.id);
      await t.assertEnded(pi.id);
      eq(await handlerRuns(t, pi.id, 'undoBookHotel'), 0, 'no compensation without a throw');
    } },
];

export const cases: Camunda7Case[] = [
  ...historyCases,
  ...waitForCompletionOnCatch,
  ...invalid.map((m) => deployFails(`${D}/CompensationEventParseInvalidProcessTest.${m}.bpmn20.xml`, `CompensationEventParseInvalidProcessTest#testParseInvalidProcessDefinition[${m}]`)),
  ...(['compensation_reference-before', 'compensation_reference-after'] as const).map((f): Camunda7Case => ({ file: `${D}/${f}.bpmn`, javaTest: 'CompensateEventTest#testCompensateOrder', async run(t) {
    const [d] = await t.deploy(`${D}/${f}.bpmn`);
    ok(d !== undefined && d.processes.length > 0, 'the model deploys');
  } })),
  counters('testCompensateSubprocess', { undoBookHotel: 5 }),
  byNames('testCompensateSubprocessInsideSubprocess', [['Book Hotel', 1], ['Book Flight', 1], ['throw compensation', 1], ['Cancel Hotel', 'Cancel Flight']]),
  counters('testCompensateParallelSubprocess', { undoBookHotel: 5 }),
  ce('testCompensateParallelSubprocessCompHandlerWaitstate', async (t) => {
    const pi = await t.start('compensateProcess');
    const handlers = (await t.tasks(pi.id)).filter((x) => x.elementId === 'undoBookHotel');
    eq(handlers.length, 5, 'five compensation handler tasks');
    for (const x of handlers) await t.engine.completeUserTask(x.id, {});
    eq((await t.tasks(pi.id)).length, 1, 'one task left');
  }),
  ce('testCompensateParallelSubprocessCompHandlerWaitstate', async (t) => {
    const pi = await t.start('compensateProcess');
    eq((await t.tasks(pi.id)).filter((x) => x.elementId === 'undoBookHotel').length, 5, 'five compensation handler tasks');
    await t.engine.terminate(pi.id);
    ok(await t.ended(pi.id), 'the instance is gone');
  }, 'testDeleteParallelSubprocessCompHandlerWaitstate'),
  counters('testCompensateMiSubprocess', { undoBookHotel: 5 }),
  counters('testCompensateScope', { undoBookHotel: 5, undoBookFlight: 5 }),
  counters('testCompensateActivityRef', { undoBookHotel: 5, undoBookFlight: undefined }),
  ce('testCompensateSubprocessWithBoundaryEvent', async (t) => {
    const pi = await t.start('compensateProcess');
    eq(await t.taskIds(pi.id), ['undoSubprocess'], 'the compensation handler task');
  }),
  ce('testCompensateActivityInSubprocess', async (t) => {
    const pi = await t.start('compensateProcess');
    eq((await t.tasks(pi.id)).length, 1, 'the scope task');
    await t.completeAll(pi.id);
    ok(!(await t.taskIds(pi.id)).includes('undoScopeTask'), 'no compensation before it is thrown');
  }),
  ce('testCompensateActivityInConcurrentSubprocess', async (t) => {
    const pi = await t.start('compensateProcess');
    await t.complete('scopeTask', {}, pi.id);
    await t.complete('outerTask', {}, pi.id);
    ok(!(await t.taskIds(pi.id)).includes('undoScopeTask'), 'no compensation before it is thrown');
  }),
  ...(['testCompensateConcurrentMiActivity', 'testCompensateConcurrentMiSubprocess'] as const).map((m) => ce(m, async (t) => {
    const pi = await t.start('compensateProcess');
    await completeTasks(t, 'Book Hotel', 4);
    await completeTasks(t, 'Request Vacation', 1, { accept: false });
    eq((await t.taskNames(pi.id)).filter((n) => n === 'Cancel Hotel').length, 0, 'no compensation before the multi-instance activity completes');
    await completeTasks(t, 'Book Hotel', 1);
    if (m === 'testCompensateConcurrentMiActivity') await t.assertEnded(pi.id);
  })),
  ...(['testCompensateActivityRefMiActivity', 'testCompensateActivityRefMiSubprocess'] as const).map((m) => ce(m, async (t) => {
    const pi = await t.start('compensateProcess');
    await completeTasks(t, 'Book Hotel', 5);
    await completeTasks(t, 'Request Vacation', 1, { accept: false });
    eq((await t.tasks(pi.id)).length, 5, 'one compensation handler per instance');
    await completeTasks(t, 'Cancel Hotel', 5);
    await t.assertEnded(pi.id);
  })),
  { file: `${C}.testCallActivityCompensationHandler.bpmn20.xml`, javaTest: 'CompensateEventTest#testCallActivityCompensationHandler', async run(t) {
    withUndoServices(t);
    await t.deploy(`${C}.testCallActivityCompensationHandler.bpmn20.xml`, `${D}/CompensationHandler.bpmn20.xml`);
    const pi = await t.start('compensateProcess');
    eq(await handlerRuns(t, pi.id, 'undoBookHotel'), 5, 'the call activity handler ran five times');
  } },
  { file: `${D}/CompensationHandler.bpmn20.xml`, javaTest: 'CompensateEventTest#testCallActivityCompensationHandler', async run(t) {
    const [d] = await t.deploy(`${D}/CompensationHandler.bpmn20.xml`);
    ok(d !== undefined && d.processes.length > 0, 'the called handler process deploys');
  } },
  ...(['testCompensateMiSubprocessVariableSnapshots', 'testCompensateMiSubprocessWithCompensationEventSubprocessVariableSnapshots'] as const).map((m) => ce(m, async (t) => {
    // SetVariablesDelegate stores the next hotel as a local variable of each instance (execution.setVariableLocal);
    // GetVariablesDelegate (the compensation handler) must see that instance's value. A service handler here
    // cannot write a local variable, so the hotel is kept per instance under the instance's own local
    // loopCounter, which the handler sees only through its instance's snapshot.
    const hotels = ['Rupert', 'Vogsphere', 'Milliways', 'Taunton', 'Ysolldins'];
    const booked = new Map<unknown, string>();
    const seen: unknown[] = [];
    t.service(`${HELPER}.SetVariablesDelegate`, ({ variables }) => { booked.set(variables.loopCounter, hotels[booked.size]!); });
    t.service(`${HELPER}.GetVariablesDelegate`, ({ variables }) => { seen.push(booked.get(variables.loopCounter)); });
    await t.start('compensateProcess');
    ok(hotels.every((h) => seen.includes(h)), `every handler saw its own snapshot (saw ${JSON.stringify(seen)})`);
  })),
  ...([
    ['testCompensationTriggeredByEventSubProcessActivityRef', 'testCompensateActivityRefTriggeredByEventSubprocess', { undoBookHotel: 5, undoBookFlight: undefined }],
    ['testCompensationTriggeredByEventSubProcessInSubProcessActivityRef', 'testCompensateActivityRefTriggeredByEventSubprocessInSubProcess', { undoBookHotel: 5, undoBookFlight: undefined }],
    ['testCompensationInEventSubProcessActivityRef', 'testCompensateActivityRefInEventSubprocess', { undoBookSecondHotel: 5, undoBookFlight: undefined, undoBookHotel: undefined }],
    ['testCompensationInEventSubProcess', 'testCompensateInEventSubprocess', { undoBookSecondHotel: 5, undoBookFlight: 5, undoBookHotel: 5 }],
  ] as const).map(([file, javaTest, expected]) => ce(file, async (t) => {
    const pi = await t.start('compensateProcess');
    await t.assertEnded(pi.id);
    const v = await vars(t, pi.id);
    eq(Object.fromEntries(Object.keys(expected).map((k) => [k, v[k]])), expected, 'compensation handler counters');
  }, javaTest)),
  ce('testConcurrentExecutionsAndPendingCompensation', async (t) => {
    const pi = await t.start('process');
    await t.complete('innerTask', {}, pi.id);
    eq(await t.taskIds(pi.id), ['task1', 'task2'], 'open tasks');
    await t.complete('task1', {}, pi.id);
    await t.complete('task2', {}, pi.id);
    await t.assertEnded(pi.id);
  }),
  ce('testActivityInstanceTreeWithoutEventScope', async (t) => {
    const pi = await t.start('process');
    await t.completeAll(pi.id);
    eq(await t.active(pi.id), ['task'], 'active elements');
  }),
  ce('testCompensationEndEventWithScope', async (t) => {
    const pi = await t.start('compensateProcess');
    eq([await handlerRuns(t, pi.id, 'undoBookHotel'), await handlerRuns(t, pi.id, 'undoBookFlight')], [5, 5], 'handler runs');
    await t.assertEnded(pi.id);
  }),
  ce('testCompensationEndEventWithActivityRef', async (t) => {
    const pi = await t.start('compensateProcess');
    eq([await handlerRuns(t, pi.id, 'undoBookHotel'), await handlerRuns(t, pi.id, 'undoBookFlight')], [5, 0], 'handler runs');
    await t.assertEnded(pi.id);
  }),
  ce('activityWithCompensationEndEvent', async (t) => {
    const pi = await t.start('compensateProcess');
    eq(await t.active(pi.id), ['end', 'undoBookHotel'], 'the end event waits for its handler');
    await t.engine.terminate(pi.id);
    ok(await t.ended(pi.id), 'the instance is gone');
  }, 'testCancelProcessInstanceWithActiveCompensation'),
  ce('compensationMiActivity', async (t) => {
    const pi = await t.start('compensateProcess');
    eq((await t.tasks(pi.id)).filter((x) => x.elementId === 'undoBookHotel').length, 5, 'five handler tasks');
  }, 'testActivityInstanceTreeForMiActivity'),
  ce('compensationMiSubprocess', async (t) => {
    const pi = await t.start('compensateProcess');
    await completeTasks(t, 'Book Hotel', 5);
    await completeTasks(t, 'throwCompensation');
    eq((await t.tasks(pi.id)).filter((x) => x.elementId === 'undoBookHotel').length, 5, 'five handler tasks');
  }, 'testActivityInstanceTreeForMiSubprocess'),
  byNames('testCompensationEventSubProcess', [['Book Flight', 1], ['Book Hotel', 1], ['Validate Booking', 1, { valid: false }], 1, ['Cancel Flight', 1], 1, ['Cancel Hotel', 1], ['Update Customer Record', 1]], 'bookingProcess', 'testCompensationEventSubProcessWithScope'),
  byNames('testCompensationEventSubProcessWithActivityRef', [['Book Hotel', 1], ['Book Flight', 1], ['Validate Booking', 1, { valid: false }], 1, ['Cancel Hotel', 1]], 'bookingProcess'),
  byNames('testCompensateMiSubprocessWithCompensationEventSubProcess', [['Book Flight', 1], ['Book Hotel', 1], ['Book Flight', 1], ['Book Hotel', 1], ['Validate Booking', 1, { valid: false }], ['Cancel Flight', 2], ['Cancel Hotel', 2], ['Update Customer Record', 2]], 'bookingProcess', undefined, undefined, { flights: ['STS-14', 'STS-28'] }),
  byNames('testCompensateParallelMiSubprocessWithCompensationEventSubProcess', [['Book Flight', 2], ['Book Hotel', 2], ['Validate Booking', 1, { valid: false }], ['Cancel Flight', 2], ['Cancel Hotel', 2], ['Update Customer Record', 2]], 'bookingProcess', undefined, undefined, { flights: ['STS-14', 'STS-28'] }),
  byNames('testCompensationEventSubprocessWithoutBoundaryEvents', [['Book Hotel', 1], ['Book Flight', 1], ['throw compensation', 1], ['Cancel Flight', 'Cancel Hotel']]),
  byNames('testCompensationEventSubprocessReThrowCompensationEvent', [['Book Hotel', 1], ['Book Flight', 1], ['throw compensation', 1], ['Cancel Hotel', 1], ['Cancel Flight', 1]]),
  byNames('testCompensationEventSubprocessConsumeCompensationEvent', [['Book Hotel', 1], ['Book Flight', 1], ['throw compensation', 1], ['Cancel Hotel', 1]]),
  ce('testSubprocessCompensationHandler', async (t) => {
    const pi = await t.start('subProcessCompensationHandler');
    await t.completeAll(pi.id);
    eq(await t.taskIds(pi.id), ['subProcessTask'], 'the handler subprocess task');
    await t.completeAll(pi.id);
    eq(await t.taskIds(pi.id), ['beforeEnd'], 'after compensation');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
  ce('testConcurrentScopeCompensation', async (t) => {
    const pi = await t.start('concurrentScopeCompensation');
    await t.complete('beforeCompensationTask', {}, pi.id);
    const v = await vars(t, pi.id);
    eq([v.compensateScope1Task, v.compensateScope2Task], [1, 1], 'both scope handlers ran');
    await t.complete('concurrentTask', {}, pi.id);
    await t.assertEnded(pi.id);
  }),
];
