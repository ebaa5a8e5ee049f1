/**
 * async/: AsyncTaskTest on elements other than service tasks, and its delete / redeploy / two-end-event
 * tests. Every element carries the AsyncListener start listener: it must not have run before the job, and
 * must have run after it. `runtimeService.deleteProcessInstance` becomes `engine.terminate`.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { asyncListener, asyncService, jobCount, variable } from './async-support.js';

const AT = 'async/AsyncTaskTest';
const RECORDER = 'org.camunda.bpm.engine.test.bpmn.executionlistener.RecorderExecutionListener';

/** Before the job: one job, no listener call, no user task. After it: the listener ran, no job left. */
async function startThenJob(t: CaseContext, key: string, variables: Record<string, unknown> = {}): Promise<string> {
  asyncListener(t);
  await t.deploy();
  const pi = await t.start(key, variables);
  eq(await jobCount(t, pi.id), 1, 'one job at start');
  eq(await variable(t, pi.id, 'listener'), undefined, 'the listener waits for the job');
  eq((await t.tasks(pi.id)).length, 0, 'no user task before the job');
  await t.runJobs();
  eq(await variable(t, pi.id, 'listener'), 'listener invoked', 'the listener ran with the job');
  eq(await jobCount(t, pi.id), 0, 'no job left');
  return pi.id;
}

/** After the job the named user tasks are open; completing them ends the instance. */
function tasksAfterJob(m: string, key: string, expectTasks: string[], variables: Record<string, unknown> = {}): Camunda7Case {
  return { file: `${AT}.${m}.bpmn20.xml`, javaTest: `AsyncTaskTest#${m}`, async run(t) {
    const id = await startThenJob(t, key, variables);
    eq(await t.taskIds(id), expectTasks, 'user tasks after the job');
    await t.completeAll(id);
    await t.assertEnded(id);
  } };
}

/** A recorder for RecorderExecutionListener: the element ids it was notified for, in order. */
function recorder(t: CaseContext): string[] {
  const seen: string[] = [];
  t.service(RECORDER, (ctx) => {
    seen.push(ctx.elementId);
  });
  return seen;
}

