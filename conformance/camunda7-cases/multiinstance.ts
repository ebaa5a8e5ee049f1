/** multiinstance/: MultiInstanceTest (user tasks, script tasks, subprocesses, timers, completion conditions). */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { subscriptionNames } from './event-case-helpers.js';

const MI = 'multiinstance/MultiInstanceTest';
const DAY = 86_400_000;
const seqFile = `${MI}.sequentialUserTasks.bpmn20.xml`;

async function completeAssigned(t: CaseContext, assignee: string, n: number): Promise<void> {
  const tasks = await t.engine.listUserTasks({ assignee });
  for (const x of tasks.slice(0, n)) await t.engine.completeUserTask(x.id, {});
}

export const cases: Camunda7Case[] = [
  { file: seqFile, javaTest: 'MultiInstanceTest#testSequentialUserTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialUserTasks', { nrOfLoops: 3 });
    for (let i = 0; i < 3; i++) {
      const tasks = await t.tasks(pi.id);
      eq(tasks.map((x) => [x.name, x.assignee]), [['My Task', `kermit_${i}`]], `round ${i}`);
      await t.engine.completeUserTask(tasks[0]!.id, {});
    }
    await t.assertEnded(pi.id);
  } },
  { file: seqFile, javaTest: 'MultiInstanceTest#testSequentialUserTasksWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialUserTasks', { nrOfLoops: 3 });
    await t.completeAll(pi.id);
    await t.advance(DAY);
    eq(await t.taskIds(pi.id), ['taskAfterTimer']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: seqFile, javaTest: 'MultiInstanceTest#testSequentialUserTasksCompletionCondition', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialUserTasks', { nrOfLoops: 10 });
    for (let i = 0; i < 5; i++) await t.completeAll(pi.id);
    eq((await t.tasks(pi.id)).length, 0, 'completion condition stops at 5');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testNestedSequentialUserTasks.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedSequentialUserTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedSequentialUserTasks');
    for (let i = 0; i < 3; i++) {
      const tasks = await t.engine.listUserTasks({ assignee: 'kermit' });
      eq(tasks.map((x) => x.name), ['My Task'], `round ${i}`);
      await t.engine.completeUserTask(tasks[0]!.id, {});
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelUserTasks.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelUserTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelUserTasks');
    eq(await t.taskNames(pi.id), ['My Task 0', 'My Task 1', 'My Task 2']);
    for (const n of [2, 1, 0]) {
      await t.engine.completeUserTask((await t.tasks(pi.id))[0]!.id, {});
      eq((await t.tasks(pi.id)).length, n, 'open instances');
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelReceiveTasks.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelReceiveTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelReceiveTasks');
    eq(await subscriptionNames(t, pi.id), ['message', 'message', 'message'], 'three message subscriptions');
    await t.engine.correlateMessage('message');
    eq(await subscriptionNames(t, pi.id), ['message', 'message'], 'one removed per received message');
    for (let i = 0; i < 2; i++) await t.engine.correlateMessage('message');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelUserTasksWithTimer.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelUserTasksWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelUserTasksWithTimer');
    await t.engine.completeUserTask((await t.tasks(pi.id))[0]!.id, {});
    await t.advance(DAY);
    eq(await t.taskIds(pi.id), ['taskAfterTimer']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelUserTasksCompletionCondition.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelUserTasksCompletionCondition', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelUserTasksCompletionCondition');
    const tasks = await t.tasks(pi.id);
    eq(tasks.length, 5, 'five tasks');
    for (let i = 0; i < 3; i++) {
      eq((await t.tasks(pi.id)).length, 5 - i, `open before completing ${i + 1}`);
      await t.engine.completeUserTask(tasks[i]!.id, {});
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelUserTasksBasedOnCollection.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelUserTasksBasedOnCollection', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelUserTasksBasedOnCollection', { assigneeList: ['kermit', 'gonzo', 'mispiggy', 'fozzie', 'bubba'] });
    const tasks = [...(await t.tasks(pi.id))].sort((a, b) => (a.assignee ?? '').localeCompare(b.assignee ?? ''));
    eq(tasks.map((x) => x.assignee), ['bubba', 'fozzie', 'gonzo', 'kermit', 'mispiggy']);
    for (const x of tasks.slice(0, 3)) await t.engine.completeUserTask(x.id, {});
    eq((await t.tasks(pi.id)).length, 0, 'completion condition after three');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelUserTasksBasedOnCollection.bpmn20.xml`, javaTest: 'MultiInstanceTest#testEmptyCollectionInMI', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelUserTasksBasedOnCollection', { assigneeList: [] });
    eq((await t.tasks(pi.id)).length, 0, 'no tasks');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelUserTasksCustomExtensions.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelUserTasksCustomExtensions', async run(t) {
    await t.deploy();
    const list = ['kermit', 'gonzo', 'fozzie'];
    const pi = await t.start('miSequentialUserTasks', { assigneeList: list });
    for (const a of list) {
      const tasks = await t.tasks(pi.id);
      eq(tasks.map((x) => x.assignee), [a], 'assignee in order');
      await t.engine.completeUserTask(tasks[0]!.id, {});
    }
  } },
  { file: `${MI}.testNestedParallelUserTasks.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedParallelUserTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedParallelUserTasks');
    const tasks = await t.engine.listUserTasks({ assignee: 'kermit' });
    for (const x of tasks) {
      eq(x.name, 'My Task');
      await t.engine.completeUserTask(x.id, {});
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testSequentialSubProcess.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialSubprocess');
    for (let i = 0; i < 4; i++) {
      eq(await t.taskNames(pi.id), ['task one', 'task two'], `round ${i}`);
      await t.completeAll(pi.id);
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testSequentialSubProcessEndEvent.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialSubProcessEndEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialSubprocess');
    for (let i = 0; i < 4; i++) {
      eq(await t.taskNames(pi.id), ['task one'], `round ${i}`);
      await t.completeAll(pi.id);
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testSequentialSubProcessWithTimer.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialSubProcessWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialSubprocessWithTimer');
    eq((await t.tasks(pi.id)).length, 2, 'two tasks');
    await t.completeAll(pi.id);
    eq((await t.tasks(pi.id)).length, 2, 'next instance');
    await t.advance(DAY);
    eq(await t.taskIds(pi.id), ['taskAfterTimer']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testSequentialSubProcessCompletionCondition.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialSubProcessCompletionCondition', async run(t) {
    await t.deploy();
    const pi = await t.start('miSequentialSubprocessCompletionCondition');
    for (let i = 0; i < 3; i++) {
      eq(await t.taskNames(pi.id), ['task one', 'task two'], `round ${i}`);
      await t.completeAll(pi.id);
    }
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testNestedSequentialSubProcess.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedSequentialSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedSequentialSubProcess');
    for (let i = 0; i < 3; i++) await completeAssigned(t, 'kermit', 2);
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testNestedSequentialSubProcessWithTimer.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedSequentialSubProcessWithTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedSequentialSubProcessWithTimer');
    for (let i = 0; i < 2; i++) await completeAssigned(t, 'kermit', 2);
    await completeAssigned(t, 'kermit', 1);
    await t.advance(DAY);
    eq(await t.taskIds(pi.id), ['taskAfterTimer']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testParallelSubProcess.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelSubprocess');
    eq((await t.tasks(pi.id)).length, 4, 'four tasks');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
];
