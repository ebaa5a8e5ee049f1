/**
 * multiinstance/: MultiInstanceTest cases whose multi-instance activity is a call activity (of
 * externalSubProcess: two parallel user tasks "task one", "task two"), nested or with a boundary timer or error.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const MI = 'multiinstance/MultiInstanceTest';
const EXTERNAL = `${MI}.externalSubProcess.bpmn20.xml`;
const THROWING = `${MI}.throwingErrorEventSubProcess.bpmn20.xml`;
const HOUR = 3_600_000;

async function completeTasks(t: CaseContext, n: number): Promise<void> {
  const tasks = await t.tasks();
  for (const x of tasks.slice(0, n)) await t.engine.completeUserTask(x.id, {});
}

/** Sequential: each round is one called instance with "task one" and "task two". */
function sequentialRounds(m: string, key: string, rounds: number): Camunda7Case {
  return {
    file: `${MI}.${m}.bpmn20.xml`, javaTest: `MultiInstanceTest#${m}`, resources: [EXTERNAL], async run(t) {
      await t.deploy(t.file, EXTERNAL);
      const pi = await t.start(key);
      for (let i = 0; i < rounds; i++) {
        eq(await t.taskNames(), ['task one', 'task two'], `round ${i}`);
        await t.completeAll();
      }
      await t.assertEnded(pi.id);
    },
  };
}

/** Parallel: every called instance opens its two tasks at once; completing them all ends the process. */
function parallelAll(m: string, key: string, tasks: number): Camunda7Case {
  return {
    file: `${MI}.${m}.bpmn20.xml`, javaTest: `MultiInstanceTest#${m}`, resources: [EXTERNAL], async run(t) {
      await t.deploy(t.file, EXTERNAL);
      const pi = await t.start(key);
      eq((await t.tasks()).length, tasks, 'open tasks');
      await t.completeAll();
      await t.assertEnded(pi.id);
      eq((await t.engine.listInstances({ processKey: 'externalSubProcess', status: 'COMPLETED' })).items.length, tasks / 2, 'called instances ended');
    },
  };
}

/** Some tasks done, then the boundary timer cancels the multi-instance call activity and its called instances. */
function timerCancels(m: string, key: string, open: number, complete: number, firstRoundFirst = false): Camunda7Case {
  return {
    file: `${MI}.${m}.bpmn20.xml`, javaTest: `MultiInstanceTest#${m}`, resources: [EXTERNAL], async run(t) {
      await t.deploy(t.file, EXTERNAL);
      const pi = await t.start(key);
      if (firstRoundFirst) {
        eq(await t.taskNames(), ['task one', 'task two'], 'first instance');
        await t.completeAll();
      }
      eq((await t.tasks()).length, open, 'open tasks');
      await completeTasks(t, complete);
      await t.advance(100 * HOUR);
      eq(await t.taskIds(), ['taskAfterTimer'], 'only the task after the timer');
      const children = (await t.engine.listInstances({ processKey: 'externalSubProcess' })).items;
      ok(children.every((c) => c.status !== 'RUNNING'), 'every called instance is gone');
      await t.completeAll();
      await t.assertEnded(pi.id);
    },
  };
}

export const cases: Camunda7Case[] = [
  sequentialRounds('testSequentialCallActivity', 'miSequentialCallActivity', 3),
  sequentialRounds('testNestedSequentialCallActivity', 'miNestedSequentialCallActivity', 4),
  parallelAll('testParallelCallActivity', 'miParallelCallActivity', 12),
  parallelAll('testNestedParallelCallActivity', 'miNestedParallelCallActivity', 14),
  timerCancels('testSequentialCallActivityWithTimer', 'miSequentialCallActivityWithTimer', 2, 0, true),
  timerCancels('testNestedSequentialCallActivityWithTimer', 'miNestedSequentialCallActivityWithTimer', 2, 1, true),
  timerCancels('testParallelCallActivityWithTimer', 'miParallelCallActivity', 6, 2),
  timerCancels('testNestedParallelCallActivityWithTimer', 'miNestedParallelCallActivityWithTimer', 4, 3),
  { file: `${MI}.testNestedParallelCallActivityCompletionCondition.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedParallelCallActivityCompletionCondition', resources: [EXTERNAL], async run(t) {
    await t.deploy(t.file, EXTERNAL);
    const pi = await t.start('miNestedParallelCallActivityCompletionCondition');
    eq((await t.tasks()).length, 8, 'four called instances, two tasks each');
    for (let i = 0; i < 2; i++) {
      const next = (await t.engine.listInstances({ processKey: 'externalSubProcess', status: 'RUNNING' })).items[0];
      ok(next, `a called instance still runs in round ${i}`);
      const tasks = await t.tasks(next!.id);
      eq(tasks.length, 2, 'its two tasks');
      for (const x of tasks) await t.engine.completeUserTask(x.id, {});
    }
    await t.assertEnded(pi.id);
    eq((await t.tasks()).length, 0, 'the completion condition cancelled the other two');
  } },
  { file: `${MI}.testSequentialCallActivityWithList.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialCallActivityWithList', async run(t) {
    await t.deploy();
    const pi = await t.start('parentProcess', { list: ['one', 'two'] });
    // taskQuery().processVariableValueEquals("element", …): the element variable passed into each called instance.
    const children = (await t.engine.listInstances({ processKey: 'childProcess' })).items;
    eq(children.map((c) => c.variables['element']).sort(), ['one', 'two'], 'element of each called instance');
    for (const c of children) {
      const [task] = await t.tasks(c.id);
      ok(task, `a task in the called instance for ${String(c.variables['element'])}`);
      await t.engine.completeUserTask(task!.id, { x: 'y' });
    }
    const mid = await t.engine.listUserTasks({ processKey: 'midProcess' });
    eq(mid.length, 1, 'task of midProcess');
    await t.engine.completeUserTask(mid[0]!.id, {});
    const parent = await t.engine.listUserTasks({ processKey: 'parentProcess' });
    eq(parent.length, 1, 'task of parentProcess');
    await t.engine.completeUserTask(parent[0]!.id, {});
    await t.assertEnded(pi.id);
  } },
  ...([
    ['callActivityWithBoundaryErrorEvent', 'testMultiInstanceCallActivityWithErrorBoundaryEvent', 2],
    ['callActivityWithBoundaryErrorEventSequential', 'testSequentialMultiInstanceCallActivityWithErrorBoundaryEvent', 1],
  ] as const).map(([f, m, first]): Camunda7Case => ({
    file: `${MI}.${f}.bpmn20.xml`, javaTest: `MultiInstanceTest#${m}`, resources: [THROWING], async run(t) {
      await t.deploy(t.file, THROWING);
      const pi = await t.start('process', { assignees: ['kermit', 'gonzo'] });
      const tasks = await t.tasks();
      eq(tasks.length, first, 'open inner tasks');
      // The called process ends with an error end event; the boundary on the call activity catches it.
      await t.engine.completeUserTask(tasks[0]!.id, { done: false });
      eq(await t.taskNames(), ['Handle Error'], 'the error cancelled every instance');
      await t.completeAll();
      await t.assertEnded(pi.id);
    },
  })),
];

