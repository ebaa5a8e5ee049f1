/**
 * More of event/message/: MessageBoundaryEventTest, MessageNonInterruptingBoundaryEventTest,
 * MessageIntermediateThrowEventTest and MessageStartEventTest. `messageEventReceived(name, executionId)`
 * and `correlateMessage(name)` become `correlateMessage(name)` (one instance per case); "parent execution"
 * assertions become the active elements; event subscriptions are read from the snapshot.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { dummyDelegate, runningCount, subscriptionNames, subscriptions } from './event-case-helpers.js';

const M = 'event/message/';
const MB = `${M}MessageBoundaryEventTest`;
const NI = `${M}MessageNonInterruptingBoundaryEventTest`;

function boundary(m: string, run: (t: CaseContext) => Promise<void>, ext = 'bpmn20.xml'): Camunda7Case {
  return { file: `${MB}.${m}.${ext}`, javaTest: `MessageBoundaryEventTest#${m}`, async run(t) {
    await t.deploy();
    await run(t);
  } };
}

function nonInterrupting(m: string, run: (t: CaseContext, id: string) => Promise<void>, javaTest = m): Camunda7Case {
  return { file: `${NI}.${m}.bpmn20.xml`, javaTest: `MessageNonInterruptingBoundaryEventTest#${javaTest}`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    await run(t, pi.id);
    eq(await subscriptionNames(t, pi.id), [], 'no subscription left');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } };
}

/** testNestedEvents in either order of the first two messages. */
async function nested(t: CaseContext, id: string, order: ['firstMessage', 'secondMessage'] | ['secondMessage', 'firstMessage']): Promise<void> {
  await t.engine.correlateMessage(order[0]);
  eq(await t.taskIds(id), [order[0] === 'firstMessage' ? 'innerTask' : 'task1'], `one task after ${order[0]}`);
  await t.engine.correlateMessage(order[1]);
  eq(await t.taskIds(id), ['innerTask', 'task1'], 'both non-interrupting boundary events fired');
  ok((await t.active(id)).includes('subProcess'), 'innerTask still runs inside the subprocess');
  await t.engine.correlateMessage('thirdMessage');
  eq(await t.taskIds(id), ['task1', 'task2'], 'the receive task ended the subprocess (terminate end), the inner task went with it');
}

