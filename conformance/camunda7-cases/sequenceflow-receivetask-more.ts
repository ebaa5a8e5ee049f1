/**
 * receivetask/ (ReceiveTaskTest: receive tasks in subprocesses, behind gateways, multi-instance with
 * boundaries and compensation) and sequenceflow/ (ConditionalSequenceFlowTest, ConditionalScriptSequenceFlowTest).
 * Camunda's message event subscriptions are the snapshot's `subscriptions`; its compensation event
 * subscriptions are the snapshot's compensable records (a multi-instance body keeps one per instance).
 */
import type { Snapshot } from '../../src/index.js';
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const RT = 'receivetask/ReceiveTaskTest';

async function messageSubscriptions(t: CaseContext, instanceId: string, elementId?: string): Promise<number> {
  const snap = await t.engine.exportSnapshot(instanceId);
  return snap.subscriptions.filter((s) => s.kind === 'message' && (elementId === undefined || s.elementId === elementId)).length;
}

/** Compensation event subscriptions: one per completed instance, plus one for a completed multi-instance body. */
function compensationSubscriptions(snap: Snapshot): number {
  type Record = { records?: unknown[]; snapshot?: { records?: unknown[] } };
  const records = ((snap as unknown as { compensable?: Record[] }).compensable ?? []);
  return records.reduce((n, r) => n + 1 + (r.snapshot?.records?.length ?? r.records?.length ?? 0), 0);
}

/** Two message subscriptions; the instance ends once both messages arrived. */
function twoMessages(file: string, javaTest: string, names: [string, string], elementId?: string): Camunda7Case {
  return {
    file: `${RT}.${file}.bpmn20.xml`, javaTest: `ReceiveTaskTest#${javaTest}`, async run(t) {
      await t.deploy();
      const pi = await t.start('testProcess');
      eq(await messageSubscriptions(t, pi.id, elementId), 2, 'two message subscriptions');
      for (const n of names) eq((await t.engine.correlateMessage(n)).instanceIds, [pi.id], `message ${n} correlated`);
      eq(await messageSubscriptions(t, pi.id), 0, 'no subscription left');
      await t.assertEnded(pi.id);
    },
  };
}

export const cases: Camunda7Case[] = [
  { file: `${RT}.subProcessReceiveTask.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsMessageEventReceivedOnSubProcessReceiveTask', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await messageSubscriptions(t, pi.id), 1, 'one message subscription');
    await t.engine.correlateMessage('newInvoiceMessage');
    eq(await messageSubscriptions(t, pi.id), 0, 'subscription removed');
    await t.assertEnded(pi.id);
  } },
  twoMessages('multiSubProcessReceiveTask', 'testSupportsMessageEventReceivedOnMultiSubProcessReceiveTask', ['newInvoiceMessage', 'newInvoiceMessage']),
  twoMessages('parallelGatewayReceiveTask', 'testSupportsMessageEventReceivedOnReceiveTaskBehindParallelGateway', ['Message 1', 'Message 2']),
  twoMessages('parallelGatewayReceiveTask', 'testSupportsCorrelateMessageOnReceiveTaskBehindParallelGateway', ['Message 1', 'Message 2']),
  { file: `${RT}.multiParallelReceiveTaskBoundary.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsMessageEventReceivedOnParallelMultiInstanceWithBoundary', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await messageSubscriptions(t, pi.id), 3, 'two receive tasks and the boundary');
    eq(await messageSubscriptions(t, pi.id, 'waitState'), 2, 'two for the receive tasks');
    await t.engine.correlateMessage('newInvoiceMessage');
    await t.engine.correlateMessage('newInvoiceMessage');
    eq(await messageSubscriptions(t, pi.id), 0, 'the boundary subscription went with the activity');
    await t.assertEnded(pi.id);
  } },
  { file: `${RT}.multiParallelReceiveTaskBoundary.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsMessageEventReceivedOnParallelMultiInstanceWithBoundaryEventReceived', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await messageSubscriptions(t, pi.id, 'cancel'), 1, 'one for the boundary');
    eq((await t.engine.correlateMessage('cancelInvoiceMessage')).instanceIds, [pi.id], 'boundary message correlated');
    eq(await messageSubscriptions(t, pi.id), 0, 'the receive task subscriptions went with the activity');
    await t.assertEnded(pi.id);
  } },
  { file: `${RT}.multiParallelReceiveTaskCompensate.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testSupportsMessageEventReceivedOnParallelMultiReceiveTaskWithCompensation', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await messageSubscriptions(t, pi.id), 2, 'two message subscriptions');
    await t.engine.correlateMessage('newInvoiceMessage');
    eq(compensationSubscriptions(await t.engine.exportSnapshot(pi.id)), 1, 'compensation subscriptions after the first instance');
    await t.engine.correlateMessage('newInvoiceMessage');
    eq(compensationSubscriptions(await t.engine.exportSnapshot(pi.id)), 3, 'two instances and the multi-instance body');
    eq(await t.taskNames(pi.id), ['Interaction']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${RT}.testWaitStateBehavior.bpmn20.xml`, javaTest: 'ReceiveTaskTest#testWaitStateBehavior', async run(t) {
    await t.deploy();
    const pi = await t.start('receiveTask');
    eq(await t.active(pi.id), ['waitState'], 'an execution waits in the receive task');
    await t.engine.trigger(pi.id, 'waitState');
    await t.assertEnded(pi.id);
  } },
];
