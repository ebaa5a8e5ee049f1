/**
 * More of event/signal/: SignalEventTest, SignalEventDeploymentTest, SignalEventExpressionNameTest and
 * SignalEventConcurrencyTest. `signalEventReceived(name)` becomes `broadcastSignal(name)`; event
 * subscription and process instance queries read snapshots; firing a job is `runJobs()`. A signal thrown
 * with `camunda:async` reaches each receiver through a job (a delivery the job loop carries out).
 */
import { eq, ok, rejects } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { dummyDelegate, executionRecorder, runningCount, subscriptionNames } from './event-case-helpers.js';

const S = 'event/signal/';
const TS = `${S}SignalEventTests`;
const XN = `${S}SignalEventExpressionNameTest`;
const START = `${S}SignalEventTest.signalStartEvent.bpmn20.xml`;
const RECORDER = 'org.camunda.bpm.engine.test.bpmn.executionlistener.RecorderExecutionListener';
const DUMMY = 'org.camunda.bpm.engine.test.bpmn.event.signal.DummyServiceTask';

function signalTest(javaTest: string, file: string, deploy: string[], run: (t: CaseContext) => Promise<void>): Camunda7Case {
  return { file, javaTest, async run(t) {
    await t.deploy(...deploy);
    await run(t);
  } };
}

/** testThrowSignalMultipleCancellingReceivers and its intermediate-throw variant. */
async function cancellingReceivers(t: CaseContext, events: string[], fire: () => Promise<unknown>): Promise<void> {
  const pi = await t.start('catchAlertTwiceAndTerminate');
  eq(await subscriptionNames(t, pi.id), ['alert', 'alert'], 'two catch events subscribe');
  await fire();
  eq(events.length, 1, 'only one terminate end event ran (the first catch terminated the other)');
  eq(await runningCount(t), 0, 'every instance ended');
}

/** SignalEventExpressionNameTest: a catch or boundary event subscribes under the evaluated name. */
async function expressionCatch(t: CaseContext, throwKey: string): Promise<void> {
  await t.start('catchSignal', { var: 'TestVar' });
  eq(await subscriptionNames(t), ['alert-TestVar'], 'subscribed under the evaluated name');
  await t.start(throwKey, { var: 'TestVar' });
  eq(await subscriptionNames(t), [], 'the thrown signal (its name evaluated too) was received');
  eq(await runningCount(t), 0, 'no instance left');
}

