/**
 * multiinstance/: MultiInstanceTest cases on listeners, Java delegates, nested and automatic subprocesses.
 * Java listeners and delegates become handlers registered under their class name (a listener handler sees
 * its event in `headers.event`); ThrowErrorDelegate's `execute` becomes a handler throwing the BpmnError
 * (or, for MyBusinessException, the error whose code is that class name, as Camunda maps it).
 */
import { BpmnError } from '../../src/index.js';
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const MI = 'multiinstance/MultiInstanceTest';
const PKG = 'org.camunda.bpm.engine.test.bpmn.multiinstance';

/** RecordInvocationListener: invocations counted per event name. */
function recordInvocations(t: CaseContext): Record<string, number> {
  const seen: Record<string, number> = {};
  t.service(`${PKG}.RecordInvocationListener`, ({ headers }) => {
    const event = headers['event'] ?? '?';
    seen[event] = (seen[event] ?? 0) + 1;
  });
  return seen;
}

/** ThrowErrorDelegate.execute: records `executed`, then throws per the `type` variable. */
function throwErrorDelegate(t: CaseContext, type: string): void {
  t.service(type, ({ variables }) => {
    const vars = { executed: true };
    if (variables['type'] === 'error') throw new BpmnError('MyError', 'MyError', vars);
    if (variables['type'] === 'exception') throw new BpmnError('org.camunda.bpm.engine.test.bpmn.event.error.MyBusinessException', 'MyException', vars);
    return vars;
  });
}

/** The user tasks of each inner instance of a multi-instance subprocess (by the scope their token runs in). */
async function tasksPerInstance(t: CaseContext, instanceId: string): Promise<string[][]> {
  const snap = await t.engine.exportSnapshot(instanceId);
  const byScope = new Map<string, string[]>();
  for (const task of snap.userTasks) {
    const scope = snap.tokens.find((x) => x.id === task.tokenId)?.scopeId ?? '';
    byScope.set(scope, [...(byScope.get(scope) ?? []), task.id]);
  }
  return [...byScope.values()];
}

