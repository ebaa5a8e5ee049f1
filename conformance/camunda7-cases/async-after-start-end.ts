/**
 * async/: AsyncAfterTest, AsyncStartEventTest, AsyncEndEventTest. A job (`managementService.executeJob`) becomes `runDueTimers()`; "the behaviour ran" is the
 * `behaviorInvoked` variable the file's `${execution.setVariable(…)}` expression sets.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { jobCount } from './async-support.js';

const AA = 'async/AsyncAfterTest';
const AS = 'async/AsyncStartEventTest';
const AE = 'async/AsyncEndEventTest';

async function waitsForJob(t: CaseContext, id: string): Promise<void> {
  ok((await t.instance(id)).status === 'RUNNING', 'the instance waits for its job');
}

/** asyncAfter on an element that runs through: the behaviour ran, the job continues to the end. */
function afterThenEnds(m: string, key: string, variables: Record<string, unknown> = {}, behaviour = true): Camunda7Case {
  return { file: `${AA}.${m}.bpmn20.xml`, javaTest: `AsyncAfterTest#${m}`, async run(t) {
    t.service('org.camunda.bpm.engine.test.bpmn.event.message.DummyServiceTask', () => undefined);
    await t.deploy();
    const pi = await t.start(key, variables);
    if (behaviour && m.includes('Service')) eq((await t.instance(pi.id)).variables.behaviorInvoked, m.includes('AndBefore') ? undefined : true, 'behaviour before the first job');
    await waitsForJob(t, pi.id);
    await t.runJobs();
    await t.assertEnded(pi.id);
    if (m.includes('Service')) eq((await t.instance(pi.id)).variables.behaviorInvoked, true, 'the behaviour ran');
  } };
}

/**
 * asyncAfter on a gateway: its start and end listeners ran before the job (unless asyncBefore holds it
 * too); Camunda makes one job per outgoing flow it takes. After the jobs the user tasks are open;
 * completing them ends the instance.
 */
