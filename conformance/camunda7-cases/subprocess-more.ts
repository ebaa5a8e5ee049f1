/**
 * subprocess/: InterruptingEventSubProcessTest. An interrupting event subprocess cancels what ran in its
 * scope: the other start events' subscriptions and the boundary timers go, compensation records stay.
 * Camunda's event subscriptions are the snapshot's `subscriptions` (message, signal) plus its compensable
 * records; its timer jobs are the snapshot's `timers`.
 */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const I = 'subprocess/InterruptingEventSubProcessTest';

async function eventSubscriptions(t: CaseContext, instanceId: string): Promise<number> {
  const snap = await t.engine.exportSnapshot(instanceId);
  const compensable = (snap as unknown as { compensable?: unknown[] }).compensable ?? [];
  return snap.subscriptions.length + compensable.length;
}

export const cases: Camunda7Case[] = [
  ...([
    ['testCancelEventSubscriptionsWhenReceivingAMessage', 'taskAfterMessageStartEvent'],
    ['testCancelEventSubscriptionsWhenReceivingASignal', 'tastAfterSignalStartEvent'],
  ] as const).map(([m, after]): Camunda7Case => ({
    file: `${I}.testCancelEventSubscriptions.bpmn`, javaTest: `InterruptingEventSubProcessTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('process');
      eq(await t.taskIds(pi.id), ['taskBeforeInterruptingEventSuprocess']);
      eq(await eventSubscriptions(t, pi.id), 2, 'message and signal start subscriptions');
      const byMessage = after === 'taskAfterMessageStartEvent';
      if (byMessage) eq((await t.engine.correlateMessage('newMessage')).instanceIds, [pi.id], 'message correlated');
      else eq((await t.engine.broadcastSignal('newSignal')).instanceIds, [pi.id], 'signal received');
      eq(await t.taskIds(pi.id), [after], 'the event subprocess interrupted the process');
      eq(await eventSubscriptions(t, pi.id), 0, 'the other start event is no longer subscribed');
      // Camunda throws for the event nobody waits for any more; here it reaches no instance.
      if (byMessage) eq((await t.engine.broadcastSignal('newSignal')).instanceIds, [], 'the signal reaches nobody');
      else eq((await t.engine.correlateMessage('newMessage')).instanceIds, [], 'the message reaches nobody');
      await t.completeAll(pi.id);
      await t.assertEnded(pi.id);
    },
  })),
  { file: `${I}.testCancelTimer.bpmn`, javaTest: 'InterruptingEventSubProcessTest#testCancelTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.taskIds(pi.id), ['taskBeforeInterruptingEventSuprocess']);
    eq((await t.engine.exportSnapshot(pi.id)).timers.length, 1, 'the boundary timer');
    await t.engine.correlateMessage('newMessage');
    eq(await t.taskIds(pi.id), ['taskAfterMessageStartEvent']);
    eq((await t.engine.exportSnapshot(pi.id)).timers.length, 0, 'the timer went with the interrupted task');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${I}.testKeepCompensation.bpmn`, javaTest: 'InterruptingEventSubProcessTest#testKeepCompensation', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.taskIds(pi.id), ['taskBeforeInterruptingEventSuprocess']);
    eq(await eventSubscriptions(t, pi.id), 2, 'the message start event and the compensation of ServiceTask_1');
    await t.engine.correlateMessage('newMessage');
    eq(await t.taskIds(pi.id), ['taskAfterMessageStartEvent']);
    eq(await eventSubscriptions(t, pi.id), 1, 'the compensation subscription is kept');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${I}.testTimeCycle.bpmn20.xml`, javaTest: 'InterruptingEventSubProcessTest#testTimeCycle', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await eventSubscriptions(t, pi.id), 0, 'no message or signal subscription');
    eq(await t.taskIds(pi.id), ['task']);
    eq((await t.engine.exportSnapshot(pi.id)).timers.length, 1, 'the cycle timer of the event subprocess');
    await t.advance(5 * 60_000);
    eq((await t.engine.exportSnapshot(pi.id)).timers.length, 0, 'an interrupting start fires its cycle once');
    eq(await t.taskIds(pi.id), ['eventSubProcessTask']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
];
