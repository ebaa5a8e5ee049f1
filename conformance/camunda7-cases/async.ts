/**
 * async/: AsyncTaskTest. `executeAvailableJobs()` becomes `runDueTimers()` until nothing fires. The AsyncService
 * delegate counts its invocations; FailingAsyncService always throws.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const A = 'async/AsyncTaskTest';
const PKG = 'org.camunda.bpm.engine.test.bpmn.async';

function asyncService(t: CaseContext): { invocations: number } {
  const c = { invocations: 0 };
  t.service(`${PKG}.AsyncService`, () => {
    c.invocations++;
  });
  t.service(`${PKG}.FailingAsyncService`, () => {
    throw new Error('FailingAsyncService');
  });
  return c;
}

function invokedAfterJobs(m: string, key: string, times: number): Camunda7Case {
  return { file: `${A}.${m}.bpmn20.xml`, javaTest: `AsyncTaskTest#${m}`, async run(t) {
    const c = asyncService(t);
    await t.deploy();
    const pi = await t.start(key);
    eq(c.invocations, 0, 'the service waits for its job');
    ok(pi.status === 'RUNNING', 'the instance waits at the async continuation');
    await t.runJobs();
    eq(c.invocations, times, 'invocations after the jobs ran');
    eq(await t.runJobs(), 0, 'no job left');
    ok((await t.instance(pi.id)).incidents.length === 0, 'no incident');
  } };
}

export const cases: Camunda7Case[] = [
  invokedAfterJobs('testAsyncServiceNoListeners', 'asyncService', 1),
  invokedAfterJobs('testAsyncServiceConcurrent', 'asyncService', 1),
  invokedAfterJobs('testAsyncSequentialMultiInstanceWithServiceTask', 'asyncService', 5),
  invokedAfterJobs('testAsyncParallelMultiInstanceWithServiceTask', 'asyncService', 5),
  invokedAfterJobs('testAsyncServiceWrappedInSequentialMultiInstance', 'asyncService', 5),
  invokedAfterJobs('testAsyncServiceWrappedInParallelMultiInstance', 'asyncService', 5),
  invokedAfterJobs('testAsyncBeforeAndAfterOfServiceWrappedInParallelMultiInstance', 'asyncService', 5),
  invokedAfterJobs('testAsyncBeforeSequentialMultiInstanceWithAsyncAfterServiceWrappedInMultiInstance', 'asyncService', 5),
  { ...invokedAfterJobs('testAsyncBeforeAndAfterParallelMultiInstanceWithAsyncBeforeAndAfterServiceWrappedInMultiInstance', 'asyncService', 5),
    async run(t) {
      const c = asyncService(t);
      await t.deploy();
      const pi = await t.start('asyncService');
      await t.runJobs();
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
    await t.runJobs();
    await t.advance(60_000);
    const after = await t.instance(pi.id);
    ok(after.activeElementIds.includes('service'), `the execution still sits in the service task (active: ${after.activeElementIds.join(', ')})`);
  } },
];
