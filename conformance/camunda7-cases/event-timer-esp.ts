/**
 * event/timer/StartTimerEventTest: timer start events of event subprocesses (in the process, in subprocesses,
 * in multi-instance subprocesses, next to boundary timers, in a called process). Execution counts of the Java
 * test are Camunda's execution tree; the cases check tasks, timers, the DummyServiceTask runs and whether the
 * instance still runs.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { dummyService, fireEarliest, openTasks, state, timers } from './event-timer-support.js';

const S = 'event/timer/StartTimerEventTest';

function esp(m: string, run: (t: CaseContext, dummy: { runs: number }) => Promise<void>, file = m): Camunda7Case {
  return { file: `${S}.${file}.bpmn20.xml`, javaTest: `StartTimerEventTest#${m}`, async run(t) {
    const dummy = dummyService(t);
    await t.deploy(`${S}.${file}.bpmn20.xml`);
    await run(t, dummy);
  } };
}

/** One timer start event of an event subprocess: interrupting ends the instance, non-interrupting keeps the task. */
const single = (m: string, key: string, interrupting: boolean) => esp(m, async (t, dummy) => {
  const pi = await t.start(key);
  await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'after the start');
  await fireEarliest(t);
  eq(dummy.runs, 1, 'the event subprocess ran its service task');
  await state(t, pi.id, { tasks: interrupting ? 0 : 1, timers: 0, running: !interrupting }, 'after the timer');
});

/** Two event subprocesses (PT1M, PT1H): the first interrupting one ends everything, its sibling's timer too. */
async function twoInterrupting(t: CaseContext, dummy: { runs: number }, instanceId: string): Promise<void> {
  eq((await timers(t)).length, 2, 'two timer jobs');
  await fireEarliest(t);
  eq(dummy.runs, 1, 'the first event subprocess ran');
  await state(t, instanceId, { tasks: 0, timers: 0, running: false }, 'after the first timer');
}

async function twoNonInterrupting(t: CaseContext, dummy: { runs: number }, instanceId: string): Promise<void> {
  eq((await timers(t)).length, 2, 'two timer jobs');
  await fireEarliest(t);
  eq(dummy.runs, 1, 'the first event subprocess ran');
  await state(t, instanceId, { tasks: 1, timers: 1, running: true }, 'after the first timer');
  await fireEarliest(t);
  eq(dummy.runs, 2, 'the second event subprocess ran');
  await state(t, instanceId, { tasks: 1, timers: 0, running: true }, 'after the second timer');
}

