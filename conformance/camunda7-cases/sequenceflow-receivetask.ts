/** sequenceflow/ (conditional, default, uncontrolled flows) and receivetask/ (message receive tasks). */
import { eq, ok, failsAtRuntime } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';
import { subscriptionNames } from './event-case-helpers.js';

const SF = 'sequenceflow/';
const RT = 'receivetask/ReceiveTaskTest';

export const cases: Camunda7Case[] = [
  { file: `${SF}ConditionalSequenceFlowTest.testUelExpression.bpmn20.xml`, javaTest: 'ConditionalSequenceFlowTest#testUelExpression', async run(t) {
    await t.deploy();
    const pi = await t.start('condSeqFlowUelExpr', { input: 'right' });
    eq(await t.taskNames(pi.id), ['task right']);
  } },
  { file: `${SF}ConditionalSequenceFlowTest.testNoExpressionTrueThrowsException.bpmn20.xml`, javaTest: 'ConditionalSequenceFlowTest#testNoExpressionTrueThrowsException', async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('condSeqFlowUelExpr', { input: 'non-existing-value' }), 'start with no true condition');
  } },
  { file: `${SF}DefaultSequenceFlowTest.testDefaultSequenceFlowOnTask.bpmn20.xml`, javaTest: 'DefaultSequenceFlowTest#testDefaultSequenceFlowOnTask', async run(t) {
    await t.deploy();
    for (const [input, task] of [[2, 'task2'], [3, 'task3'], [123, 'task1']] as const) {
      const pi = await t.start('defaultSeqFlow', { input });
      ok((await t.active(pi.id)).includes(task), `input ${input} waits in ${task} (active: ${(await t.active(pi.id)).join(', ')})`);
    }
  } },
  ...(['testTakeAllOutgoingFlowsFromNonScopeTask', 'testTakeAllOutgoingFlowsFromScopeTask'] as const).map((m): Camunda7Case => ({
    file: `${SF}SequenceFlowTest.${m}.bpmn20.xml`, javaTest: `SequenceFlowTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('testProcess');
      await t.completeAll(pi.id);
      eq(await t.taskIds(pi.id), ['task2', 'task3']);
      await t.completeAll(pi.id);
      await t.assertEnded(pi.id);
    },
  })),
  { file: `${SF}UncontrolledFlowTest.testSubProcessTwoOutgoingFlowsCorrelateMessage.bpmn20.xml`, javaTest: 'UncontrolledFlowTest#testSubProcessTwoOutgoingFlowsCorrelateMessage', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    await t.completeAll(pi.id);
    eq(await t.taskIds(pi.id), ['outerTask1', 'outerTask2']);
    eq((await t.engine.correlateMessage('Message1')).instanceIds, [], 'the event subprocess of the left scope cannot be triggered');
  } },
  { file: `${SF}UncontrolledFlowTest.testSubProcessTwoOutgoingFlowsEndProcess.bpmn20.xml`, javaTest: 'UncontrolledFlowTest#testSubProcessTwoOutgoingFlowsEndProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },

  ...(['testSupportsMessageEventReceivedOnSingleReceiveTask', 'testSupportsCorrelateMessageOnSingleReceiveTask'] as const).map((m): Camunda7Case => ({
    file: `${RT}.singleReceiveTask.bpmn20.xml`, javaTest: `ReceiveTaskTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('testProcess');
      eq((await t.engine.correlateMessage('newInvoiceMessage')).instanceIds, [pi.id], 'correlated');
      await t.assertEnded(pi.id);
    },
  })),
  { file: `${RT}.singleReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsCorrelateMessageByBusinessKeyOnSingleReceiveTask', async run(t) {
    await t.deploy();
    const a = await t.start('testProcess', {}, '23');
    const b = await t.start('testProcess', {}, '42');
    await t.engine.correlateMessage('newInvoiceMessage', { correlationKey: '23' });
    await t.assertEnded(a.id);
    ok(!(await t.ended(b.id)), 'instance 42 still waits');
    await t.engine.correlateMessage('newInvoiceMessage', { correlationKey: '42' });
    await t.assertEnded(b.id);
  } },
  ...(['testSupportsMessageEventReceivedOnSequentialMultiReceiveTask', 'testSupportsCorrelateMessageOnSequentialMultiReceiveTask'] as const).map((m): Camunda7Case => ({
    file: `${RT}.multiSequentialReceiveTask.bpmn20.xml`, javaTest: `ReceiveTaskTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('testProcess');
      await t.engine.correlateMessage('newInvoiceMessage');
      eq(await t.active(pi.id), ['waitState'], 'second instance waits');
      await t.engine.correlateMessage('newInvoiceMessage');
      eq((await t.tasks(pi.id)).length, 1, 'one user task after both');
      await t.completeAll(pi.id);
      await t.assertEnded(pi.id);
    },
  })),
  { file: `${RT}.multiParallelReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsMessageEventReceivedOnParallelMultiReceiveTask', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await subscriptionNames(t, pi.id), ['newInvoiceMessage', 'newInvoiceMessage'], 'two message subscriptions, one per instance');
    await t.engine.correlateMessage('newInvoiceMessage');
    eq(await subscriptionNames(t, pi.id), ['newInvoiceMessage'], 'one left after the first message');
    await t.engine.correlateMessage('newInvoiceMessage');
    await t.assertEnded(pi.id);
  } },
  // runtimeService.signal(executionId) on a receive task becomes engine.trigger(instanceId, elementId).
  { file: `${RT}.simpleReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testReceiveTaskWithoutMessageReference', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await t.active(pi.id), ['waitState'], 'waits in the receive task');
    await t.engine.trigger(pi.id, 'waitState');
    await t.assertEnded(pi.id);
  } },
  { file: `${RT}.singleReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsLegacySignalingOnSingleReceiveTask', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.engine.trigger(pi.id, 'waitState');
    await t.assertEnded(pi.id);
    eq((await t.engine.correlateMessage('newInvoiceMessage')).instanceIds, [], 'the message subscription went with the signal');
  } },
  { file: `${RT}.multiSequentialReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsLegacySignalingOnSequentialMultiReceiveTask', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.engine.trigger(pi.id, 'waitState');
    eq(await t.active(pi.id), ['waitState'], 'second instance waits');
    await t.engine.trigger(pi.id, 'waitState');
    eq((await t.tasks(pi.id)).length, 1, 'one user task after both');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${RT}.multiParallelReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsLegacySignalingOnParallelMultiReceiveTask', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.engine.trigger(pi.id, 'waitState');
    ok(!(await t.ended(pi.id)), 'the second instance still waits');
    await t.engine.trigger(pi.id, 'waitState');
    await t.assertEnded(pi.id);
  } },
];