export const cases: Camunda7Case[] = [
  signalTest('SignalEventDeploymentTest#testUpdateEventSubscriptionOnDeployment', `${S}SignalEventTest.signalStartEvent_v2.bpmn20.xml`, [START], async (t) => {
    const [v2] = await t.deploy(`${S}SignalEventTest.signalStartEvent_v2.bpmn20.xml`);
    eq(v2?.processes[0]?.version, 2, 'a second version of startBySignal');
    eq((await t.engine.broadcastSignal('alert')).instanceIds, [], 'the old version no longer starts on "alert"');
    eq((await t.engine.broadcastSignal('abort')).instanceIds.length, 1, 'the new version starts on "abort"');
  }),
  signalTest('SignalEventTest#testMultipleProcessesWithSameSignalStartEvent', `${S}SignalEventTest.testOtherSignalStartEvent.bpmn20.xml`,
    [START, `${S}SignalEventTest.testOtherSignalStartEvent.bpmn20.xml`], async (t) => {
      eq((await t.engine.broadcastSignal('alert')).instanceIds.length, 2, 'both processes started');
      eq((await t.tasks()).length, 2, 'a task in each');
    }),
  signalTest('SignalEventTest#testProcessesWithMultipleSignalStartEvents', `${S}SignalEventTest.testProcessesWithMultipleSignalStartEvents.bpmn20.xml`, [], async (t) => {
    await t.engine.broadcastSignal('alert');
    eq(await t.taskIds(), ['alertTask'], 'the alert start event started one instance');
  }),
  signalTest('SignalEventTest#testStartProcessInstanceBySignalFromIntermediateThrowingSignalEvent', `${TS}.throwAlertSignal.bpmn20.xml`,
    [START, `${TS}.throwAlertSignal.bpmn20.xml`], async (t) => {
      await t.start('throwSignal');
      eq((await t.tasks()).length, 1, 'the thrown signal started an instance');
    }),
  signalTest('SignalEventTest#testAsyncSignalStartEvent', `${TS}.throwAlertSignalAsync.bpmn20.xml`, [START, `${TS}.throwAlertSignalAsync.bpmn20.xml`], async (t) => {
    await t.start('throwSignalAsync');
    eq((await t.tasks()).length, 0, 'no task before the job ran');
    ok((await t.runJobs()) > 0, 'the job for the signal start event ran');
    const started = (await t.engine.listInstances({ processKey: 'startBySignal' })).items;
    eq(started.length, 1, 'an instance of the catching process');
    eq(await t.taskIds(started[0]!.id), ['task'], 'with its task');
  }),
  signalTest('SignalEventTest#testSignalCatchDifferentSignals', `${TS}.throwAbortSignal.bpmn20.xml`,
    [`${TS}.catchMultipleSignals.bpmn20.xml`, `${TS}.throwAbortSignal.bpmn20.xml`], async (t) => {
      const c = await t.start('catchSignal');
      eq(await subscriptionNames(t, c.id), ['abort', 'alert'], 'two subscriptions');
      const thrower = await t.start('throwAbort');
      await t.assertEnded(thrower.id);
      eq(await subscriptionNames(t, c.id), ['alert'], 'the abort catch fired');
      ok((await t.engine.listUserTasks({ assignee: 'gonzo' })).length === 1, 'the task after the abort signal');
    }),
  { file: `${TS}.catchAlertTwiceAndTerminate.bpmn20.xml`, javaTest: 'SignalEventTest#testThrowSignalMultipleCancellingReceivers', async run(t) {
    const events = executionRecorder(t, RECORDER);
    await t.deploy();
    await cancellingReceivers(t, events, () => t.engine.broadcastSignal('alert'));
  } },
  // The "2" file is the model of catchAlertTwiceAndTerminate under another name; no Camunda test deploys it.
  { file: `${TS}.catchAlertTwiceAndTerminate2.bpmn20.xml`, javaTest: 'SignalEventTest#testIntermediateThrowSignalMultipleCancellingReceivers', async run(t) {
    const events = executionRecorder(t, RECORDER);
    await t.deploy(`${TS}.catchAlertTwiceAndTerminate2.bpmn20.xml`, `${TS}.throwAlertSignal.bpmn20.xml`);
    await cancellingReceivers(t, events, () => t.start('throwSignal'));
  } },
  signalTest('SignalEventTest#testThrownSignalInEventSubprocessInSubprocess', `${S}SignalEventTest.testThrownSignalInEventSubprocessInSubprocess.bpmn20.xml`, [], async (t) => {
    const pi = await t.start('embeddedEventSubprocess');
    eq(await t.taskNames(pi.id), ['task in subprocess']);
    await t.advance(10_000);
    eq(await t.taskNames(pi.id), ['after catch'], 'the signal thrown in the nested event subprocess reached the boundary of its subprocess');
    eq((await t.engine.exportSnapshot(pi.id)).timers, [], 'the cycle timer went with the subprocess');
  }),

  signalTest('SignalEventExpressionNameTest#testSignalCatchIntermediate', `${XN}.testSignalCatchIntermediate.bpmn20.xml`, [], async (t) => {
    await t.start('catchSignal', { var: 'TestVar' });
    eq(await subscriptionNames(t), ['alert-TestVar']);
  }),
  signalTest('SignalEventExpressionNameTest#testSignalCatchIntermediateActsOnEventReceive', `${XN}.testSignalCatchIntermediate.bpmn20.xml`, [], async (t) => {
    await t.start('catchSignal', { var: 'TestVar' });
    await t.engine.broadcastSignal('alert-TestVar');
    eq(await subscriptionNames(t), [], 'the subscription fired');
  }),
  signalTest('SignalEventExpressionNameTest#testSignalExpressionErrorHandling', `${XN}.testSignalCatchIntermediate.bpmn20.xml`, [], async (t) => {
    const failed = await t.start('catchSignal').then((i) => i.incidents.length > 0 || i.status === 'FAILED', () => true);
    ok(failed, 'the signal name cannot be resolved without "var"');
    eq(await subscriptionNames(t), [], 'no signal subscription');
  }),
  signalTest('SignalEventExpressionNameTest#testSignalThrowCatchIntermediate', `${XN}.testSignalThrowIntermediate.bpmn20.xml`,
    [`${XN}.testSignalCatchIntermediate.bpmn20.xml`, `${XN}.testSignalThrowIntermediate.bpmn20.xml`], (t) => expressionCatch(t, 'throwSignal')),
  signalTest('SignalEventExpressionNameTest#testSignalThrowEndCatchIntermediate', `${XN}.testSignalThrowEnd.bpmn20.xml`,
    [`${XN}.testSignalCatchIntermediate.bpmn20.xml`, `${XN}.testSignalThrowEnd.bpmn20.xml`], (t) => expressionCatch(t, 'throwEndSignal')),
  signalTest('SignalEventExpressionNameTest#testSignalCatchBoundary', `${XN}.testSignalCatchBoundary.bpmn20.xml`,
    [`${XN}.testSignalCatchBoundary.bpmn20.xml`, `${XN}.testSignalThrowIntermediate.bpmn20.xml`], (t) => expressionCatch(t, 'throwSignal')),
  signalTest('SignalEventExpressionNameTest#testSignalStartEvent', `${XN}.testSignalStartEvent.bpmn20.xml`, [], async (t) => {
    eq((await t.tasks()).length, 0, 'nothing started yet');
    await t.engine.broadcastSignal('alert-foo');
    eq((await t.tasks()).length, 1, 'the evaluated name started an instance');
  }),
  { file: `${XN}.testSignalStartEventInEventSubProcess.bpmn20.xml`, javaTest: 'SignalEventExpressionNameTest#testSignalStartEventInEventSubProcess', async run(t) {
    const d = dummyDelegate(t, DUMMY);
    await t.deploy();
    const pi = await t.start('signalStartEventInEventSubProcess');
    eq((await t.tasks(pi.id)).length, 1, 'one task');
    await t.engine.broadcastSignal('alert-foo');
    ok(d.wasExecuted, 'the event subprocess ran its service task');
    eq((await t.tasks(pi.id)).length, 0, 'the interrupting event subprocess removed the task');
    await t.assertEnded(pi.id);
  } },
  signalTest('SignalEventExpressionNameTest#testAsyncSignalStartEvent', `${XN}.throwAlertSignalAsync.bpmn20.xml`,
    [`${XN}.testSignalStartEvent.bpmn20.xml`, `${XN}.throwAlertSignalAsync.bpmn20.xml`], async (t) => {
      await t.start('throwSignalAsync');
      ok((await t.runJobs()) > 0, 'a job delivered the signal');
      eq((await t.engine.listInstances({ processKey: 'startBySignal' })).items.length, 1, 'an instance of the catching process');
      eq((await t.tasks()).length, 1, 'and its task');
    }),

  signalTest('SignalEventConcurrencyTest#shouldThrowExceptionWhenSignallingWithCompletedExecution', `${S}SignalEventConcurrencyTest.testSignalWithCompletedExecution.bpmn20.xml`, [], async (t) => {
    // Camunda races a signal against completing the task; here the completion wins outright, and the
    // signal then finds no subscription of that instance instead of a vanished execution.
    const pi = await t.start('mainProcess');
    eq(await subscriptionNames(t, pi.id), ['effectCreatedSignal']);
    await t.complete('IdActAlex', {}, pi.id);
    await t.assertEnded(pi.id);
    eq((await t.engine.broadcastSignal('effectCreatedSignal')).instanceIds, [], 'the signal reaches no instance');
    await rejects(t.engine.trigger(pi.id, 'IdActAlex'), undefined, 'moving the ended instance');
  }),
];
