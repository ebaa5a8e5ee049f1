/**
 * event/end/: TerminateEndEventTest. Its CountDelegate counts invocations and sets the local variable
 * `terminate` once past three; CountDelegate2 only counts. Both become handlers under their class names,
 * counting per case.
 */
import { eq } from '../camunda7-harness.js';
import { executionRecorder, runningCount } from './event-case-helpers.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const T = 'event/end/TerminateEndEventTest';
const CLS = 'org.camunda.bpm.engine.test.bpmn.event.end.TerminateEndEventTest';

function counters(t: CaseContext): { count: number; count2: number } {
  const c = { count: 0, count2: 0 };
  t.service(`${CLS}$CountDelegate`, () => {
    c.count++;
    return { terminate: c.count > 3 };
  });
  t.service(`${CLS}$CountDelegate2`, () => {
    c.count2++;
  });
  return c;
}

/** The terminate end event inside a scope ends that scope only; `preNormalEnd` then ends the process. */
function continuesParent(m: string, extra: string[] = []): Camunda7Case {
  return { file: `${T}.${m}.bpmn`, javaTest: `TerminateEndEventTest#${m}`, async run(t) {
    counters(t);
    await t.deploy(`${T}.${m}.bpmn`, ...extra);
    const pi = await t.start('terminateEndEventExample');
    // Camunda: one execution left, the parent's (the terminated scope and any called instance are gone).
    eq(await t.taskIds(), ['preNormalEnd'], 'only the parent waits, at preNormalEnd');
    eq(await runningCount(t), 1, 'no called instance left running');
    await t.complete('preNormalEnd', {}, pi.id);
    await t.assertEnded(pi.id);
  } };
}

export const cases: Camunda7Case[] = [
  { file: `${T}.testProcessTerminate.bpmn`, javaTest: 'TerminateEndEventTest#testProcessTerminate', async run(t) {
    counters(t);
    await t.deploy();
    const pi = await t.start('terminateEndEventExample');
    eq(await t.taskIds(pi.id), ['preNormalTerminateTask', 'preTerminateTask'], 'two concurrent paths wait');
    await t.complete('preTerminateTask', {}, pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${T}.testTerminateWithSubProcess.bpmn`, javaTest: 'TerminateEndEventTest#testTerminateWithSubProcess', async run(t) {
    counters(t);
    await t.deploy();
    const pi = await t.start('terminateEndEventExample');
    eq(await t.active(pi.id), ['SubProcess_1', 'preNormalEnd', 'preTerminateEnd'], 'three concurrent paths, one inside the subprocess');
    await t.complete('preTerminateEnd', {}, pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${T}.testTerminateWithCallActivity.bpmn`, javaTest: 'TerminateEndEventTest#testTerminateWithCallActivity', async run(t) {
    await t.deploy(`${T}.testTerminateWithCallActivity.bpmn`, `${T}.subProcessNoTerminate.bpmn`);
    const pi = await t.start('terminateEndEventExample');
    eq(await t.active(pi.id), ['CallActivity_1', 'preTerminateEnd'], 'the call activity and the task wait');
    await t.complete('preTerminateEnd', {}, pi.id);
    await t.assertEnded(pi.id);
  } },
  continuesParent('testTerminateInSubProcess'),
  continuesParent('testTerminateInSubProcessConcurrent'),
  continuesParent('testTerminateInSubProcessMultiInstance'),
  { file: `${T}.testTerminateInSubProcessConcurrentMultiInstance.bpmn`, javaTest: 'TerminateEndEventTest#testTerminateInSubProcessConcurrentMultiInstance', async run(t) {
    counters(t);
    await t.deploy();
    const pi = await t.start('terminateEndEventExample');
    // CountDelegate lets three of the concurrent subprocess instances run on; the rest terminate themselves.
    eq(await t.taskIds(pi.id), ['preNormalEnd', 'task', 'task', 'task'], 'preNormalEnd and the three surviving instances');
    await t.complete('preNormalEnd', {}, pi.id);
    eq(await t.taskIds(pi.id), ['task', 'task', 'task'], 'the surviving instances still wait');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${T}.testTerminateInSubProcessSequentialConcurrentMultiInstance.bpmn`, javaTest: 'TerminateEndEventTest#testTerminateInSubProcessSequentialConcurrentMultiInstance', async run(t) {
    const c = counters(t);
    await t.deploy();
    const pi = await t.start('terminateEndEventExample');
    eq(c.count2, 3, 'three of five instances finished normally');
    await t.complete('preNormalEnd', {}, pi.id);
    await t.assertEnded(pi.id);
  } },
  ...(['testTerminateInSubProcessShouldNotInvokeProcessEndListeners', 'testTerminateInSubProcessConcurrentShouldNotInvokeProcessEndListeners'] as const).map((m): Camunda7Case => ({
    file: `${T}.${m}.bpmn20.xml`, javaTest: `TerminateEndEventTest#${m}`, async run(t) {
      const recorded = executionRecorder(t, 'org.camunda.bpm.engine.test.bpmn.executionlistener.RecorderExecutionListener');
      await t.deploy();
      const pi = await t.start('terminateEndEventExample');
      eq(await t.taskIds(pi.id), ['outerTask'], 'the outer task remains');
      eq(recorded, [], 'the process end listener was not invoked');
    },
  })),
  continuesParent('testTerminateInCallActivity', [`${T}.subProcessTerminate.bpmn`]),
  continuesParent('testTerminateInCallActivityMulitInstance', [`${T}.subProcessTerminate.bpmn`]),
  continuesParent('testTerminateInCallActivityConcurrent', [`${T}.subProcessConcurrentTerminate.bpmn`]),
  continuesParent('testTerminateInCallActivityConcurrentMulitInstance', [`${T}.subProcessConcurrentTerminate.bpmn`]),
];
