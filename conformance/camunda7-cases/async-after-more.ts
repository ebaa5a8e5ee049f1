/**
 * async/: the rest of AsyncAfterTest (boundary events, nested scopes, multi-instance), AsyncStartEventTest,
 * AsyncEndEventTest and AsyncCallActivityTest. Listener flags are the variables the files' expression
 * listeners set (`listenerStartInvoked`, `listenerEndInvoked`, `behaviorInvoked`).
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';
import { asyncListener, jobCount, variable } from './async-support.js';

const AA = 'async/AsyncAfterTest';
const AS = 'async/AsyncStartEventTest';
const AE = 'async/AsyncEndEventTest';
const AC = 'async/AsyncCallActivityTest';

/** A boundary message event with an async continuation: the message cancels the task, a job waits. */
function asyncBoundary(m: string): Camunda7Case {
  return { file: `${AA}.${m}.bpmn20.xml`, javaTest: `AsyncAfterTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start('Process');
    eq((await t.tasks(pi.id)).length, 1, 'the task is open');
    eq((await t.engine.correlateMessage('foo')).instanceIds, [pi.id], 'the boundary event catches the message');
    eq(await jobCount(t, pi.id), 1, 'one job for the boundary event continuation');
    eq((await t.tasks(pi.id)).length, 0, 'the interrupted task is gone');
  } };
}

/** A multi-instance service counting `behaviorInvoked` with asyncAfter on the body or on each instance. */
function afterMultiInstance(m: string, invokedAtStart: number, jobsAtStart: number, jobsRun: number, waitsAtTask = false): Camunda7Case {
  return { file: `${AA}.${m}.bpmn20.xml`, javaTest: `AsyncAfterTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    const vars = (await t.instance(pi.id)).variables;
    eq([vars.listenerStartInvoked, vars.listenerEndInvoked], [true, true], 'listeners ran before the jobs');
    eq(vars.behaviorInvoked, invokedAtStart, 'behaviour calls before the jobs');
    eq(await jobCount(t, pi.id), jobsAtStart, 'jobs at start');
    eq(await t.runJobs(), jobsRun, 'jobs executed');
    eq(await variable(t, pi.id, 'behaviorInvoked'), 5, 'behaviour called once per instance');
    if (waitsAtTask) {
      eq(await t.taskIds(pi.id), ['userTask'], 'the user task after all instances');
      await t.completeAll(pi.id);
    }
    await t.assertEnded(pi.id);
  } };
}

