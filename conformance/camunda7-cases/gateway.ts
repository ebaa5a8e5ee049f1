/**
 * gateway/: ExclusiveGatewayTest, InclusiveGatewayTest, ParallelGatewayTest, EventBasedGatewayTest.
 * Java beans passed as variables (ExclusiveGatewayTestOrder) become plain objects with the bean's
 * properties, which is what a JUEL property lookup (`order.basic` → isBasic()) sees.
 */
import { eq, ok, failsAtRuntime, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { runningCount } from './event-case-helpers.js';

const G = 'gateway/';
const X = 'ExclusiveGatewayTest';
const I = 'InclusiveGatewayTest';
const P = 'ParallelGatewayTest';
const E = 'EventBasedGatewayTest';

/** Camunda's event subscription and timer job queries of one instance. */
async function waitsFor(t: CaseContext, id: string): Promise<{ subscriptions: string[]; timers: number }> {
  const snap = await t.engine.exportSnapshot(id);
  return { subscriptions: snap.subscriptions.map((s) => `${s.kind}:${s.name}`).sort(), timers: snap.timers.length };
}

/** The Java order bean: basic ≤ 100 < standard < 250 ≤ gold. */
const order = (price: number) => ({ price, basic: price <= 100, standard: price > 100 && price < 250, gold: price >= 250 });

export const cases: Camunda7Case[] = [
  { file: `${G}${X}.testDivergingExclusiveGateway.bpmn20.xml`, javaTest: `${X}#testDivergingExclusiveGateway`, async run(t) {
    await t.deploy();
    for (let i = 1; i <= 3; i++) {
      const pi = await t.start('exclusiveGwDiverging', { input: i });
      eq(await t.taskNames(pi.id), [`Task ${i}`], `input ${i}`);
    }
  } },
  { file: `${G}${X}.testDivergingExclusiveGateway.bpmn20.xml`, javaTest: `${X}#testUnknownVariableInExpression`, async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('exclusiveGwDiverging', { iinput: 1 }), 'start with unknown variable');
  } },
  { file: `${G}${X}.testMergingExclusiveGateway.bpmn20.xml`, javaTest: `${X}#testMergingExclusiveGateway`, async run(t) {
    await t.deploy();
    const pi = await t.start('exclusiveGwMerging');
    eq((await t.tasks(pi.id)).length, 3, 'task count');
  } },
  { file: `${G}${X}.testMultipleValidConditions.bpmn20.xml`, javaTest: `${X}#testMultipleValidConditions`, async run(t) {
    await t.deploy();
    const pi = await t.start('exclusiveGwMultipleValidConditions', { input: 5 });
    eq(await t.taskNames(pi.id), ['Task 2']);
  } },
  { file: `${G}${X}.testNoSequenceFlowSelected.bpmn20.xml`, javaTest: `${X}#testNoSequenceFlowSelected`, async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('exclusiveGwNoSeqFlowSelected', { input: 4 }), 'start with no matching flow');
  } },
  { file: `${G}${X}.testWhitespaceInExpression.bpmn20.xml`, javaTest: `${X}#testWhitespaceInExpression`, async run(t) {
    await t.deploy();
    // Camunda would throw from the start; a failing condition here would be an incident instead.
    const pi = await t.start('whiteSpaceInExpression', { input: 1 });
    eq(pi.incidents, [], 'no incident');
    eq(await t.taskNames(pi.id), ['Task 1'], 'the condition with surrounding whitespace holds');
  } },
  { file: `${G}${X}.testDecideBasedOnBeanProperty.bpmn20.xml`, javaTest: `${X}#testDecideBasedOnBeanProperty`, async run(t) {
    await t.deploy();
    const pi = await t.start('decisionBasedOnBeanProperty', { order: order(150) });
    eq(await t.taskNames(pi.id), ['Standard service']);
  } },
  { file: `${G}${X}.testDecideBasedOnListOrArrayOfBeans.bpmn20.xml`, javaTest: `${X}#testDecideBasedOnListOrArrayOfBeans`, async run(t) {
    await t.deploy();
    const pi = await t.start('decisionBasedOnListOrArrayOfBeans', { orders: [order(50), order(300), order(175)] });
    eq(await t.taskNames(pi.id), ['Gold Member service']);
    const pi2 = await t.start('decisionBasedOnListOrArrayOfBeans', { orders: [order(50), order(10), order(175)] });
    eq(await t.taskNames(pi2.id), ['Basic service']);
  } },
  { file: `${G}${X}.testDecideBasedOnBeanMethod.bpmn20.xml`, javaTest: `${X}#testDecideBasedOnBeanMethod`, async run(t) {
    await t.deploy();
    const pi = await t.start('decisionBasedOnBeanMethod', { order: order(300) });
    eq(await t.taskNames(pi.id), ['Gold Member service']);
  } },
  { file: `${G}${X}.testDefaultSequenceFlow.bpmn20.xml`, javaTest: `${X}#testDefaultSequenceFlow`, async run(t) {
    await t.deploy();
    const a = await t.start('exclusiveGwDefaultSequenceFlow', { input: 1 });
    eq(await t.taskNames(a.id), ['Input is one']);
    const b = await t.start('exclusiveGwDefaultSequenceFlow', { input: 5 });
    eq(await t.taskNames(b.id), ['Default input']);
  } },
  { file: `${G}${X}.testNoIdOnSequenceFlow.bpmn20.xml`, javaTest: `${X}#testNoIdOnSequenceFlow`, async run(t) {
    await t.deploy();
    const pi = await t.start('noIdOnSequenceFlow', { input: 3 });
    eq(await t.taskNames(pi.id), ['Input is more than one']);
  } },

  { file: `${G}${I}.testDivergingInclusiveGateway.bpmn20.xml`, javaTest: `${I}#testDivergingInclusiveGateway`, async run(t) {
    await t.deploy();
    const expected = [['Task 1', 'Task 2', 'Task 3'], ['Task 2', 'Task 3'], ['Task 3']];
    for (let i = 1; i <= 3; i++) {
      const pi = await t.start('inclusiveGwDiverging', { input: i });
      eq(await t.taskNames(pi.id), expected[i - 1], `input ${i}`);
    }
  } },
  { file: `${G}${I}.testDivergingInclusiveGateway.bpmn20.xml`, javaTest: `${I}#testUnknownVariableInExpression`, async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('inclusiveGwDiverging', { iinput: 1 }), 'start with unknown variable');
  } },
  { file: `${G}${I}.testMergingInclusiveGateway.bpmn20.xml`, javaTest: `${I}#testMergingInclusiveGateway`, async run(t) {
    await t.deploy();
    const pi = await t.start('inclusiveGwMerging', { input: 2 });
    eq((await t.tasks(pi.id)).length, 1, 'task count');
  } },
  { file: `${G}${I}.testMergingInclusiveGatewayAsync.bpmn20.xml`, javaTest: `${I}#testMergingInclusiveGatewayAsync`, async run(t) {
    await t.deploy();
    const pi = await t.start('inclusiveGwMerging', { input: 2 });
    await t.runJobs();
    eq((await t.tasks(pi.id)).length, 1, 'task count');
  } },
  { file: `${G}${I}.testPartialMergingInclusiveGateway.bpmn20.xml`, javaTest: `${I}#testPartialMergingInclusiveGateway`, async run(t) {
    await t.deploy();
    const pi = await t.start('partialInclusiveGwMerging', { input: 2 });
    eq(await t.taskIds(pi.id), ['partialTask']);
    await t.complete('partialTask');
    eq(await t.taskIds(pi.id), ['theTask']);
  } },
  { file: `${G}${I}.testNoSequenceFlowSelected.bpmn20.xml`, javaTest: `${I}#testNoSequenceFlowSelected`, async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('inclusiveGwNoSeqFlowSelected', { input: 4 }), 'start with no matching flow');
  } },
  { file: `${G}${I}.testParentActivationOnNonJoiningEnd.bpmn20.xml`, javaTest: `${I}#testParentActivationOnNonJoiningEnd`, async run(t) {
    await t.deploy();
    const pi = await t.start('parentActivationOnNonJoiningEnd');
    eq((await t.tasks(pi.id)).length, 2, 'first round');
    await t.completeAll(pi.id);
    const second = await t.tasks(pi.id);
    eq(second.length, 2, 'second round');
    await t.engine.completeUserTask(second[0]!.id, {});
    eq((await t.tasks(pi.id)).length, 1, 'one task left');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${G}${I}.testWhitespaceInExpression.bpmn20.xml`, javaTest: `${I}#testWhitespaceInExpression`, async run(t) {
    await t.deploy();
    // Camunda would throw from the start; a failing condition here would be an incident instead.
    const pi = await t.start('inclusiveWhiteSpaceInExpression', { input: 1 });
    eq(pi.incidents, [], 'no incident');
    eq(await t.taskNames(pi.id), ['Task 1'], 'the condition with surrounding whitespace holds');
  } },
  { file: `${G}${I}.testDecideBasedOnBeanProperty.bpmn20.xml`, javaTest: `${I}#testDecideBasedOnBeanProperty`, async run(t) {
    await t.deploy();
    const pi = await t.start('inclusiveDecisionBasedOnBeanProperty', { order: order(150) });
    eq(await t.taskNames(pi.id), ['Gold Member service', 'Standard service']);
  } },
  { file: `${G}${I}.testDecideBasedOnListOrArrayOfBeans.bpmn20.xml`, javaTest: `${I}#testDecideBasedOnListOrArrayOfBeans`, async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('inclusiveDecisionBasedOnListOrArrayOfBeans', { orders: [order(50), order(300), order(175)] }), 'no flow for 300');
    const a = await t.start('inclusiveDecisionBasedOnListOrArrayOfBeans', { orders: [order(50), order(175), order(175)] });
    eq(await t.taskNames(a.id), ['Gold Member service']);
    const b = await t.start('inclusiveDecisionBasedOnListOrArrayOfBeans', { orders: [order(50), order(125), order(175)] });
    eq(await t.taskNames(b.id), ['Gold Member service', 'Standard service']);
    const c = await t.start('inclusiveDecisionBasedOnListOrArrayOfBeans', { orders: [order(50), order(10), order(175)] });
    eq(await t.taskNames(c.id), ['Basic service', 'Gold Member service', 'Standard service']);
  } },
  { file: `${G}${I}.testDecideBasedOnBeanMethod.bpmn20.xml`, javaTest: `${I}#testDecideBasedOnBeanMethod`, async run(t) {
    await t.deploy();
    // InclusiveGatewayTestOrder: basic ≤ 100, standard ≤ 150, gold ≤ 250 (overlapping on purpose).
    const inclusiveOrder = (price: number) => ({ price, basic: price <= 100, standard: price <= 150, gold: price <= 250 });
    const a = await t.start('inclusiveDecisionBasedOnBeanMethod', { order: inclusiveOrder(200) });
    eq(await t.taskNames(a.id), ['Gold Member service']);
    const b = await t.start('inclusiveDecisionBasedOnBeanMethod', { order: inclusiveOrder(125) });
    eq(await t.taskNames(b.id), ['Gold Member service', 'Standard service']);
    await failsAtRuntime(t.start('inclusiveDecisionBasedOnBeanMethod', { order: inclusiveOrder(300) }), 'no flow for 300');
  } },
  { file: `${G}${I}.testDefaultSequenceFlow.bpmn20.xml`, javaTest: `${I}#testDefaultSequenceFlow`, async run(t) {
    await t.deploy();
    const a = await t.start('inclusiveGwDefaultSequenceFlow', { input: 1 });
    eq(await t.taskNames(a.id), ['Input is one', 'Input is three or one']);
    const b = await t.start('inclusiveGwDefaultSequenceFlow', { input: 3 });
    eq(await t.taskNames(b.id), ['Input is three or one']);
    const c = await t.start('inclusiveGwDefaultSequenceFlow', { input: 5 });
    eq(await t.taskNames(c.id), ['Default input']);
  } },
  { file: `${G}${I}.testSplitMergeSplit.bpmn20.xml`, javaTest: `${I}#testSplitMergeSplit`, async run(t) {
    await t.deploy();
    const pi = await t.start('inclusiveGwSplitAndMerge', { input: 1 });
    eq((await t.tasks(pi.id)).length, 2, 'two concurrent tasks');
    await t.completeAll(pi.id);
    eq((await t.tasks(pi.id)).length, 1, 'one task after the join');
  } },
  { file: `${G}${I}.testNoIdOnSequenceFlow.bpmn20.xml`, javaTest: `${I}#testNoIdOnSequenceFlow`, async run(t) {
    await t.deploy();
    const a = await t.start('inclusiveNoIdOnSequenceFlow', { input: 3 });
    eq(await t.taskNames(a.id), ['Input is more than one']);
    const b = await t.start('inclusiveNoIdOnSequenceFlow', { input: 1 });
    eq(await t.taskNames(b.id), ['Input is more than one', 'Input is one']);
  } },
  { file: `${G}${I}.testJoinAfterSubprocesses.bpmn20.xml`, javaTest: `${I}#testJoinAfterSubprocesses`, async run(t) {
    await t.deploy();
    const a = await t.start('InclusiveGateway', { a: 1, b: 1 });
    const tasks = await t.tasks(a.id);
    eq(tasks.length, 2, 'two tasks');
    await t.engine.completeUserTask(tasks[0]!.id, {});
    eq((await t.tasks(a.id)).length, 1, 'join waits');
    await t.engine.completeUserTask(tasks[1]!.id, {});
    const c = (await t.tasks(a.id)).filter((x) => x.assignee === 'c');
    eq(c.length, 1, 'task of c');
    await t.engine.completeUserTask(c[0]!.id, {});
    await t.assertEnded(a.id);
    const b = await t.start('InclusiveGateway', { a: 1, b: 2 });
    const [onlyA] = await t.tasks(b.id);
    eq(onlyA?.assignee, 'a', 'assignee');
    await t.engine.completeUserTask(onlyA!.id, {});
    const [cTask] = await t.tasks(b.id);
    eq(cTask?.assignee, 'c', 'assignee after join');
    await t.engine.completeUserTask(cTask!.id, {});
    await t.assertEnded(b.id);
    await failsAtRuntime(t.start('InclusiveGateway', { a: 2, b: 2 }), 'no outgoing flow');
  } },
  { file: `${G}${I}.testDecisionFunctionality.bpmn20.xml`, javaTest: `${I}#testDecisionFunctionality`, async run(t) {
    await t.deploy();
    const expected = [['Task 1', 'Task 2', 'Task 3'], ['Task 2', 'Task 3'], ['Task 3']];
    for (let i = 1; i <= 3; i++) eq(await t.taskNames((await t.start('inclusiveGateway', { input: i })).id), expected[i - 1], `input ${i}`);
    await failsAtRuntime(t.start('inclusiveGateway', { input: 4 }), 'input 4');
  } },
  ...['testJoinAfterSequentialMultiInstanceSubProcess', 'testJoinAfterParallelMultiInstanceSubProcess', 'testJoinAfterNestedScopes'].map((m): Camunda7Case => ({
    file: `${G}${I}.${m}.bpmn20.xml`, javaTest: `${I}#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('process');
      await t.complete('task');
      ok(!(await t.taskIds(pi.id)).includes('taskAfterJoin'), 'the join to keep waiting');
    },
  })),
  { file: `${G}${I}.testLoopingInclusiveGateways.bpmn`, javaTest: `${I}#testLoopingInclusiveGateways`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    // The activity instance tree also holds the join that waits (activeElementIds, like getActiveActivityIds, does not).
    const tokens = (await t.engine.exportSnapshot(pi.id)).tokens.map((x) => x.elementId).sort();
    eq(tokens, ['inclusiveGw3', 'task1', 'task2'], 'activity instances');
  } },
  ...['testJoinAfterEventBasedGateway', 'testJoinAfterEventBasedGatewayInSubProcess', 'testJoinAfterEventBasedGatewayContainedInSubProcess'].map((m): Camunda7Case => ({
    file: `${G}${I}.${m}.bpmn20.xml`, javaTest: `${I}#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('process');
      await t.completeAll(pi.id);
      eq(await t.taskIds(pi.id), [], 'no task before the message');
      await t.engine.correlateMessage('foo');
      eq(await t.taskIds(pi.id), ['taskAfterJoin']);
    },
  })),

  ...([
    ['testSplitMergeNoWaitstates', 'forkJoinNoWaitStates', 'bpmn20.xml'],
    ['testUnstructuredConcurrencyTwoForks', 'unstructuredConcurrencyTwoForks', 'bpmn20.xml'],
    ['testUnstructuredConcurrencyTwoJoins', 'unstructuredConcurrencyTwoJoins', 'bpmn20.xml'],
    ['testForkFollowedByOnlyEndEvents', 'forkFollowedByEndEvents', 'bpmn20.xml'],
    ['testNestedForksFollowedByEndEvents', 'nestedForksFollowedByEndEvents', 'bpmn20.xml'],
    ['testCompletingJoin', 'process', 'bpmn'],
    ['testCompletingJoinInSubProcess', 'process', 'bpmn'],
  ] as const).map(([m, key, ext]): Camunda7Case => ({
    file: `${G}${P}.${m}.${ext}`, javaTest: `${P}#${m}`, async run(t) {
      await t.deploy();
      await t.assertEnded((await t.start(key)).id);
    },
  })),
  { file: `${G}${P}.testNestedForkJoin.bpmn20.xml`, javaTest: `${P}#testNestedForkJoin`, async run(t) {
    await t.deploy();
    const pi = await t.start('nestedForkJoin');
    eq(await t.taskNames(pi.id), ['Task 0']);
    await t.complete('Task 0');
    eq(await t.taskNames(pi.id), ['Task A', 'Task B']);
    await t.complete('Task A');
    eq(await t.taskNames(pi.id), ['Task B']);
    await t.complete('Task B');
    eq(await t.taskNames(pi.id), ['Task B1', 'Task B2']);
    await t.complete('Task B1');
    await t.complete('Task B2');
    eq(await t.taskNames(pi.id), ['Task C']);
  } },
  { file: `${G}${P}.testAsyncParallelGateway.bpmn`, javaTest: `${P}#testAsyncParallelGateway`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    ok(pi.status === 'RUNNING', 'instance waits at the async join');
    eq((await t.engine.exportSnapshot(pi.id)).jobs.map((j) => `${j.kind}:${j.elementId}`), ['async:parallelJoinEnd', 'async:parallelJoinEnd'], 'two jobs continue the gateway');
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  { file: `${G}${P}.testAsyncParallelGatewayAfterScopeTask.bpmn20.xml`, javaTest: `${P}#testAsyncParallelGatewayAfterScopeTask`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    await t.completeAll(pi.id);
    ok((await t.instance(pi.id)).status === 'RUNNING', 'async join waits');
    eq((await t.engine.exportSnapshot(pi.id)).jobs.map((j) => `${j.kind}:${j.elementId}`), ['async:join', 'async:join'], 'two jobs continue the gateway');
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  { file: `${G}${P}.testParallelGatewayBeforeAndInSubProcess.bpmn`, javaTest: `${P}#testParallelGatewayBeforeAndInSubProcess`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.taskNames(pi.id), ['Inner User Task 1', 'Inner User Task 2', 'Outer User Task']);
  } },
  { file: `${G}${P}.testForkJoin.bpmn20.xml`, javaTest: `${P}#testForkJoin`, async run(t) {
    await t.deploy();
    const pi = await t.start('forkJoin');
    eq(await t.taskNames(pi.id), ['Receive Payment', 'Ship Order']);
    await t.completeAll(pi.id);
    eq(await t.taskNames(pi.id), ['Archive Order']);
  } },
  { file: `${G}${P}.testUnbalancedForkJoin.bpmn20.xml`, javaTest: `${P}#testUnbalancedForkJoin`, async run(t) {
    await t.deploy();
    const pi = await t.start('UnbalancedForkJoin');
    eq((await t.tasks(pi.id)).length, 3, 'three tasks');
    await t.complete('Task 1');
    await t.complete('Task 2');
    eq(await t.taskNames(pi.id), ['Task 3', 'Task 4']);
    await t.complete('Task 3');
    await t.complete('Task 4');
    await t.assertEnded(pi.id);
  } },

  { file: `${G}${E}.testCatchAlertAndTimer.bpmn20.xml`, javaTest: `${E}#testCatchSignalCancelsTimer`, async run(t) {
    await t.deploy(`${G}${E}.testCatchAlertAndTimer.bpmn20.xml`, `${G}${E}.throwAlertSignal.bpmn20.xml`);
    const pi = await t.start('catchSignal');
    eq(await waitsFor(t, pi.id), { subscriptions: ['signal:alert'], timers: 1 }, 'the gateway waits for the signal and the timer');
    await t.start('throwSignal');
    eq(await waitsFor(t, pi.id), { subscriptions: [], timers: 0 }, 'the signal removed the timer');
    eq(await runningCount(t), 1, 'only the catching instance runs');
    eq(await t.taskNames(pi.id), ['afterSignal']);
    await t.advance(60_000);
    eq(await t.taskNames(pi.id), ['afterSignal'], 'after the timer would have fired');
  } },
  { file: `${G}${E}.throwAlertSignal.bpmn20.xml`, javaTest: `${E}#testCatchTimerCancelsSignal`, async run(t) {
    await t.deploy(`${G}${E}.testCatchAlertAndTimer.bpmn20.xml`, `${G}${E}.throwAlertSignal.bpmn20.xml`);
    const pi = await t.start('catchSignal');
    eq(await waitsFor(t, pi.id), { subscriptions: ['signal:alert'], timers: 1 }, 'the gateway waits for the signal and the timer');
    await t.advance(10_000);
    eq(await waitsFor(t, pi.id), { subscriptions: [], timers: 0 }, 'the timer removed the signal subscription');
    eq(await t.taskNames(pi.id), ['afterTimer']);
    await t.start('throwSignal');
    eq(await t.taskNames(pi.id), ['afterTimer'], 'signal after the timer');
  } },
  { file: `${G}${E}.testCatchSignalAndMessageAndTimer.bpmn20.xml`, javaTest: `${E}#testCatchSignalAndMessageAndTimer`, async run(t) {
    await t.deploy();
    const pi = await t.start('catchSignal');
    eq(await waitsFor(t, pi.id), { subscriptions: ['message:newInvoice', 'signal:alert'], timers: 1 }, 'one message, one signal subscription and a timer');
    // Camunda moves the clock past the PT0S timer but runs no job before the message arrives.
    t.clock.advance(10_000);
    await t.engine.correlateMessage('newInvoice');
    eq(await waitsFor(t, pi.id), { subscriptions: [], timers: 0 }, 'the message removed the other events');
    eq(await t.taskNames(pi.id), ['afterMessage']);
    await t.complete('afterMessage');
    await t.assertEnded(pi.id);
  } },
  deployFails(`${G}${E}.testConnectedToActivity.bpmn20.xml`, `${E}#testConnectedToActitiy`),
  deployFails(`${G}${E}.testEventInvalidSequenceFlow.bpmn20.xml`, `${E}#testInvalidSequenceFlow`),
  { file: `${G}${E}.testTimeCycle.bpmn20.xml`, javaTest: `${E}#testTimeCycle`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq((await waitsFor(t, pi.id)).timers, 1, 'one timer job');
    await t.advance(5 * 60_000);
    eq((await waitsFor(t, pi.id)).timers, 0, 'the timer fired once and is gone');
    eq((await t.tasks(pi.id)).length, 1, 'task after the timer');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
];