export const cases: Camunda7Case[] = [
  single('testStartTimerEventInEventSubProcess', 'startTimerEventInEventSubProcess', true),
  single('testNonInterruptingStartTimerEventInEventSubProcess', 'nonInterruptingStartTimerEventInEventSubProcess', false),
  single('testStartTimerEventSubProcessInSubProcess', 'startTimerEventSubProcessInSubProcess', true),
  single('testNonInterruptingStartTimerEventSubProcessInSubProcess', 'nonInterruptingStartTimerEventSubProcessInSubProcess', false),
  esp('testStartTimerEventWithTwoEventSubProcesses', async (t, dummy) => {
    const pi = await t.start('startTimerEventWithTwoEventSubProcesses');
    eq((await t.tasks(pi.id)).length, 1, 'one task');
    await twoInterrupting(t, dummy, pi.id);
  }),
  esp('testNonInterruptingStartTimerEventWithTwoEventSubProcesses', async (t, dummy) => {
    const pi = await t.start('nonInterruptingStartTimerEventWithTwoEventSubProcesses');
    await twoNonInterrupting(t, dummy, pi.id);
  }),
  { file: 'event/timer/simpleProcessWithCallActivity.bpmn20.xml', javaTest: 'StartTimerEventTest#testStartTimerEventSubProcessCalledFromCallActivity', async run(t) {
    const dummy = dummyService(t);
    await t.deploy('event/timer/simpleProcessWithCallActivity.bpmn20.xml', `${S}.testStartTimerEventWithTwoEventSubProcesses.bpmn20.xml`);
    const pi = await t.start('simpleCallActivityProcess', { calledProcess: 'startTimerEventWithTwoEventSubProcesses' });
    eq((await t.tasks()).length, 1, 'the called process waits at its task');
    await twoInterrupting(t, dummy, pi.id);
  } },
  { file: `${S}.testNonInterruptingStartTimerEventWithTwoEventSubProcesses.bpmn20.xml`, javaTest: 'StartTimerEventTest#testNonInterruptingStartTimerEventSubProcessesCalledFromCallActivity', async run(t) {
    // the Java test deploys the calling process too, but starts the called one by its key
    const dummy = dummyService(t);
    await t.deploy('event/timer/simpleProcessWithCallActivity.bpmn20.xml', `${S}.testNonInterruptingStartTimerEventWithTwoEventSubProcesses.bpmn20.xml`);
    const pi = await t.start('nonInterruptingStartTimerEventWithTwoEventSubProcesses');
    await twoNonInterrupting(t, dummy, pi.id);
  } },
  esp('testStartTimerEventSubProcessWithUserTask', async (t) => {
    const pi = await t.start('startTimerEventSubProcessWithUserTask');
    eq((await timers(t)).length, 2, 'two timer jobs');
    await fireEarliest(t);
    eq(await t.taskIds(pi.id), ['subprocessUserTask'], 'the event subprocess task');
    await state(t, pi.id, { tasks: 1, timers: 0, running: true }, 'the event subprocess runs');
  }),
  esp('testStartTimerEventSubProcessInMultiInstanceSubProcess', async (t, dummy) => {
    const pi = await t.start('startTimerEventSubProcessInMultiInstanceSubProcess');
    await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'first instance');
    const first = await fireEarliest(t);
    eq(dummy.runs, 1, 'the event subprocess of the first instance ran');
    await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'second instance');
    ok((await timers(t))[0]!.dueAt !== first.dueAt, 'the second instance has a timer of its own');
    await fireEarliest(t);
    eq(dummy.runs, 2, 'the event subprocess of the second instance ran');
    await state(t, pi.id, { tasks: 0, timers: 0, running: false }, 'after both instances');
  }),
  esp('testNonInterruptingStartTimerEventInMultiInstanceEventSubProcess', async (t, dummy) => {
    const pi = await t.start('nonInterruptingStartTimerEventInMultiInstanceEventSubProcess');
    await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'first instance');
    await fireEarliest(t);
    eq(dummy.runs, 1, 'the event subprocess of the first instance ran');
    eq((await t.tasks()).length, 1, 'the first instance still waits');
    await t.completeAll(pi.id);
    await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'second instance');
    await fireEarliest(t);
    eq(dummy.runs, 2, 'the event subprocess of the second instance ran');
    await state(t, pi.id, { tasks: 1, timers: 0, running: true }, 'the second instance still waits');
  }),
  esp('testStartTimerEventSubProcessInParallelMultiInstanceSubProcess', async (t, dummy) => {
    const pi = await t.start('startTimerEventSubProcessInParallelMultiInstanceSubProcess');
    await state(t, pi.id, { tasks: 2, timers: 2, running: true }, 'two parallel instances');
    await fireEarliest(t); // both timers are due at the same time
    eq(dummy.runs, 2, 'both event subprocesses ran');
    await state(t, pi.id, { tasks: 0, timers: 0, running: false }, 'after the timers');
  }),
  esp('testNonInterruptingStartTimerEventSubProcessWithParallelMultiInstance', async (t, dummy) => {
    const pi = await t.start('nonInterruptingParallelMultiInstance');
    await state(t, pi.id, { tasks: 2, timers: 2, running: true }, 'two parallel instances');
    await fireEarliest(t);
    eq(dummy.runs, 2, 'both event subprocesses ran');
    await state(t, pi.id, { tasks: 2, timers: 0, running: true }, 'after the timers');
  }),
  // The boundary timer (PT10S) is due before the event subprocess timers (PT1M); the Java tests execute the
  // later job first. In due order:
  esp('testStartTimerEventSubProcessInMultiInstanceSubProcessWithNonInterruptingBoundaryTimerEvent', async (t, dummy) => {
    const pi = await t.start('process');
    await state(t, pi.id, { tasks: 1, timers: 2, running: true }, 'a start timer and a boundary timer');
    eq((await fireEarliest(t)).elementId, 'timerBoundary', 'the boundary timer is due first');
    await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'the non-interrupting boundary left the instance running');
    await fireEarliest(t);
    eq(dummy.runs, 1, 'the event subprocess ran');
    await state(t, pi.id, { tasks: 1, timers: 1, running: true }, 'the second instance with its own start timer');
  }),
  ...(['testStartTimerEventSubProcessInMultiInstanceSubProcessWithInterruptingBoundaryTimerEvent', 'testNonInterruptingStartTimerEventSubProcessInMultiInstanceSubProcessWithInterruptingBoundaryTimerEvent',
    'testStartTimerEventSubProcessInParallelMultiInstanceSubProcessWithInterruptingBoundaryTimerEvent'] as const).map((m) => esp(m, async (t, dummy) => {
    const pi = await t.start('process');
    const parallel = m.includes('Parallel');
    await state(t, pi.id, { tasks: parallel ? 2 : 1, timers: parallel ? 3 : 2, running: true }, 'start timers and a boundary timer');
    eq((await fireEarliest(t)).elementId, 'timerBoundary', 'the boundary timer is due first');
    eq(dummy.runs, 0, 'no event subprocess ran');
    await state(t, pi.id, { tasks: 0, timers: 0, running: false }, 'the interrupting boundary cancelled every instance');
  })),
  esp('testStartTimerEventSubProcessInParallelMultiInstanceSubProcessWithNonInterruptingBoundaryTimerEvent', async (t, dummy) => {
    const pi = await t.start('process');
    await state(t, pi.id, { tasks: 2, timers: 3, running: true }, 'two start timers and a boundary timer');
    eq((await fireEarliest(t)).elementId, 'timerBoundary', 'the boundary timer is due first');
    await state(t, pi.id, { tasks: 2, timers: 2, running: true }, 'the non-interrupting boundary left both instances');
    await fireEarliest(t);
    eq(dummy.runs, 2, 'both event subprocesses ran');
    await state(t, pi.id, { tasks: 0, timers: 0, running: false }, 'both instances interrupted, the body completed');
  }),
  esp('testNonInterruptingStartTimerEventSubProcessInParallelMiSubProcessWithInterruptingBoundaryTimerEvent', async (t, dummy) => {
    const pi = await t.start('process');
    await state(t, pi.id, { tasks: 2, timers: 3, running: true }, 'two start timers and a boundary timer');
    eq((await fireEarliest(t)).elementId, 'timerBoundary', 'the boundary timer is due first');
    eq(dummy.runs, 0, 'no event subprocess ran');
    await state(t, pi.id, { tasks: 0, timers: 0, running: false }, 'the interrupting boundary cancelled every instance');
    // start again: completing both tasks removes the boundary and start timers
    const again = await t.start('process');
    await state(t, again.id, { tasks: 2, timers: 3, running: true }, 'second instance');
    await t.completeAll(again.id);
    await state(t, again.id, { tasks: 0, timers: 0, running: false }, 'after completing both tasks');
  }),
  esp('testNonInterruptingTimeCycleInEventSubProcess', async (t) => {
    const pi = await t.start('process');
    const [before] = await timers(t);
    eq((await timers(t)).length, 1, 'one timer job');
    await fireEarliest(t);
    const after = await timers(t);
    eq(after.length, 1, 'the cycle scheduled its next run');
    ok(after[0]!.dueAt > before!.dueAt, 'the next run is later');
    eq(await openTasks(t), ['userTask', 'userTask2'], 'the event subprocess task beside the process task');
    ok((await t.instance(pi.id)).status === 'RUNNING', 'the instance runs on');
  }),
  esp('shouldEvaluateExpressionStartTimerEventInEventSubprocess', async (t) => {
    // startBeforeActivity("processUserTask") is Java process-instance modification; a normal start reaches it too
    const pi = await t.start('shouldEvaluateExpressionStartTimerEventInEventSubprocess', { duration: 'PT5M' });
    eq(await t.taskIds(pi.id), ['processUserTask'], 'the instance was started');
    eq((await timers(t)).map((x) => x.dueAt), [new Date(t.clock.now().getTime() + 5 * 60_000).toISOString()], 'the start timer evaluated ${duration}');
  }),
];