export const cases: Camunda7Case[] = [
  boundary('testBoundaryMessageEventOnSubprocess', async (t) => {
    for (const which of ['one', 'two']) {
      const pi = await t.start('process');
      eq(await t.taskIds(pi.id), ['taskSubProcess']);
      await t.engine.correlateMessage(`messageName_${which}`);
      eq(await t.taskIds(pi.id), [`taskAfterMessage_${which}`], `message ${which} cancels the subprocess`);
      await t.completeAll(pi.id);
      await t.assertEnded(pi.id);
    }
    const pi = await t.start('process');
    await t.completeAll(pi.id);
    eq(await subscriptionNames(t, pi.id), [], 'completing the subprocess removes both subscriptions');
    eq(await t.taskIds(pi.id), ['taskAfterSubProcess']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
  boundary('testBoundaryMessageEventOnSubprocessWithIntermediateMessageCatch', async (t) => {
    const pi = await t.start('testProcess');
    eq(await t.active(pi.id), ['IntermediateCatchEvent_1', 'SubProcess_1']);
    await t.engine.correlateMessage('cancelMessage');
    await t.assertEnded(pi.id);
    eq(await subscriptionNames(t, pi.id), [], 'the inner catch subscription went with the subprocess');
  }, 'bpmn'),
  boundary('testBoundaryMessageEventOnSubprocessAndInsideSubprocessMultiInstance', async (t) => {
    const pi = await t.start('process');
    eq((await t.tasks(pi.id)).length, 5, 'five user tasks');
    const names = await subscriptionNames(t, pi.id);
    eq(names.filter((n) => n === 'messageName').length, 5, 'one inner subscription per instance');
    eq(names.filter((n) => n === 'messageName2').length, 1, 'one subscription on the multi-instance subprocess');
    await t.engine.correlateMessage('messageName2');
    eq(await subscriptionNames(t, pi.id), [], 'the outer message removed every inner subscription');
    eq(await t.taskIds(pi.id), ['taskAfterOuterMessageBoundary']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
  boundary('testBoundaryMessageEventConcurrent', async (t) => {
    const pi = await t.start('boundaryEvent');
    eq((await subscriptions(t, pi.id)).map((s) => s.elementId).sort(), ['messageBoundary1', 'messageBoundary2']);
    await t.engine.correlateMessage('task1Message');
    eq((await subscriptions(t, pi.id)).map((s) => s.elementId), ['messageBoundary2'], 'the concurrent task keeps its subscription');
  }),
  boundary('testExpressionInBoundaryMessageEventName', async (t) => {
    const pi = await t.start('process', { foo: 'bar' });
    eq(await subscriptionNames(t, pi.id), ['messageName-bar'], 'the subscription carries the evaluated name');
    await t.engine.correlateMessage('messageName-bar');
    eq(await t.taskIds(pi.id), ['taskAfterMessage']);
    await t.completeAll(pi.id);
    eq(await runningCount(t), 0, 'no instance left');
  }),

  { file: `${NI}.testSingleNonInterruptingBoundaryMessageEvent.bpmn20.xml`, javaTest: 'MessageNonInterruptingBoundaryEventTest#testSingleNonInterruptingBoundaryMessageEvent', async run(t) {
    await t.deploy();
    const a = await t.start('process');
    eq(await t.taskIds(a.id), ['task']);
    for (let i = 0; i < 2; i++) {
      await t.engine.correlateMessage('messageName');
      eq(await subscriptionNames(t, a.id), ['messageName'], 'the subscription stays after the message');
      eq(await t.taskIds(a.id), ['task', 'taskAfterMessage'], 'a task after the message, the task remains');
      await t.complete('taskAfterMessage', {}, a.id);
      eq(await runningCount(t), 1, 'the instance still runs');
    }
    await t.complete('task', {}, a.id);
    eq(await subscriptionNames(t, a.id), [], 'completing the task removes the subscription');
    eq(await t.taskIds(a.id), ['taskAfterTask']);
    await t.completeAll(a.id);
    await t.assertEnded(a.id);
    const b = await t.start('process');
    await t.complete('task', {}, b.id);
    eq(await subscriptionNames(t, b.id), [], 'no subscription after the task');
    eq(await t.taskIds(b.id), ['taskAfterTask']);
    await t.completeAll(b.id);
    await t.assertEnded(b.id);
  } },
  nonInterrupting('testNonInterruptingEventInCombinationWithReceiveTask', async (t, id) => {
    await t.engine.correlateMessage('firstMessage');
    eq(await t.taskIds(id), ['task1'], 'the boundary event fired; the receive task still waits');
    await t.engine.correlateMessage('secondMessage');
    eq(await t.taskIds(id), ['task1', 'task2'], 'the subprocess ended');
  }),
  nonInterrupting('testNonInterruptingEventInCombinationWithReceiveTaskInConcurrentSubprocess', async (t, id) => {
    await t.engine.correlateMessage('firstMessage');
    eq(await t.taskIds(id), ['afterFork', 'task1']);
    await t.engine.correlateMessage('secondMessage');
    eq(await t.taskIds(id), ['afterFork', 'task1', 'task2'], 'three tasks');
    await t.complete('afterFork', {}, id);
  }),
  nonInterrupting('testNonInterruptingEventInCombinationWithReceiveTaskInsideSubProcess', async (t, id) => {
    await t.engine.correlateMessage('firstMessage');
    eq(await t.active(id), ['innerSubProcess', 'receiveTask', 'subProcess', 'task1'], 'subProcess > (task1, innerSubProcess > receiveTask)');
    await t.engine.correlateMessage('secondMessage');
    eq(await t.taskIds(id), ['task1', 'task2']);
    ok((await t.active(id)).includes('subProcess'), 'both tasks run inside the outer subprocess');
  }),
  nonInterrupting('testNonInterruptingEventInCombinationWithUserTaskInsideSubProcess', async (t, id) => {
    await t.engine.correlateMessage('firstMessage');
    eq(await t.taskIds(id), ['innerTask', 'task1']);
    eq(await t.active(id), ['innerSubProcess', 'innerTask', 'subProcess', 'task1']);
    await t.complete('innerTask', {}, id);
    eq(await t.taskIds(id), ['task1', 'task2']);
    eq(await t.active(id), ['subProcess', 'task1', 'task2']);
  }),
  nonInterrupting('testNonInterruptingEventInCombinationWithUserTask', async (t, id) => {
    await t.engine.correlateMessage('firstMessage');
    eq(await t.taskIds(id), ['innerTask', 'task1']);
    eq(await t.active(id), ['innerTask', 'subProcess', 'task1']);
    await t.complete('innerTask', {}, id);
    eq(await t.active(id), ['task1', 'task2'], 'the terminate end event ended the subprocess');
  }),
  nonInterrupting('testNonInterruptingWithUserTaskAndBoundaryEvent', async (t, id) => {
    await t.engine.correlateMessage('firstMessage');
    eq(await t.taskIds(id), ['innerTask', 'task1']);
    await t.complete('innerTask', {}, id);
    eq(await t.active(id), ['task1', 'task2']);
  }),
  nonInterrupting('testNestedEvents', (t, id) => nested(t, id, ['firstMessage', 'secondMessage'])),
  nonInterrupting('testNestedEvents', (t, id) => nested(t, id, ['secondMessage', 'firstMessage']), 'testNestedEventsAnotherExecutionOrder'),

  { file: `${M}MessageIntermediateThrowEventTest.testSingleIntermediateThrowMessageEvent.bpmn20.xml`, javaTest: 'MessageIntermediateThrowEventTest#testSingleIntermediateThrowMessageEvent', async run(t) {
    await t.deploy();
    await t.assertEnded((await t.start('process')).id);
  } },
  { file: `${M}MessageIntermediateThrowEventTest.testSingleIntermediateThrowMessageEventServiceTaskBehavior.bpmn20.xml`, javaTest: 'MessageIntermediateThrowEventTest#testSingleIntermediateThrowMessageEventServiceTaskBehavior', async run(t) {
    const d = dummyDelegate(t, 'org.camunda.bpm.engine.test.bpmn.event.message.DummyServiceTask');
    await t.deploy();
    await t.assertEnded((await t.start('process')).id);
    ok(d.wasExecuted, 'the delegate of the message throw event ran');
  } },
  { file: `${M}MessageStartEventTest.testMessageStartEventUsingCorrelationEngine.bpmn`, javaTest: 'MessageStartEventTest#testMessageStartEventUsingCorrelationEngineAndLocalVariable', async run(t) {
    await t.deploy();
    const { instanceIds } = await t.engine.correlateMessage('newCorrelationStartMessage', { variables: { var: 'value' } });
    eq(instanceIds.length, 1, 'the message started an instance');
    eq((await t.instance(instanceIds[0]!)).variables['var'], 'value', 'the message variable is on the instance');
  } },
];
