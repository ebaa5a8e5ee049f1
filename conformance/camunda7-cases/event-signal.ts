/**
 * event/signal/: SignalEventTest. `runtimeService.signalEventReceived(name)` becomes `broadcastSignal(name)`;
 * the DummyServiceTask delegate becomes a handler that records that it ran.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { subscriptionNames } from './event-case-helpers.js';

const S = 'event/signal/';
const TS = `${S}SignalEventTests`;

function dummy(t: CaseContext): { wasExecuted: boolean } {
  const d = { wasExecuted: false };
  t.service('org.camunda.bpm.engine.test.bpmn.event.signal.DummyServiceTask', () => {
    d.wasExecuted = true;
  });
  return d;
}

async function running(t: CaseContext): Promise<number> {
  return (await t.engine.listInstances({ status: 'RUNNING' })).items.length;
}

export const cases: Camunda7Case[] = [
  ...([
    ['testSignalCatchIntermediate', 'catchAlertSignal'],
    ['testSignalCatchBoundary', 'catchAlertSignalBoundary'],
  ] as const).map(([m, f]): Camunda7Case => ({
    file: `${TS}.${f}.bpmn20.xml`, javaTest: `SignalEventTest#${m}`, async run(t) {
      await t.deploy(`${TS}.${f}.bpmn20.xml`, `${TS}.throwAlertSignal.bpmn20.xml`);
      await t.start('catchSignal');
      eq(await running(t), 1, 'one waiting instance');
      await t.start('throwSignal');
      eq(await running(t), 0, 'the thrown signal ends the catching instance');
    },
  })),
  { file: `${TS}.catchAlertSignalBoundaryWithReceiveTask.bpmn20.xml`, javaTest: 'SignalEventTest#testSignalCatchBoundaryWithVariables', async run(t) {
    await t.deploy(`${TS}.catchAlertSignalBoundaryWithReceiveTask.bpmn20.xml`, `${TS}.throwAlertSignal.bpmn20.xml`);
    const pi = await t.start('catchSignal', { processName: 'catchSignal' });
    await t.start('throwSignal', { processName: 'throwSignal' });
    eq((await t.instance(pi.id)).variables.processName, 'catchSignal', 'variables are not shared across instances');
  } },
  { file: `${TS}.throwAlertSignalAsynch.bpmn20.xml`, javaTest: 'SignalEventTest#testSignalCatchIntermediateAsynch', async run(t) {
    await t.deploy(`${TS}.catchAlertSignal.bpmn20.xml`, `${TS}.throwAlertSignalAsynch.bpmn20.xml`);
    const c = await t.start('catchSignal');
    await t.start('throwSignal');
    // Camunda: the thrower ends at once; the catcher keeps its subscription until the delivery job runs.
    eq(await running(t), 1, 'only the catching instance still runs');
    eq(await subscriptionNames(t, c.id), ['alert'], 'the catcher still subscribes until the job runs');
    await t.advance(1000);
    eq(await running(t), 0, 'both ended after the job');
    eq(await t.runJobs(), 0, 'no job left');
  } },
  { file: `${TS}.catchMultipleSignals.bpmn20.xml`, javaTest: 'SignalEventTest#testSignalCatchDifferentSignals', async run(t) {
    await t.deploy(`${TS}.catchMultipleSignals.bpmn20.xml`, `${TS}.throwAlertSignal.bpmn20.xml`, `${TS}.throwAbortSignal.bpmn20.xml`);
    await t.start('catchSignal');
    await t.start('throwAbort');
    eq(await running(t), 1, 'still waiting for the alert');
    const [afterAbort] = await t.engine.listUserTasks({ assignee: 'gonzo' });
    ok(afterAbort !== undefined, 'a task for gonzo after the abort signal');
    await t.engine.completeUserTask(afterAbort!.id, {});
    await t.start('throwSignal');
    eq(await running(t), 0, 'all ended');
  } },
  { file: `${S}SignalEventTest.testSignalBoundaryOnSubProcess.bpmn20.xml`, javaTest: 'SignalEventTest#testSignalBoundaryOnSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('signalEventOnSubprocess');
    await t.engine.broadcastSignal('stopSignal');
    await t.assertEnded(pi.id);
  } },
  { file: `${S}SignalEventTest.testNonInterruptingSignal.bpmn20.xml`, javaTest: 'SignalEventTest#testNonInterruptingSignal', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingSignalEvent');
    eq(await t.taskNames(pi.id), ['My User Task']);
    await t.engine.broadcastSignal('alert');
    eq(await t.taskNames(pi.id), ['My Second User Task', 'My User Task']);
    await t.complete('My User Task', {}, pi.id);
    eq(await t.taskNames(pi.id), ['My Second User Task']);
  } },
  { file: `${S}SignalEventTest.testNonInterruptingSignalWithSubProcess.bpmn20.xml`, javaTest: 'SignalEventTest#testNonInterruptingSignalWithSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingSignalWithSubProcess');
    eq(await t.taskNames(pi.id), ['Approve']);
    await t.engine.broadcastSignal('alert');
    eq(await t.taskNames(pi.id), ['Approve', 'Review']);
    await t.complete('Approve', {}, pi.id);
    eq(await t.taskNames(pi.id), ['Review']);
    await t.complete('Review', {}, pi.id);
    eq((await t.tasks(pi.id)).length, 1, 'one task after review');
  } },
  { file: `${S}SignalEventTest.testSignalStartEventInEventSubProcess.bpmn20.xml`, javaTest: 'SignalEventTest#testSignalStartEventInEventSubProcess', async run(t) {
    const d = dummy(t);
    await t.deploy();
    const pi = await t.start('signalStartEventInEventSubProcess');
    eq((await t.tasks(pi.id)).length, 1, 'one task');
    await t.engine.broadcastSignal('alert');
    ok(d.wasExecuted, 'the event subprocess ran its service task');
    eq((await t.tasks(pi.id)).length, 0, 'the interrupting signal removed the task');
    await t.assertEnded(pi.id);
  } },
  { file: `${S}SignalEventTest.testNonInterruptingSignalStartEventInEventSubProcess.bpmn20.xml`, javaTest: 'SignalEventTest#testNonInterruptingSignalStartEventInEventSubProcess', async run(t) {
    const d = dummy(t);
    await t.deploy();
    const pi = await t.start('nonInterruptingSignalStartEventInEventSubProcess');
    await t.engine.broadcastSignal('alert');
    ok(d.wasExecuted, 'the event subprocess ran its service task');
    eq((await t.tasks(pi.id)).length, 1, 'the task remains');
    ok(!(await t.ended(pi.id)), 'the instance still runs');
  } },
  { file: `${S}SignalEventTest.signalStartEvent.bpmn20.xml`, javaTest: 'SignalEventTest#testSignalStartEvent', async run(t) {
    await t.deploy();
    await t.engine.broadcastSignal('alert');
    eq((await t.tasks()).length, 1, 'the signal started an instance');
  } },
];
