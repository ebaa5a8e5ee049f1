/**
 * Tests whose Java ActivityBehavior waits in a service or send task until `runtimeService.signal(execution)`
 * (SignalableBehavior, DummyActivityBehavior, ThrowErrorDelegate's signal(), ThrowBpmnErrorSignallable…).
 * Here a service/send task whose class or delegate has no registered handler waits as an external task
 * (API.md), which is the same wait state: signalling it is a worker completing it, and a signal() that
 * throws is the worker throwing the BPMN error. A MyBusinessException thrown there is the error whose code
 * is the exception's class name, as Camunda maps it (the same modelling as executeThrows in event-error-boundary).
 * ThrowErrorDelegate also sets `executed` in execute(); no code of ours runs when an external task is
 * entered, so that flag is not asserted; `signaled` travels with the error, as the signal() sets it.
 */
import { eq, ok, CaseFailure } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import type { ExternalTask } from '../../src/index.js';

const PKG = 'org.camunda.bpm.engine.test.bpmn.event.error';
const THROW_ERROR_DELEGATE = `${PKG}.ThrowErrorDelegate`;
const BUSINESS_EXCEPTION = `${PKG}.MyBusinessException`;

/** How many executions wait in `elementId` (its open service jobs), without locking them for a worker. */
async function waitingCount(t: CaseContext, instanceId: string, elementId: string): Promise<number> {
  return (await t.engine.exportSnapshot(instanceId)).jobs.filter((j) => j.elementId === elementId && j.kind === 'service').length;
}

/** Locks the waiting executions of `elementId` (external tasks of `topic`) for the signalling worker; returns the `index`th. */
async function one(t: CaseContext, topic: string, instanceId: string, elementId: string, index = 0): Promise<ExternalTask> {
  const all = await t.engine.fetchAndLock({ workerId: 'signaller', maxTasks: 50, topics: [{ topic, lockDurationMs: 60_000 }] });
  const list = all.filter((x) => x.instanceId === instanceId && x.elementId === elementId);
  const task = list[index];
  if (!task) throw new CaseFailure(`expected execution #${index} waiting in ${elementId}, found ${list.length}`);
  return task;
}

/** ThrowErrorDelegate.signal() with `type` = error | exception: the matching BPMN error, `signaled` set. */
async function signalThrows(t: CaseContext, task: ExternalTask, type: 'error' | 'exception'): Promise<void> {
  await t.engine.throwExternalBpmnError(task.id, 'signaller', type === 'error' ? 'MyError' : BUSINESS_EXCEPTION, { signaled: true });
}

async function caughtBy(t: CaseContext, pi: string, taskId: string): Promise<void> {
  eq((await t.instance(pi)).variables.signaled, true, 'signaled');
  eq(await t.taskIds(pi), [taskId], 'the task after the caught error');
  await t.completeAll(pi);
  await t.assertEnded(pi);
}

/** Boundary/event-subprocess tests: the service task waits, its signal throws. */
function signalOf(cls: 'BoundaryErrorEventTest' | 'ErrorEventSubProcessTest', method: string, file: string, topic: string, type: 'error' | 'exception'): Camunda7Case {
  return { file: `event/error/${cls}.${file}.bpmn20.xml`, javaTest: `${cls}#${method}`, async run(t) {
    await t.deploy();
    const pi = (await t.start('testProcess')).id;
    eq(await t.active(pi), ['serviceTask'], 'the execution waits in the service task');
    ok((await t.instance(pi)).variables.signaled === undefined, 'signaled is not set before the signal');
    await signalThrows(t, await one(t, topic, pi, 'serviceTask'), type);
    await caughtBy(t, pi, type === 'error' ? 'userTaskError' : 'userTaskException');
  } };
}

/** MultiInstanceTest: sequential bodies leave twice, then the third signal throws; parallel ones throw from the 4th of 5. */
function miSignalOf(mode: 'Sequential' | 'Parallel', impl: 'AbstractBpmnActivityBehavior' | 'DelegateExpression', type: 'error' | 'exception'): Camunda7Case {
  const what = type === 'error' ? 'Error' : 'Exception';
  const topic = impl === 'DelegateExpression' ? 'myDelegate' : THROW_ERROR_DELEGATE;
  return {
    file: `multiinstance/MultiInstanceTest.testCatchErrorThrownBy${mode}${impl}.bpmn20.xml`,
    javaTest: `MultiInstanceTest#testCatch${what}ThrownBySignalOf${mode}${impl}`,
    async run(t) {
      await t.deploy();
      const pi = (await t.start('testProcess')).id;
      if (mode === 'Sequential') {
        for (let i = 0; i < 2; i++) {
          eq(await waitingCount(t, pi, 'serviceTask'), 1, `one sequential instance waits (signal ${i + 1})`);
          await t.engine.completeExternalTask((await one(t, topic, pi, 'serviceTask')).id, 'signaller');
        }
        await signalThrows(t, await one(t, topic, pi, 'serviceTask'), type);
      } else {
        eq(await waitingCount(t, pi, 'serviceTask'), 5, 'five parallel instances wait');
        await signalThrows(t, await one(t, topic, pi, 'serviceTask', 3), type);
      }
      eq(await waitingCount(t, pi, 'serviceTask'), 0, 'the caught error ends every instance of the body');
      await caughtBy(t, pi, type === 'error' ? 'userTaskError' : 'userTaskException');
    },
  };
}

