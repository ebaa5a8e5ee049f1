/**
 * exclusive/ (Exclusive*Test), parallel/ (ParallelTest) and job/ (JobPrioritization*Test). The exclusive tests
 * check the `exclusive` flag of a job entity (Java-only) and then that the job executor leaves no job behind:
 * here the async continuations wait until `runDueTimers()` and afterwards nothing is due. The parse checks of
 * the priority attribute are here; the job priorities themselves are in job-priority.ts.
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const X = 'exclusive/';

/** Starts `key`, expects `jobs` continuations waiting, runs them, then nothing is left to run. */
async function jobsRunOut(t: CaseContext, key: string): Promise<string> {
  await t.deploy();
  const pi = await t.start(key);
  ok((await t.instance(pi.id)).status === 'RUNNING', 'the instance waits for its async jobs');
  ok((await t.runJobs()) > 0, 'the jobs ran');
  eq(await t.runJobs(), 0, 'no job left');
  return pi.id;
}

function endsAfterJobs(file: string, javaTest: string, key: string): Camunda7Case {
  return { file: `${X}${file}`, javaTest, async run(t) {
    const id = await jobsRunOut(t, key);
    await t.assertEnded(id);
  } };
}

/** The async catch event's job runs; the message then still has to arrive. */
function catchAfterJobs(file: string, javaTest: string, catchIds: string[]): Camunda7Case {
  return { file: `${X}${file}`, javaTest, async run(t) {
    const id = await jobsRunOut(t, 'exclusive');
    eq(await t.active(id), catchIds, 'waiting for the message after the jobs');
  } };
}

export const cases: Camunda7Case[] = [
  catchAfterJobs('ExclusiveCatchEventTest.testExclusiveCatchEvent.bpmn', 'ExclusiveCatchEventTest#testExclusiveCatchEvent', ['intermediateCatchEvent']),
  catchAfterJobs('ExclusiveCatchEventTest.testNonExclusiveCatchEvent.bpmn', 'ExclusiveCatchEventTest#testNonExclusiveCatchEvent', ['intermediateCatchEvent']),
  catchAfterJobs('ExclusiveCatchEventTest.testExclusiveCatchEventConcurrent.bpmn', 'ExclusiveCatchEventTest#testExclusiveCatchEventConcurrent', ['intermediateCatchEvent1', 'intermediateCatchEvent2']),
  endsAfterJobs('ExclusiveEndEventTest.testExclusiveEndEvent.bpmn', 'ExclusiveEndEventTest#testExclusiveEndEvent', 'exclusive'),
  endsAfterJobs('ExclusiveEndEventTest.testNonExclusiveEndEvent.bpmn', 'ExclusiveEndEventTest#testNonExclusiveEndEvent', 'exclusive'),
  endsAfterJobs('ExclusiveStartEventTest.testExclusiveStartEvent.bpmn', 'ExclusiveStartEventTest#testExclusiveStartEvent', 'exclusive'),
  endsAfterJobs('ExclusiveStartEventTest.testNonExclusiveStartEvent.bpmn', 'ExclusiveStartEventTest#testNonExclusiveStartEvent', 'exclusive'),
  endsAfterJobs('ExclusiveTaskTest.testExclusiveService.bpmn20.xml', 'ExclusiveTaskTest#testExclusiveService', 'exclusive'),
  endsAfterJobs('ExclusiveTaskTest.testNonExclusiveService.bpmn20.xml', 'ExclusiveTaskTest#testNonExclusiveService', 'exclusive'),
  endsAfterJobs('ExclusiveTaskTest.testExclusiveServiceConcurrent.bpmn20.xml', 'ExclusiveTaskTest#testExclusiveServiceConcurrent', 'exclusive'),
  endsAfterJobs('ExclusiveTaskTest.testExclusiveSequence2.bpmn20.xml', 'ExclusiveTaskTest#testExclusiveSequence2', 'testProcess'),
  endsAfterJobs('ExclusiveTaskTest.testExclusiveSequence3.bpmn20.xml', 'ExclusiveTaskTest#testExclusiveSequence3', 'testProcess'),
  endsAfterJobs('ExclusiveThrowEventTest.testExclusiveThrowEvent.bpmn', 'ExclusiveThrowEventTest#testExclusiveThrowEvent', 'exclusive'),
  endsAfterJobs('ExclusiveThrowEventTest.testNonExclusiveThrowEvent.bpmn', 'ExclusiveThrowEventTest#testNonExclusiveThrowEvent', 'exclusive'),
  endsAfterJobs('ExclusiveThrowEventTest.testExclusiveThrowEventConcurrent.bpmn', 'ExclusiveThrowEventTest#testExclusiveThrowEventConcurrent', 'exclusive'),
  { file: `${X}ExclusiveTimerEventTest.testCatchingTimerEvent.bpmn20.xml`, javaTest: 'ExclusiveTimerEventTest#testCatchingTimerEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('exclusiveTimers');
    eq(await t.active(pi.id), ['timer', 'timer2', 'timer3'], 'three timers wait');
    await t.advance(50 * 60_000 + 5000);
    await t.assertEnded(pi.id);
  } },

  { file: 'parallel/ParallelTest.testParallel.bpmn20.xml', javaTest: 'ParallelTest#testParallel', async run(t) {
    await t.deploy();
    const pi = await t.start('myProc');
    eq(await t.active(pi.id), ['userTask1'], 'the manual branch ended, the user task waits');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },

  deployFails('job/invalidPrioProcess.bpmn20.xml', 'JobPrioritizationBpmnConstantValueTest#testFailOnMalformedInput'),
  { file: 'job/JobPrioritizationBpmnTest.testParsePriorityOnNonAsyncActivity.bpmn20.xml', javaTest: 'JobPrioritizationBpmnConstantValueTest#testParsePriorityOnNonAsyncActivity', async run(t) {
    const [d] = await t.deploy();
    ok(d !== undefined && d.processes.length === 1, 'a priority on an activity without jobs deploys');
  } },
];