export const cases: Camunda7Case[] = [
  { file: `${MI}.testSequentialMITasksExecutionListener.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialMITasksExecutionListener', async run(t) {
    const seen = recordInvocations(t);
    await t.deploy();
    const pi = await t.start('miSequentialListener', { nrOfLoops: 2 });
    eq(seen, { start: 1 }, 'after the start');
    await t.complete('My Task', {}, pi.id);
    eq(seen, { start: 2, end: 1 }, 'after the first instance');
    await t.complete('My Task', {}, pi.id);
    eq(seen, { start: 2, end: 2 }, 'after the second instance');
  } },
  { file: `${MI}.testParallelMITasksExecutionListener.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelMITasksExecutionListener', async run(t) {
    const seen = recordInvocations(t);
    await t.deploy();
    const pi = await t.start('miSequentialListener', { nrOfLoops: 5 });
    eq(seen, { start: 5 }, 'after the start');
    const tasks = await t.tasks(pi.id);
    await t.engine.completeUserTask(tasks[0]!.id, {});
    eq(seen, { start: 5, end: 1 }, 'after one instance');
    for (const x of tasks.slice(1)) await t.engine.completeUserTask(x.id, {});
    eq(seen, { start: 5, end: 5 }, 'after all instances');
  } },
  { file: `${MI}.testParallelUserTasksExecutionAndTaskListeners.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelUserTasksExecutionAndTaskListeners', async run(t) {
    const counter = (name: string) => ({ variables }: { variables: Readonly<Record<string, unknown>> }) => ({ [name]: ((variables[name] as number | undefined) ?? 0) + 1 });
    t.service(`${PKG}.TaskCompletionListener`, counter('taskListenerCounter'));
    t.service(`${PKG}.ActivityStartListener`, counter('executionListenerCounter'));
    await t.deploy();
    const pi = await t.start('miParallelUserTasks');
    await t.completeAll(pi.id);
    const i = await t.instance(pi.id);
    eq(i.activeElementIds, ['waitState'], 'waits after the tasks');
    eq([i.variables['taskListenerCounter'], i.variables['executionListenerCounter']], [3, 3], 'task and execution listener counters');
  } },
  { file: `${MI}.testSequentialServiceTaskWithClass.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialServiceTaskWithClass', async run(t) {
    t.service(`${PKG}.MultiInstanceDelegate`, ({ variables }) => ({ result: (variables['result'] as number) * ((variables['item'] as number | undefined) ?? 2) }));
    await t.deploy();
    const pi = await t.start('multiInstanceServiceTask', { result: 5 });
    eq((await t.instance(pi.id)).variables['result'], 160, 'result doubled five times');
    await t.engine.trigger(pi.id, 'wait');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testSequentialServiceTaskWithClassAndCollection.bpmn20.xml`, javaTest: 'MultiInstanceTest#testSequentialServiceTaskWithClassAndCollection', async run(t) {
    t.service(`${PKG}.MultiInstanceDelegate`, ({ variables }) => ({ result: (variables['result'] as number) * ((variables['item'] as number | undefined) ?? 2) }));
    await t.deploy();
    const pi = await t.start('multiInstanceServiceTask', { result: 1, items: [1, 2, 3, 4, 5, 6] });
    eq((await t.instance(pi.id)).variables['result'], 720, 'result multiplied by every item');
    await t.engine.trigger(pi.id, 'wait');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testAct901.bpmn20.xml`, javaTest: 'MultiInstanceTest#testAct901', async run(t) {
    await t.deploy();
    const pi = await t.start('multiInstanceSubProcess');
    eq((await t.tasks(pi.id)).length, 5, 'one task per subprocess instance');
    eq((await t.engine.exportSnapshot(pi.id)).timers.length, 5, 'one boundary timer per instance');
    await t.advance(61_000);
    eq((await t.tasks(pi.id)).length, 0, 'every task cancelled by its timer');
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testNestedMultiInstanceTasks.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedMultiInstanceTasks', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedMultiInstanceTasks', { subProcesses: ['process A', 'process B'], assignees: ['kermit', 'gonzo'] });
    eq((await t.tasks(pi.id)).length, 4, 'two tasks in each of two subprocesses');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${MI}.testNestedMultiInstanceTasks.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedMultiInstanceTasksActivityInstance', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedMultiInstanceTasks', { subProcesses: ['process A', 'process B'], assignees: ['kermit', 'gonzo'] });
    const snap = await t.engine.exportSnapshot(pi.id);
    const scope = (id: string | undefined) => snap.scopes.find((s) => s.id === id);
    // Two subprocess1 instances under one multi-instance body; each holds a miTasks body with two instances.
    const taskTokens = snap.tokens.filter((x) => x.elementId === 'miTasks' && x.loopInstance !== undefined);
    eq(taskTokens.length, 4, 'miTasks instances');
    const miTasksBodies = new Set(taskTokens.map((x) => scope(x.scopeId)?.parentScopeId));
    eq(miTasksBodies.size, 2, 'one miTasks body per subprocess instance');
    const subBodies = snap.scopes.filter((s) => s.elementId === 'subprocess1' && s.loop !== undefined);
    eq(subBodies.length, 1, 'one subprocess1 body');
  } },
  { file: `${MI}.testNestedParallelSubProcess.bpmn20.xml`, javaTest: 'MultiInstanceTest#testNestedParallelSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('miNestedParallelSubProcess');
    eq((await t.tasks(pi.id)).length, 8, 'two tasks in each of four instances');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  ...([['testParallelSubProcessWithTimer', 'miParallelSubprocessWithTimer', 6], ['testNestedParallelSubProcessWithTimer', 'miNestedParallelSubProcess', 12]] as const).map(([m, key, open]): Camunda7Case => ({
    file: `${MI}.${m}.bpmn20.xml`, javaTest: `MultiInstanceTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start(key);
      const tasks = await t.tasks(pi.id);
      eq(tasks.length, open, 'two tasks per instance');
      for (const x of tasks.slice(0, m.startsWith('testNested') ? 3 : 2)) await t.engine.completeUserTask(x.id, {});
      await t.advance(3_600_000);
      eq(await t.taskIds(pi.id), ['taskAfterTimer'], 'the timer cancelled every instance');
      await t.completeAll(pi.id);
      await t.assertEnded(pi.id);
    },
  })),
  { file: `${MI}.testParallelSubProcessCompletionCondition.bpmn20.xml`, javaTest: 'MultiInstanceTest#testParallelSubProcessCompletionCondition', async run(t) {
    await t.deploy();
    const pi = await t.start('miParallelSubprocessCompletionCondition');
    eq((await t.tasks(pi.id)).length, 4, 'two tasks in each of two instances');
    const [first] = await tasksPerInstance(t, pi.id);
    eq(first?.length, 2, 'tasks of one instance');
    for (const id of first!) await t.engine.completeUserTask(id, {});
    await t.assertEnded(pi.id);
  } },
  ...(['Sequential', 'Parallel'] as const).flatMap((mode) => (['AbstractBpmnActivityBehavior', 'DelegateExpression'] as const).flatMap((impl) =>
    ([['Exception', 'exception', 'userTaskException'], ['Error', 'error', 'userTaskError']] as const).map(([what, type, task]): Camunda7Case => ({
      file: `${MI}.testCatchErrorThrownBy${mode}${impl}.bpmn20.xml`, javaTest: `MultiInstanceTest#testCatch${what}ThrownByExecuteOf${mode}${impl}`, async run(t) {
        throwErrorDelegate(t, impl === 'DelegateExpression' ? 'myDelegate' : 'org.camunda.bpm.engine.test.bpmn.event.error.ThrowErrorDelegate');
        await t.deploy();
        const pi = await t.start('testProcess', { type });
        const i = await t.instance(pi.id);
        ok(i.variables['executed'] === true, 'the delegate executed');
        ok(i.variables['signaled'] === undefined, 'the delegate was not signalled');
        eq(await t.taskIds(pi.id), [task], 'the boundary for the thrown error');
        await t.completeAll(pi.id);
        await t.assertEnded(pi.id);
      },
    })))),
];