export const cases: Camunda7Case[] = [
  tasksAfterJob('testAsyncUserTask', 'asyncUserTask', ['userTask']),
  tasksAfterJob('testAsyncManualTask', 'asyncManualTask', ['userTask']),
  tasksAfterJob('testAsyncIntermediateThrowEvent', 'asyncIntermediateThrowEvent', ['userTask']),
  tasksAfterJob('testAsyncExclusiveGateway', 'asyncExclusiveGateway', ['userTask1'], { flow: false }),
  tasksAfterJob('testAsyncInclusiveGateway', 'asyncInclusiveGateway', ['userTask1', 'userTask2']),
  { file: `${AT}.testAsyncIntermediateCatchEvent.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncIntermediateCatchEvent', async run(t) {
    asyncListener(t);
    await t.deploy();
    const pi = await t.start('asyncIntermediateCatchEvent');
    eq(await jobCount(t, pi.id), 1, 'one job at start');
    eq(await variable(t, pi.id, 'listener'), undefined, 'the listener waits for the job');
    eq((await t.engine.correlateMessage('testMessage1')).instanceIds, [], 'the catch event does not listen before the job');
    await t.runJobs();
    eq((await t.engine.correlateMessage('testMessage1')).instanceIds, [pi.id], 'the message arrives after the job');
    eq(await variable(t, pi.id, 'listener'), 'listener invoked', 'the listener ran');
    eq(await jobCount(t, pi.id), 0, 'no job left');
    eq(await t.taskIds(pi.id), ['userTask'], 'the user task after the catch event');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${AT}.testAsyncEventGateway.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncEventGateway', async run(t) {
    const id = await startThenJob(t, 'asyncEventGateway');
    eq((await t.engine.correlateMessage('testMessageDef1')).instanceIds, [id], 'the first message event takes the token');
    eq(await t.taskIds(id), ['userTask1'], 'the user task after that event');
    await t.completeAll(id);
    await t.assertEnded(id);
  } },
  { file: `${AT}.testAsyncServiceListeners.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncServiceListeners', async run(t) {
    asyncListener(t);
    asyncService(t);
    await t.deploy();
    const pi = await t.start('asyncService');
    eq(await jobCount(t, pi.id), 1, 'one job at start');
    eq(await variable(t, pi.id, 'listener'), undefined, 'the listener was not yet invoked');
    await t.runJobs();
    eq(await jobCount(t, pi.id), 0, 'no job left');
    await t.assertEnded(pi.id);
  } },
  { file: `${AT}.testAsyncCallActivity.bpmn20.xml`, javaTest: 'AsyncTaskTest#testAsyncCallActivity', resources: [`${AT}.testAsyncServiceNoListeners.bpmn20.xml`], async run(t) {
    const c = asyncService(t);
    await t.deploy(`${AT}.testAsyncCallActivity.bpmn20.xml`, `${AT}.testAsyncServiceNoListeners.bpmn20.xml`);
    const pi = await t.start('asyncCallactivity');
    eq(await jobCount(t, pi.id), 1, 'one job (the multi-instance call activity) at start');
    await t.runJobs();
    eq(c.invocations, 10, 'each of the ten called instances ran its async service');
    await t.assertEnded(pi.id);
  } },
  { file: `${AT}.testDeleteShouldNotInvokeListeners.bpmn20.xml`, javaTest: 'AsyncTaskTest#testDeleteShouldNotInvokeListeners', async run(t) {
    const seen = recorder(t);
    await t.deploy();
    const pi = await t.start('asyncListener');
    eq(await jobCount(t, pi.id), 1, 'one job');
    await t.engine.terminate(pi.id);
    eq(seen, [], 'the async task was not active yet: its end listener does not run');
  } },
  { file: `${AT}.testDeleteInScopeShouldNotInvokeListeners.bpmn20.xml`, javaTest: 'AsyncTaskTest#testDeleteInScopeShouldNotInvokeListeners', async run(t) {
    const seen = recorder(t);
    await t.deploy();
    const pi = await t.start('asyncListenerSubProcess');
    eq(await jobCount(t, pi.id), 1, 'one job');
    await t.engine.terminate(pi.id);
    // The subprocess and the process end (their listeners run); the task inside never started.
    eq(seen.length, 2, `end listener calls (${seen.join(', ')})`);
    eq(seen[0], 'subProcess', 'the subprocess ends first, then the process');
  } },
  { file: `${AT}.testDeleteShouldNotInvokeOutputMapping.bpmn20.xml`, javaTest: 'AsyncTaskTest#testDeleteShouldNotInvokeOutputMapping', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncOutputMapping');
    eq(await jobCount(t, pi.id), 1, 'one job');
    const after = await t.engine.terminate(pi.id);
    ok(!('outputMappingExecuted' in after.variables), 'the output mapping of the task that never started did not run');
  } },
  { file: `${AT}.testDeleteInScopeShouldNotInvokeOutputMapping.bpmn20.xml`, javaTest: 'AsyncTaskTest#testDeleteInScopeShouldNotInvokeOutputMapping', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncOutputMappingSubProcess');
    eq(await jobCount(t, pi.id), 1, 'one job');
    const after = await t.engine.terminate(pi.id);
    ok(!('taskOutputMappingExecuted' in after.variables), 'the output mapping of the task that never started did not run');
    eq(after.variables.subProcessOutputMappingExecuted, true, 'the containing subprocess ends and maps its output');
  } },
  { file: `${AT}.testDeployAndRemoveAsyncActivity.v1.bpmn20.xml`, javaTest: 'AsyncTaskTest#testDeployAndRemoveAsyncActivity', resources: [`${AT}.testDeployAndRemoveAsyncActivity.v2.bpmn20.xml`], async run(t) {
    await t.deploy(`${AT}.testDeployAndRemoveAsyncActivity.v1.bpmn20.xml`, `${AT}.testDeployAndRemoveAsyncActivity.v2.bpmn20.xml`);
    const pi = await t.start('process');
    ok(pi.processVersion === 2, 'the latest version starts');
    await t.assertEnded(pi.id);
  } },
  { file: 'async/processWithGatewayAndTwoEndEvents.bpmn20.xml', javaTest: 'AsyncTaskTest#testGatewayWithTwoEndEventsLastJobReAssignedToParentExe', async run(t) {
    const c = asyncService(t);
    await t.deploy();
    const pi = await t.start('processWithGatewayAndTwoEndEvents1');
    eq(await jobCount(t, pi.id), 2, 'two jobs, one per branch');
    eq(await t.runJobs(), 2, 'both jobs executed');
    eq(c.invocations, 2, 'both services ran');
    eq(await jobCount(t, pi.id), 0, 'no more jobs');
    await t.assertEnded(pi.id);
  } },
  { file: 'async/processGatewayAndTwoEndEventsPlusTimer.bpmn20.xml', javaTest: 'AsyncTaskTest#testGatewayWithTwoEndEventsLastTimerReAssignedToParentExe', async run(t) {
    const c = asyncService(t);
    await t.deploy();
    const pi = await t.start('processGatewayAndTwoEndEventsPlusTimer1');
    const s = await t.engine.exportSnapshot(pi.id);
    eq([s.jobs.length, s.timers.length], [1, 1], 'an async job and a timer');
    await t.runJobs();
    eq(c.invocations, 1, 'the service ran');
    eq(await jobCount(t, pi.id), 0, 'no more jobs');
    await t.assertEnded(pi.id);
  } },
];