export const cases: Camunda7Case[] = [
  asyncBoundary('testAsyncAfterBoundaryEvent'),
  asyncBoundary('testAsyncBeforeBoundaryEvent'),
  { file: `${AA}.testAsyncAfterInNestedWithoutTransition.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterInNestedWithoutTransition', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    const vars = (await t.instance(pi.id)).variables;
    eq([vars.listenerStartInvoked, vars.behaviorInvoked, vars.listenerEndInvoked], [true, true, true], 'the service ran completely');
    eq(await jobCount(t, pi.id), 1, 'one job after the service');
    eq(vars['subprocess-listenerEndInvoked'], undefined, 'the subprocess has not ended yet');
    await t.runJobs();
    eq(await variable(t, pi.id, 'subprocess-listenerEndInvoked'), true, 'the job ends the subprocess');
    eq(await t.active(pi.id), ['taskAfterSubprocess1'], 'the receive task after the subprocess');
  } },
  { file: `${AA}.testAsyncAfterMultiInstanceUserTask.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterMultiInstanceUserTask', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq((await t.tasks(pi.id)).length, 3, 'three instances of the user task');
    await t.completeAll(pi.id);
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  // asyncAfter on the activity: one job after the multi-instance body.
  afterMultiInstance('testAsyncAfterParallelMultiInstanceWithServiceTask', 5, 1, 1),
  // asyncAfter on the loop characteristics: a job after every instance (sequential: one at a time).
  afterMultiInstance('testAsyncAfterServiceWrappedInParallelMultiInstance', 5, 5, 5),
  afterMultiInstance('testAsyncAfterServiceWrappedInSequentialMultiInstance', 1, 1, 5, true),
  { file: `${AA}.testAsyncAfterWithExecutionListener.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterWithExecutionListener', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await jobCount(t, pi.id), 1, 'one job after the service');
    eq(await variable(t, pi.id, 'listenerTakeInvoked'), undefined, 'the take listener waits for the job');
    eq(await t.runJobs(), 1, 'the job runs once and is not created again');
    eq(await t.taskIds(pi.id), ['userTask'], 'the user task after the flow');
    eq(await variable(t, pi.id, 'listenerTakeInvoked'), true, 'the take listener ran with the job');
  } },

  { file: `${AS}.testAsyncStartEventListeners.bpmn20.xml`, javaTest: 'AsyncStartEventTest#testAsyncStartEventListeners', async run(t) {
    asyncListener(t);
    await t.deploy();
    const pi = await t.start('asyncStartEvent');
    eq(await variable(t, pi.id, 'listener'), undefined, 'the process start listener waits for the job');
    await t.runJobs();
    eq(await variable(t, pi.id, 'listener'), 'listener invoked', 'the process start listener ran');
  } },
  { file: `${AS}.testAsyncSubProcessStartEvent.bpmn`, javaTest: 'AsyncStartEventTest#testAsyncSubProcessStartEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq((await t.tasks(pi.id)).length, 0, 'the subprocess task is not reached yet');
    eq(await t.active(pi.id), ['StartEvent_2', 'SubProcess_1'], 'the subprocess start event waits for its job');
    await t.runJobs();
    eq(await t.active(pi.id), ['SubProcess_1', 'UserTask_1'], 'past the start event');
    eq(await t.taskIds(pi.id), ['UserTask_1'], 'the subprocess task is reached');
  } },
  { file: `${AS}.shouldRunAfterMessageStartInEventSubprocess.bpmn`, javaTest: 'AsyncStartEventTest#shouldRunAfterMessageStartInEventSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await jobCount(t, pi.id), 1, 'the instance waits before its start event');
    eq((await t.engine.correlateMessage('start_sub')).instanceIds, [pi.id], 'the non-interrupting event subprocess starts meanwhile');
    await t.runJobs();
    eq(await t.taskIds(pi.id), ['user-task'], 'the user task after the async start event');
    const active = await t.active(pi.id);
    ok(!active.includes('StartEvent_1'), 'the start event is left');
    ok(active.includes('external-task'), `the event subprocess is still active (${active.join(', ')})`);
    eq((await t.engine.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topic: 'foo', lockDurationMs: 1000 }] })).length, 1, 'its external task waits for a worker');
  } },

  { file: `${AE}.testAsyncEndEventListeners.bpmn20.xml`, javaTest: 'AsyncEndEventTest#testAsyncEndEventListeners', async run(t) {
    asyncListener(t);
    await t.deploy();
    const pi = await t.start('asyncEndEvent');
    eq(await variable(t, pi.id, 'listener'), undefined, 'the process end listener has not run');
    eq(await t.active(pi.id), ['endEvent'], 'the token waits at the end event');
    await t.runJobs();
    const after = await t.instance(pi.id);
    eq(after.status, 'COMPLETED', 'the job ends the instance');
    eq(after.variables.listener, 'listener invoked', 'the process end listener ran');
  } },

  { file: `${AC}.testCallSubProcess.bpmn20.xml`, javaTest: 'AsyncCallActivityTest#testCallProcessWithAsyncOnStartEvent', resources: [`${AC}.asyncStartEvent.bpmn20.xml`], async run(t) {
    await t.deploy(`${AC}.asyncStartEvent.bpmn20.xml`, `${AC}.testCallSubProcess.bpmn20.xml`);
    const pi = await t.start('callAsyncSubProcess');
    const [child] = (await t.engine.listInstances({ processKey: 'simpleSubProcess' })).items;
    ok(child !== undefined, 'the called instance exists');
    eq(await jobCount(t, child!.id), 1, 'the called instance waits at its async start event');
    await t.runJobs();
    eq((await t.tasks()).length, 1, 'the task of the called process');
    await t.completeAll();
    await t.assertEnded(pi.id);
  } },
];
