/**
 * event/timer/: BoundaryTimerEventTest, BoundaryTimerNonInterruptingEventTest, IntermediateTimerEventTest.
 * `managementService.executeJob(timer)` becomes: move the ManualClock past the timer's due time and run
 * what is due.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { cases as espCases } from './event-timer-esp.js';
import { cases as moreCases } from './event-timer-more.js';
import { cases as rootFileCases } from './root-files.js';

const B = 'event/timer/BoundaryTimerEventTest';
const N = 'event/timer/BoundaryTimerNonInterruptingEventTest';
const IT = 'event/timer/IntermediateTimerEventTest';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Fires the timers and completes every task, which must end the instance (the multiple-outgoing-flows tests). */
function twoTasksAfterTimer(file: string, javaTest: string, key: string): Camunda7Case {
  return { file, javaTest, async run(t) {
    await t.deploy();
    const pi = await t.start(key);
    await t.advance(DAY);
    eq((await t.tasks(pi.id)).length, 2, 'tasks after the timer');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } };
}

async function completeByKey(t: CaseContext, instanceId: string, key: string): Promise<void> {
  await t.complete(key, {}, instanceId);
}

export const cases: Camunda7Case[] = [
  ...espCases,
  ...moreCases,
  ...rootFileCases,
  { file: `${B}.testMultipleTimersOnUserTask.bpmn20.xml`, javaTest: 'BoundaryTimerEventTest#testMultipleTimersOnUserTask', async run(t) {
    await t.deploy();
    const pi = await t.start('multipleTimersOnUserTask');
    await t.advance(HOUR + 5000);
    eq(await t.taskNames(pi.id), ['Third Task']);
  } },
  { file: `${B}.testTimerOnNestingOfSubprocesses.bpmn20.xml`, javaTest: 'BoundaryTimerEventTest#testTimerOnNestingOfSubprocesses', async run(t) {
    await t.deploy();
    const pi = await t.start('timerOnNestedSubprocesses');
    eq(await t.taskNames(pi.id), ['Inner subprocess task 1', 'Inner subprocess task 2']);
    await t.advance(DAY);
    eq(await t.taskNames(pi.id), ['task outside subprocess']);
  } },
  { file: `${B}.testExpressionOnTimer.bpmn20.xml`, javaTest: 'BoundaryTimerEventTest#testExpressionOnTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('testExpressionOnTimer', { duration: 'PT1H' });
    await t.advance(HOUR - 1000);
    ok((await t.instance(pi.id)).status === 'RUNNING', 'timer not fired before PT1H');
    await t.advance(6000);
    await t.assertEnded(pi.id);
  } },
  { file: `${B}.testTimerInSingleTransactionProcess.bpmn20.xml`, javaTest: 'BoundaryTimerEventTest#testTimerInSingleTransactionProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('timerOnSubprocesses');
    await t.assertEnded(pi.id);
    eq(await t.advance(DAY).then(() => t.runJobs()), 0, 'no timer left');
  } },
  { file: `${B}.testRepeatingTimerWithCancelActivity.bpmn20.xml`, javaTest: 'BoundaryTimerEventTest#testRepeatingTimerWithCancelActivity', async run(t) {
    await t.deploy();
    const pi = await t.start('repeatingTimerAndCallActivity');
    eq((await t.tasks(pi.id)).length, 1, 'one task');
    await t.advance(DAY);
    eq((await t.tasks(pi.id)).length, 1, 'task re-created after the timer');
    ok((await t.instance(pi.id)).status === 'RUNNING', 'instance waits again');
  } },
  twoTasksAfterTimer(`${B}.testMultipleOutgoingSequenceFlows.bpmn20.xml`, 'BoundaryTimerEventTest#testMultipleOutgoingSequenceFlows', 'interruptingTimer'),
  twoTasksAfterTimer(`${B}.testMultipleOutgoingSequenceFlowsOnSubprocess.bpmn20.xml`, 'BoundaryTimerEventTest#testMultipleOutgoingSequenceFlowsOnSubprocess', 'interruptingTimer'),
  twoTasksAfterTimer(`${B}.testMultipleOutgoingSequenceFlowsOnSubprocessMi.bpmn20.xml`, 'BoundaryTimerEventTest#testMultipleOutgoingSequenceFlowsOnSubprocessMi', 'interruptingTimer'),
  { file: `${B}.testInterruptingTimerDuration.bpmn20.xml`, javaTest: 'BoundaryTimerEventTest#testInterruptingTimerDuration', async run(t) {
    await t.deploy();
    const pi = await t.start('escalationExample');
    eq(await t.taskNames(pi.id), ['First line support']);
    await t.advance(DAY);
    eq(await t.taskNames(pi.id), ['Handle escalated issue']);
  } },

  { file: `${N}.testMultipleTimersOnUserTask.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testMultipleTimersOnUserTask', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingTimersOnUserTask');
    eq(await t.taskNames(pi.id), ['First Task']);
    await t.advance(HOUR + 5000);
    eq(await t.taskNames(pi.id), ['Escalation Task 1', 'First Task']);
    await t.complete('Escalation Task 1');
    eq(await t.taskNames(pi.id), ['First Task']);
    await t.advance(HOUR);
    eq(await t.taskNames(pi.id), ['Escalation Task 2', 'First Task']);
    await t.complete('First Task');
    eq(await t.taskNames(pi.id), ['Escalation Task 2']);
    await t.complete('Escalation Task 2');
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerOnMiUserTask.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnMiUserTask', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingTimersOnUserTask');
    eq(await t.taskNames(pi.id), Array(5).fill('First Task'));
    await t.advance(DAY);
    const names = await t.taskNames(pi.id);
    eq(names, ['Escalation Task 1', ...Array(5).fill('First Task')]);
    await t.complete('Escalation Task 1');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testJoin.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testJoin', async run(t) {
    await t.deploy();
    const pi = await t.start('testJoin');
    eq(await t.taskNames(pi.id), ['Main Task']);
    await t.advance(HOUR + 5000);
    eq((await t.tasks(pi.id)).length, 2, 'both tasks');
    await t.complete('Main Task');
    eq(await t.taskNames(pi.id), ['Escalation Task']);
    await t.complete('Escalation Task');
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerOnConcurrentMiTasks.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnConcurrentMiTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('timerOnConcurrentMiTasks');
    eq(await t.taskNames(pi.id), [...Array(5).fill('First Task'), 'Second Task']);
    await t.advance(DAY);
    eq((await t.tasks(pi.id)).length, 7, 'seven tasks');
    await t.complete('Escalation Task 1');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerOnConcurrentTasks.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnConcurrentTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingOnConcurrentTasks');
    eq((await t.tasks(pi.id)).length, 2, 'two tasks');
    await t.advance(DAY);
    eq((await t.tasks(pi.id)).length, 3, 'three tasks');
    await completeByKey(t, pi.id, 'timerFiredTask');
    eq((await t.tasks(pi.id)).length, 2, 'two tasks left');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerOnConcurrentTasks.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnConcurrentTasks2', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingOnConcurrentTasks');
    await t.advance(DAY);
    eq((await t.tasks(pi.id)).length, 3, 'three tasks');
    await completeByKey(t, pi.id, 'firstTask');
    await completeByKey(t, pi.id, 'secondTask');
    eq(await t.taskIds(pi.id), ['timerFiredTask']);
    await completeByKey(t, pi.id, 'timerFiredTask');
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerWithCycle.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerWithCycle', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingCycle');
    const fired = async () => (await t.tasks(pi.id)).filter((x) => x.elementId === 'timerFiredTask').length;
    eq(await fired(), 0, 'before the first hour');
    await t.advance(HOUR + 5000);
    eq(await fired(), 1, 'after one hour');
    await t.advance(HOUR + 5000);
    eq(await fired(), 2, 'after two hours');
    await completeByKey(t, pi.id, 'task');
    await t.advance(HOUR + 5000);
    eq(await fired(), 2, 'the cycle stops with its task');
  } },
  { file: `${N}.testTimerOnEmbeddedSubprocess.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnEmbeddedSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingTimerOnEmbeddedSubprocess');
    eq((await t.engine.listUserTasks({ assignee: 'kermit' })).length, 1, 'one kermit task');
    await t.advance(DAY);
    const tasks = await t.engine.listUserTasks({ assignee: 'kermit' });
    eq(tasks.length, 2, 'two kermit tasks');
    for (const x of tasks) await t.engine.completeUserTask(x.id, {});
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerOnConcurrentSubprocess.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnConcurrentSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('testTimerOnConcurrentSubprocess');
    eq((await t.tasks(pi.id)).length, 4, 'four tasks');
    await t.advance(DAY);
    eq((await t.tasks(pi.id)).length, 5, 'five tasks');
    for (const k of ['sub1task1', 'sub1task2', 'sub2task1', 'sub2task2']) await completeByKey(t, pi.id, k);
    eq(await t.taskIds(pi.id), ['timerFiredTask']);
    await completeByKey(t, pi.id, 'timerFiredTask');
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testTimerOnConcurrentSubprocess.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testTimerOnConcurrentSubprocess2', async run(t) {
    await t.deploy();
    const pi = await t.start('testTimerOnConcurrentSubprocess');
    await t.advance(DAY);
    for (const k of ['sub1task1', 'sub1task2', 'timerFiredTask', 'sub2task1', 'sub2task2']) await completeByKey(t, pi.id, k);
    eq((await t.tasks(pi.id)).length, 0, 'no tasks');
    await t.assertEnded(pi.id);
  } },
  ...(['testMultipleOutgoingSequenceFlows', 'testMultipleOutgoingSequenceFlowsOnSubprocess', 'testMultipleOutgoingSequenceFlowsOnSubprocessMi'] as const).map((m): Camunda7Case => ({
    file: `${N}.${m}.bpmn20.xml`, javaTest: `BoundaryTimerNonInterruptingEventTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('nonInterruptingTimer');
      const before = (await t.tasks(pi.id)).length;
      await t.advance(DAY);
      // Non-interrupting: the activity stays, both outgoing flows of the boundary event are taken.
      eq((await t.taskIds(pi.id)).filter((x) => x.startsWith('timerFiredTask')).length, 2, 'tasks behind the timer');
      eq((await t.tasks(pi.id)).length, before + 2, 'all tasks');
      await t.completeAll(pi.id);
      await t.assertEnded(pi.id);
    },
  })),

  { file: `${IT}.testCatchingTimerEvent.bpmn20.xml`, javaTest: 'IntermediateTimerEventTest#testCatchingTimerEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('intermediateTimerEventExample');
    ok((await t.instance(pi.id)).status === 'RUNNING', 'waits at the timer');
    await t.advance(50 * 60_000 + 5000);
    await t.assertEnded(pi.id);
  } },
  { file: `${IT}.testExpression.bpmn20.xml`, javaTest: 'IntermediateTimerEventTest#testExpression', async run(t) {
    await t.deploy();
    const now = t.clock.now();
    const a = await t.start('intermediateTimerEventExample', { dueDate: now });
    const b = await t.start('intermediateTimerEventExample', { dueDate: now.toISOString().slice(0, 19) });
    await t.advance(1000);
    await t.assertEnded(a.id);
    await t.assertEnded(b.id);
  } },
];
