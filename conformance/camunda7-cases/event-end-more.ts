/**
 * More of event/end/: EndEventTest, MessageEndEventTest, SignalEndEventTest, and the called processes
 * of TerminateEndEventTest's call activity tests (each named by a case of the test that deploys it).
 */
import { BpmnRunnerError } from '../../src/index.js';
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';
import { runningCount, subscriptionNames } from './event-case-helpers.js';

const E = 'event/end/';
const T = `${E}TerminateEndEventTest`;

/** A TerminateEndEventTest call activity test, named by its called process's file. */
function calledProcess(javaTest: string, main: string, called: string, continues: boolean): Camunda7Case {
  return { file: `${T}.${called}.bpmn`, javaTest: `TerminateEndEventTest#${javaTest}`, async run(t) {
    await t.deploy(`${T}.${main}.bpmn`, `${T}.${called}.bpmn`);
    const pi = await t.start('terminateEndEventExample');
    if (continues) {
      eq(await runningCount(t), 1, 'the called process terminated itself; only the parent runs');
      await t.complete('preNormalEnd', {}, pi.id);
    } else {
      await t.complete('preTerminateEnd', {}, pi.id);
    }
    await t.assertEnded(pi.id);
    eq(await runningCount(t), 0, 'no instance left');
  } };
}

export const cases: Camunda7Case[] = [
  { file: `${E}EndEventTest.testConcurrentEndOfSameProcess.bpmn20.xml`, javaTest: 'EndEventTest#testConcurrentEndOfSameProcess', async run(t) {
    // The delegate after the task takes a while; two callers complete the same task meanwhile.
    t.service('org.camunda.bpm.engine.test.bpmn.event.end.EndEventTestJavaDelegate', () => new Promise<void>((resolve) => setImmediate(resolve)));
    await t.deploy();
    const pi = await t.start('oneTaskWithDelay');
    const [task] = await t.tasks(pi.id);
    ok(task !== undefined, 'the task waits');
    const results = await Promise.allSettled([t.engine.completeUserTask(task!.id, {}), t.engine.completeUserTask(task!.id, {})]);
    eq(results.filter((r) => r.status === 'fulfilled').length, 1, 'only one caller completes the task and ends the process');
    const failure = results.find((r) => r.status === 'rejected');
    ok(failure?.status === 'rejected' && failure.reason instanceof BpmnRunnerError, 'the other gets a typed error');
    await t.assertEnded(pi.id);
  } },
  { file: `${E}MessageEndEventTest.testMessageEndEvent.bpmn20.xml`, javaTest: 'MessageEndEventTest#testMessageEndEvent', async run(t) {
    await t.deploy();
    await t.assertEnded((await t.start('process')).id);
  } },
  { file: `${E}SignalEndEventTest.testCatchSignalEndEventInEmbeddedSubprocess.bpmn20.xml`, javaTest: 'SignalEndEventTest#testCatchSignalEndEventInEmbeddedSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('catchSignalEndEventInEmbeddedSubprocess');
    eq(await t.taskNames(pi.id), ['subprocessTask']);
    await t.complete('subprocessTask', {}, pi.id);
    eq(await t.taskNames(pi.id), ['task after catching the signal'], 'the signal end event was caught by the concurrent catch event');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  ...['catchSignalEndEvent', 'processWithSignalEndEvent'].map((f): Camunda7Case => ({
    file: `${E}SignalEndEventTest.${f}.bpmn20.xml`, javaTest: 'SignalEndEventTest#testCatchSignalEndEventInCallActivity', async run(t) {
      await t.deploy(`${E}SignalEndEventTest.catchSignalEndEvent.bpmn20.xml`, `${E}SignalEndEventTest.processWithSignalEndEvent.bpmn20.xml`);
      const c = await t.start('catchSignalEndEvent');
      eq(await subscriptionNames(t), ['alert'], 'one signal subscription');
      const thrower = await t.start('processWithSignalEndEvent');
      await t.assertEnded(thrower.id);
      eq(await t.taskIds(c.id), ['taskAfterSignalCatch']);
      await t.completeAll(c.id);
      await t.assertEnded(c.id);
    },
  })),
  calledProcess('testTerminateInCallActivity', 'testTerminateInCallActivity', 'subProcessTerminate', true),
  calledProcess('testTerminateInCallActivityConcurrent', 'testTerminateInCallActivityConcurrent', 'subProcessConcurrentTerminate', true),
  calledProcess('testTerminateWithCallActivity', 'testTerminateWithCallActivity', 'subProcessNoTerminate', false),
];