function afterGateway(m: string, key: string, jobs: number, tasks: string[], variables: Record<string, unknown> = {}): Camunda7Case {
  return { file: `${AA}.${m}.bpmn20.xml`, javaTest: `AsyncAfterTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start(key, variables);
    const before = m.includes('AndBefore');
    const vars = (await t.instance(pi.id)).variables;
    eq([vars.listenerStartInvoked, vars.listenerEndInvoked], before ? [undefined, undefined] : [true, true], 'listeners before the first job');
    eq(await jobCount(t, pi.id), before ? 1 : jobs, 'jobs at start');
    await t.runJobs();
    const after = (await t.instance(pi.id)).variables;
    eq([after.listenerStartInvoked, after.listenerEndInvoked], [true, true], 'listeners after the jobs');
    eq(await t.taskIds(pi.id), tasks, 'user tasks after the jobs');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } };
}

export const cases: Camunda7Case[] = [
  afterThenEnds('testAsyncAfterServiceTask', 'testProcess'),
  afterThenEnds('testAsyncAfterAndBeforeServiceTask', 'testProcess'),
  afterThenEnds('testAsyncAfterWithoutTransition', 'testProcess'),
  afterThenEnds('testAsyncAfterManualTask', 'testManualTask'),
  afterThenEnds('testAsyncAfterAndBeforeManualTask', 'testManualTask'),
  afterThenEnds('testAsyncAfterIntermediateThrowEvent', 'testIntermediateThrowEvent'),
  afterThenEnds('testAsyncAfterAndBeforeIntermediateThrowEvent', 'testIntermediateThrowEvent'),
  afterThenEnds('testTransitionIdRequired', 'testProcess', {}, false),
  { file: `${AA}.testAsyncAfterIntermediateCatchEvent.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterIntermediateCatchEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('testIntermediateCatchEvent');
    eq(await t.active(pi.id), ['intermediateCatchEvent'], 'waits for the message');
    await t.engine.correlateMessage('testMessage1');
    await waitsForJob(t, pi.id);
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  { file: `${AA}.testAsyncAfterAndBeforeIntermediateCatchEvent.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterAndBeforeIntermediateCatchEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('testIntermediateCatchEvent');
    eq((await t.engine.correlateMessage('testMessage1')).instanceIds, [], 'no subscription before the asyncBefore job');
    await t.runJobs();
    eq((await t.engine.correlateMessage('testMessage1')).instanceIds, [pi.id], 'the message arrives');
    await waitsForJob(t, pi.id);
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  { file: `${AA}.testAsyncAfterServiceTaskMultipleTransitions.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterServiceTaskMultipleTransitions', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess', { flowToTake: 'flow2' });
    eq((await t.instance(pi.id)).variables.behaviorInvoked, true, 'the behaviour ran');
    await t.runJobs();
    eq(await t.active(pi.id), ['taskAfterFlow2'], 'the conditional flow was taken after the job');
  } },
  { file: `${AA}.testAsyncAfterServiceTaskMultipleTransitionsConcurrent.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterServiceTaskMultipleTransitionsConcurrent', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq((await t.instance(pi.id)).variables.behaviorInvoked, true, 'the behaviour ran');
    await t.runJobs();
    eq(await t.active(pi.id), ['taskAfterFlow2', 'taskAfterFlow3'], 'both flows taken after the job');
  } },
  afterGateway('testAsyncAfterExclusiveGateway', 'testExclusiveGateway', 1, ['userTask1'], { flow: false }),
  afterGateway('testAsyncAfterAndBeforeExclusiveGateway', 'testExclusiveGateway', 1, ['userTask1'], { flow: false }),
  afterGateway('testAsyncAfterInclusiveGateway', 'testInclusiveGateway', 2, ['userTask1', 'userTask2'], { flow: true }),
  afterGateway('testAsyncAfterAndBeforeInclusiveGateway', 'testInclusiveGateway', 2, ['userTask1', 'userTask2'], { flow: true }),
  { file: `${AA}.testAsyncAfterOnParallelGatewayFork.bpmn20.xml`, javaTest: 'AsyncAfterTest#testAsyncAfterOnParallelGatewayFork', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    const s = await t.engine.exportSnapshot(pi.id);
    eq(s.jobs.map((j) => j.flowId).sort(), ['afterForkFlow1', 'afterForkFlow2'], 'one job per flow out of the fork');
    await t.runJobs();
    eq(await t.taskIds(pi.id), ['theTask1', 'theTask2'], 'both tasks after the jobs');
  } },

  { file: `${AS}.testAsyncStartEvent.bpmn20.xml`, javaTest: 'AsyncStartEventTest#testAsyncStartEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncStartEvent');
    eq((await t.tasks(pi.id)).length, 0, 'no task before the job');
    await t.runJobs();
    eq(await t.taskIds(pi.id), ['task'], 'the task after the job');
  } },
  { file: `${AS}.testCallActivity-super.bpmn20.xml`, javaTest: 'AsyncStartEventTest#testCallActivity', resources: [`${AS}.testCallActivity-sub.bpmn20.xml`], async run(t) {
    await t.deploy(`${AS}.testCallActivity-super.bpmn20.xml`, `${AS}.testCallActivity-sub.bpmn20.xml`);
    const pi = await t.start('super');
    eq(await t.active(pi.id), ['theCallActivity'], 'the call activity waits for the sub instance job');
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  { file: `${AS}.testMultipleAsyncStartEvents.bpmn20.xml`, javaTest: 'AsyncStartEventTest#testMultipleAsyncStartEvents', async run(t) {
    await t.deploy();
    const { instanceIds } = await t.engine.correlateMessage('newInvoiceMessage');
    eq(instanceIds.length, 1, 'the message started an instance');
    await t.runJobs();
    eq(await t.taskIds(instanceIds[0]), ['taskAfterMessageStartEvent'], 'the task after the message start event');
  } },
  { file: `${AE}.testAsyncEndEvent.bpmn20.xml`, javaTest: 'AsyncEndEventTest#testAsyncEndEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncEndEvent');
    await waitsForJob(t, pi.id);
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
  { file: `${AE}.testMultipleAsyncEndEvents.bpmn20.xml`, javaTest: 'AsyncEndEventTest#testMultipleAsyncEndEvents', async run(t) {
    let delegate = 0;
    t.service('org.camunda.bpm.engine.test.bpmn.async.AsyncEndEventDelegate', () => { delegate++; });
    await t.deploy();
    const pi = await t.start('multipleAsyncEndEvent');
    eq(delegate, 0, 'the message end event waits for its job');
    await t.runJobs();
    eq(delegate, 1, 'the message end event delegate ran once');
    await t.assertEnded(pi.id);
  } },
  { file: `${AE}.testCallActivity-super.bpmn20.xml`, javaTest: 'AsyncEndEventTest#testCallActivity', resources: [`${AE}.testCallActivity-sub.bpmn20.xml`], async run(t) {
    await t.deploy(`${AE}.testCallActivity-super.bpmn20.xml`, `${AE}.testCallActivity-sub.bpmn20.xml`);
    const pi = await t.start('super');
    await waitsForJob(t, pi.id);
    await t.runJobs();
    await t.assertEnded(pi.id);
  } },
];
