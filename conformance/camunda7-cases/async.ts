/**
 * async/: AsyncTaskTest on service tasks. `executeAvailableJobs()` becomes `runDueTimers()` until nothing
 * fires (`runJobs()` counts the jobs it fired). The AsyncService delegate counts its invocations;
 * FailingAsyncService always throws.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';
import { asyncService, jobCount } from './async-support.js';

const A = 'async/AsyncTaskTest';

/**
 * The service is not called at start; `jobsAtStart` jobs wait; running the jobs calls it `times` times in
 * `jobsRun` jobs (`executeAvailableJobs(n)` asserts exactly n executions) and leaves none.
 */
function invokedAfterJobs(m: string, key: string, times: number, jobsAtStart = 1, jobsRun?: number): Camunda7Case {
  return { file: `${A}.${m}.bpmn20.xml`, javaTest: `AsyncTaskTest#${m}`, async run(t) {
    const c = asyncService(t);
    await t.deploy();
    const pi = await t.start(key);
    eq(c.invocations, 0, 'the service waits for its job');
    ok(pi.status === 'RUNNING', 'the instance waits at the async continuation');
    eq(await jobCount(t, pi.id), jobsAtStart, 'jobs at start');
    const ran = await t.runJobs();
    if (jobsRun !== undefined) eq(ran, jobsRun, 'jobs executed');
    eq(c.invocations, times, 'invocations after the jobs ran');
    eq(await jobCount(t, pi.id), 0, 'no job left');
    ok((await t.instance(pi.id)).incidents.length === 0, 'no incident');
  } };
}

export const cases: Camunda7Case[] = [
  invokedAfterJobs('testAsyncServiceNoListeners', 'asyncService', 1),
  invokedAfterJobs('testAsyncServiceConcurrent', 'asyncService', 1),
  // camunda:async on the activity holds the multi-instance body: one job for all five calls.
  invokedAfterJobs('testAsyncSequentialMultiInstanceWithServiceTask', 'asyncService', 5, 1, 1),
  invokedAfterJobs('testAsyncParallelMultiInstanceWithServiceTask', 'asyncService', 5, 1, 1),
  // camunda:asyncBefore on multiInstanceLoopCharacteristics holds each inner instance.
  invokedAfterJobs('testAsyncServiceWrappedInSequentialMultiInstance', 'asyncService', 5, 1, 5),
  invokedAfterJobs('testAsyncServiceWrappedInParallelMultiInstance', 'asyncService', 5, 5, 5),
  { file: `${A}.testAsyncServiceWrappedInParallelMultiInstance.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncServiceWrappedInParallelMultiInstanceActivityInstance', async run(t) {
    asyncService(t);
    await t.deploy();
    const pi = await t.start('asyncService');
    const s = await t.engine.exportSnapshot(pi.id);
    eq(s.jobs.filter((j) => j.kind === 'async' && j.asyncAt === 'before' && j.elementId === 'service').length, 5, 'five inner async-before jobs');
    eq(s.tokens.filter((x) => x.elementId === 'service' && x.loopInstance !== undefined).length, 5, 'five inner instances wait inside the body');
  } },
  invokedAfterJobs('testAsyncBeforeAndAfterOfServiceWrappedInParallelMultiInstance', 'asyncService', 5, 5, 10),
  invokedAfterJobs('testAsyncBeforeSequentialMultiInstanceWithAsyncAfterServiceWrappedInMultiInstance', 'asyncService', 5, 1, 6),
  { ...invokedAfterJobs('testAsyncBeforeAndAfterParallelMultiInstanceWithAsyncBeforeAndAfterServiceWrappedInMultiInstance', 'asyncService', 5),
    async run(t) {
      const c = asyncService(t);
      await t.deploy();
      const pi = await t.start('asyncService');
      eq(c.invocations, 0, 'not invoked before the jobs');
      eq(await jobCount(t, pi.id), 1, 'one job for the multi-instance body');
      // body before (1) + inner before (5) + inner after (5) + body after (1)
      eq(await t.runJobs(), 12, 'jobs executed');
      eq(c.invocations, 5, 'invocations');
      await t.assertEnded(pi.id);
    } },
  { file: `${A}.testAsyncServiceSubProcessTimer.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncServiceSubProcessTimer', async run(t) {
    const c = asyncService(t);
    await t.deploy();
    const pi = await t.start('asyncService');
    eq(c.invocations, 0, 'not invoked before the job');
    await t.runJobs();
    eq(c.invocations, 1, 'invoked by the job');
    await t.advance(365 * 86_400_000);
    eq(c.invocations, 1, 'the timer was cancelled with its scope');
    ok((await t.instance(pi.id)).incidents.length === 0, 'no incident');
  } },
  { file: `${A}.testAsyncServiceSubProcess.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncServiceSubProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncService');
    eq(await t.active(pi.id), ['subProcess'], 'waits before the subprocess');
    await t.runJobs();
    eq(await t.runJobs(), 0, 'no job left');
  } },
  { file: `${A}.testAsyncTask.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncTask', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncTask');
    ok(pi.status === 'RUNNING', 'waits at the async task');
    await t.runJobs();
    eq(await t.runJobs(), 0, 'no job left');
  } },
  { file: `${A}.testFailingAsyncServiceTimer.bpmn20.xml`, javaTest: 'AsyncTaskTest#testFailingAsyncServiceTimer', async run(t) {
    asyncService(t);
    await t.deploy();
    const pi = await t.start('asyncService');
    eq(await jobCount(t, pi.id), 1, 'one job (the async continuation) at start');
    await t.runJobs();
    const after = await t.instance(pi.id);
    eq(after.activeElementIds, ['service'], 'the service failed: the execution still sits in the service task');
    // The boundary timer was created in the failed attempt, which Camunda rolls back: one job, no timer.
    eq(await jobCount(t, pi.id), 1, 'a single job left');
    await t.advance(10_000);
    eq((await t.instance(pi.id)).activeElementIds, ['service'], 'no timer fires the boundary event');
  } },
];