function gatewayAfterSignal(kind: 'Implicit' | 'Explicit'): Camunda7Case {
  return { file: `gateway/ParallelGatewayTest.test${kind}ParallelGatewayAfterSignalBehavior.bpmn20.xml`, javaTest: `ParallelGatewayTest#test${kind}ParallelGatewayAfterSignalBehavior`, async run(t) {
    // SequenceFlowListener reads the instance's activity tree while the flows are taken: reading the instance must work then.
    const reads: string[][] = [];
    t.service('org.camunda.bpm.engine.test.bpmn.gateway.SequenceFlowListener', async ({ instanceId }) => {
      reads.push((await t.engine.getInstance(instanceId))?.activeElementIds ?? []);
    });
    await t.deploy();
    const pi = (await t.start('process')).id;
    eq(await t.active(pi), ['service'], 'the execution waits in the signallable service task');
    const after = await t.engine.completeExternalTask((await one(t, 'org.camunda.bpm.engine.test.bpmn.gateway.SignalableBehavior', pi, 'service')).id, 'signaller');
    eq(after.incidents.length, 0, 'the signal raised nothing');
    eq((await t.tasks(pi)).length, 3, 'three tasks after the fork');
    if (kind === 'Implicit') eq(reads.length, 3, 'the take listener ran on each of the three flows');
  } };
}

export const cases: Camunda7Case[] = [
  gatewayAfterSignal('Implicit'),
  gatewayAfterSignal('Explicit'),
  { file: 'sendtask/SendTaskTest.testActivityName.bpmn20.xml', javaTest: 'SendTaskTest#testActivityName', async run(t) {
    await t.deploy();
    const pi = (await t.start('process')).id;
    // performExecution ran (wasExecuted): the send task is entered and waits for its signal.
    eq(await t.active(pi), ['task'], 'the send task waits');
    const task = await one(t, 'org.camunda.bpm.engine.test.bpmn.sendtask.DummyActivityBehavior', pi, 'task');
    eq(task.elementId, 'task', 'the current activity id seen by the signalled behaviour');
    await t.engine.completeExternalTask(task.id, 'signaller');
    await t.assertEnded(pi);
  } },
  ...(['BoundaryErrorEventTest', 'ErrorEventSubProcessTest'] as const).flatMap((cls) => {
    const abstractException = cls === 'BoundaryErrorEventTest' ? 'testCatchExceptionThrownBySignalMethodOfAbstractBpmnActivityBehavior' : 'testCatchExceptionThrownBySignalOfAbstractBpmnActivityBehavior';
    const delegateException = cls === 'BoundaryErrorEventTest' ? 'testCatchExceptionThrownBySignalMethodOfDelegateExpression' : 'testCatchExceptionThrownBySignalOfDelegateExpression';
    return [
      signalOf(cls, abstractException, 'testCatchErrorThrownByAbstractBpmnActivityBehavior', THROW_ERROR_DELEGATE, 'exception'),
      signalOf(cls, 'testCatchErrorThrownBySignalOfAbstractBpmnActivityBehavior', 'testCatchErrorThrownByAbstractBpmnActivityBehavior', THROW_ERROR_DELEGATE, 'error'),
      signalOf(cls, delegateException, 'testCatchErrorThrownByDelegateExpression', 'myDelegate', 'exception'),
      signalOf(cls, 'testCatchErrorThrownBySignalOfDelegateExpression', 'testCatchErrorThrownByDelegateExpression', 'myDelegate', 'error'),
    ];
  }),
  { file: 'event/error/BoundaryErrorEventTest.testCatchErrorThrownBySignallableActivityBehaviour.bpmn20.xml', javaTest: 'BoundaryErrorEventTest#testCatchErrorThrownBySignallableActivityBehaviour', async run(t) {
    await t.deploy();
    const pi = (await t.start('catchErrorThrownBySignallableActivityBehaviour')).id;
    eq(await t.active(pi), ['serviceTask'], 'the service task is active after the start');
    // ThrowBpmnErrorSignallableActivityBehaviour.signal() throws BpmnError("23").
    await t.engine.throwExternalBpmnError((await one(t, `${PKG}.ThrowBpmnErrorSignallableActivityBehaviour`, pi, 'serviceTask')).id, 'signaller', '23');
    eq(await t.taskNames(pi), ['Escalated Task'], 'the escalated task after the caught error');
    await t.completeAll(pi);
    await t.assertEnded(pi);
  } },
  ...(['Sequential', 'Parallel'] as const).flatMap((mode) => (['AbstractBpmnActivityBehavior', 'DelegateExpression'] as const).flatMap((impl) =>
    (['exception', 'error'] as const).map((type) => miSignalOf(mode, impl, type)))),
];
