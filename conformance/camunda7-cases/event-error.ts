/**
 * event/error/: BoundaryErrorEventTest. The Java delegate ThrowBpmnErrorDelegate becomes a handler under its
 * class name: it counts its executions in `executions` and, once past `executionsBeforeError`, throws the BPMN
 * error "23" — or, with `exceptionType`, MyBusinessException, which Camunda maps to the error whose errorCode is
 * the exception's class name; our handler throws that BpmnError directly.
 */
import { BpmnError } from '../../src/index.js';
import type { ServiceHandler } from '../../src/index.js';
import { eq, ok, deployFails, failsAtRuntime } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const E = 'event/error/BoundaryErrorEventTest';
const PKG = 'org.camunda.bpm.engine.test.bpmn.event.error';

export const throwBpmnErrorDelegate: ServiceHandler = ({ variables }) => {
  const before = variables.executionsBeforeError as number | undefined;
  const executions = ((variables.executions as number | undefined) ?? 0) + 1;
  if (before === undefined || before < executions) {
    if (variables.exceptionType === true) throw new BpmnError(`${PKG}.MyBusinessException`, 'This is a business exception');
    throw new BpmnError('23', 'This is a business fault');
  }
  return { executions };
};

export function withDelegates(t: CaseContext): void {
  t.service(`${PKG}.ThrowBpmnErrorDelegate`, throwBpmnErrorDelegate);
  t.service(`${PKG}.PassThroughDelegate`, () => undefined);
  t.service(`${PKG}.ThrowRuntimeExceptionDelegate`, () => {
    throw new Error('This should not be caught!');
  });
}

async function errorCaught(t: CaseContext, id: string, taskName = 'Escalated Task'): Promise<void> {
  eq(await t.taskNames(id), [taskName], 'task after the caught error');
  await t.completeAll(id);
  await t.assertEnded(id);
}

function delegateCase(m: string, key: string, withException: boolean, vars: Record<string, unknown> = {}): Camunda7Case {
  return { file: `${E}.${m}.bpmn20.xml`, javaTest: `BoundaryErrorEventTest#${m}`, async run(t) {
    withDelegates(t);
    await t.deploy();
    await errorCaught(t, (await t.start(key, vars)).id);
    if (withException) await errorCaught(t, (await t.start(key, { ...vars, exceptionType: true })).id, 'Escalated Exception Task');
  } };
}

async function embedded(t: CaseContext): Promise<void> {
  await t.deploy();
  const pi = await t.start('boundaryErrorOnEmbeddedSubprocess');
  eq(await t.taskNames(pi.id), ['subprocessTask']);
  await t.complete('subprocessTask');
  eq(await t.taskNames(pi.id), ['task after catching the error']);
}

export const cases: Camunda7Case[] = [
  { file: `${E}.testCatchErrorOnEmbeddedSubprocess.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOnEmbeddedSubprocess', run: embedded },
  { file: `${E}.testCatchErrorOnEmbeddedSubprocessWithEmptyErrorCode.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOnEmbeddedSubprocessWithEmptyErrorCode', run: embedded },
  { file: `${E}.testCatchErrorOnEmbeddedSubprocessWithoutErrorCode.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOnEmbeddedSubprocessWithoutErrorCode', run: embedded },
  deployFails(`${E}.testThrowErrorWithoutErrorCode.bpmn20.xml`, 'BoundaryErrorEventTest#testThrowErrorWithoutErrorCode'),
  deployFails(`${E}.testThrowErrorWithEmptyErrorCode.bpmn20.xml`, 'BoundaryErrorEventTest#testThrowErrorWithEmptyErrorCode'),
  { file: `${E}.testCatchErrorOfInnerSubprocessOnOuterSubprocess.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOfInnerSubprocessOnOuterSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('boundaryErrorTest');
    eq(await t.taskNames(pi.id), ['Inner subprocess task 1', 'Inner subprocess task 2']);
    await t.complete('Inner subprocess task 2');
    eq(await t.taskNames(pi.id), ['task outside subprocess']);
  } },
  ...([
    ['testCatchErrorInConcurrentEmbeddedSubprocesses', 'boundaryEventTestConcurrentSubprocesses'],
  ] as const).map(([m, key]): Camunda7Case => ({
    file: `${E}.${m}.bpmn20.xml`, javaTest: `BoundaryErrorEventTest#${m}`, async run(t) {
      await t.deploy();
      const a = await t.start(key);
      eq(await t.taskNames(a.id), ['task A', 'task B']);
      await t.complete('task A', {}, a.id);
      eq(await t.taskNames(a.id), ['task D']);
      await t.completeAll(a.id);
      await t.assertEnded(a.id);
      const b = await t.start(key);
      await t.complete('task B', {}, b.id);
      eq(await t.taskNames(b.id), ['task A', 'task C']);
      await t.complete('task C', {}, b.id);
      eq(await t.taskNames(b.id), ['task A']);
      await t.complete('task A', {}, b.id);
      eq(await t.taskNames(b.id), ['task D']);
    },
  })),
  { file: `${E}.testDeeplyNestedErrorThrown.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testDeeplyNestedErrorThrown', async run(t) {
    await t.deploy();
    const a = await t.start('deeplyNestedErrorThrown');
    eq(await t.taskNames(a.id), ['Nested task']);
    await t.complete('Nested task', { input: 1 }, a.id);
    await t.assertEnded(a.id);
    const b = await t.start('deeplyNestedErrorThrown');
    await t.complete('Nested task', { input: 2 }, b.id);
    eq(await t.taskNames(b.id), ['task after catch']);
    await t.completeAll(b.id);
    await t.assertEnded(b.id);
  } },
  { file: `${E}.testDeeplyNestedErrorThrownOnlyAutomaticSteps.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testDeeplyNestedErrorThrownOnlyAutomaticSteps', async run(t) {
    await t.deploy();
    const pi = await t.start('deeplyNestedErrorThrown', { input: 1 });
    await t.assertEnded(pi.id);
    ok((await t.engine.history(pi.id)).some((h) => h.elementId === 'processEnd1'), 'ended at processEnd1');
  } },
  { file: `${E}.testCatchErrorOnParallelMultiInstance.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOnParallelMultiInstance', async run(t) {
    await t.deploy();
    const pi = await t.start('catchErrorOnParallelMi');
    const tasks = await t.tasks(pi.id);
    eq(tasks.length, 5, 'five tasks');
    await t.engine.completeUserTask(tasks[2]!.id, { throwError: false });
    await t.engine.completeUserTask(tasks[3]!.id, { throwError: false });
    await t.engine.completeUserTask(tasks[1]!.id, { throwError: true });
    eq((await t.tasks(pi.id)).length, 0, 'no tasks left');
    await t.assertEnded(pi.id);
  } },
  { file: `${E}.testCatchErrorOnSequentialMultiInstance.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOnSequentialMultiInstance', async run(t) {
    await t.deploy();
    const pi = await t.start('catchErrorOnSequentialMi');
    const [first] = await t.tasks(pi.id);
    await t.engine.completeUserTask(first!.id, { throwError: false });
    const [second] = await t.tasks(pi.id);
    await t.engine.completeUserTask(second!.id, { throwError: true });
    await t.assertEnded(pi.id);
  } },
  delegateCase('testCatchErrorThrownByJavaDelegateOnServiceTask', 'catchErrorThrownByJavaDelegateOnServiceTask', true),
  delegateCase('testCatchErrorThrownByJavaDelegateOnServiceTaskNotCancelActivity', 'catchErrorThrownByJavaDelegateOnServiceTaskNotCancelActiviti', false),
  delegateCase('testCatchErrorThrownByJavaDelegateOnServiceTaskWithErrorCode', 'catchErrorThrownByJavaDelegateOnServiceTaskWithErrorCode', false),
  delegateCase('testCatchErrorThrownByJavaDelegateOnEmbeddedSubProcess', 'catchErrorThrownByJavaDelegateOnEmbeddedSubProcess', true),
  delegateCase('testCatchErrorThrownByJavaDelegateOnEmbeddedSubProcessInduction', 'catchErrorThrownByJavaDelegateOnEmbeddedSubProcessInduction', false),
  delegateCase('testCatchErrorThrownByJavaDelegateOnMultiInstanceServiceTaskSequential', 'catchErrorThrownByJavaDelegateOnMultiInstanceServiceTaskSequential', true, { executionsBeforeError: 2 }),
  delegateCase('testCatchErrorThrownByJavaDelegateOnMultiInstanceServiceTaskParallel', 'catchErrorThrownByJavaDelegateOnMultiInstanceServiceTaskParallel', true, { executionsBeforeError: 2 }),
  delegateCase('testErrorThrownByJavaDelegateNotCaughtByOtherEventType', 'testErrorThrownByJavaDelegateNotCaughtByOtherEventType', false),
  { file: `${E}.testConcurrentExecutionsInterruptedOnDestroyScope.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testConcurrentExecutionsInterruptedOnDestroyScope', async run(t) {
    withDelegates(t);
    await t.deploy();
    const pi = await t.start('process');
    ok(pi.incidents.length === 0 && pi.status !== 'FAILED', 'the instance starts cleanly');
  } },
  { file: `${E}.testUncaughtRuntimeException.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testUncaughtRuntimeException', async run(t) {
    withDelegates(t);
    await t.deploy();
    await failsAtRuntime(t.start('testUncaughtRuntimeException'), 'start');
  } },
  ...(['testCatchErrorOnSubprocessThrownByNonInterruptingEventSubprocess', 'testCatchErrorOnSubprocessThrownByInterruptingEventSubprocess'] as const).map((m): Camunda7Case => ({
    file: `${E}.${m}.bpmn20.xml`, javaTest: `BoundaryErrorEventTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('testProcess');
      await t.engine.correlateMessage('message');
      ok((await t.taskIds(pi.id)).includes('afterBoundaryTask'), 'the task after the boundary event');
    },
  })),
  { file: `${E}.testCatchErrorOnSubprocessThrownByNestedEventSubprocess.bpmn20.xml`, javaTest: 'BoundaryErrorEventTest#testCatchErrorOnSubprocessThrownByNestedEventSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.engine.correlateMessage('outerMessage');
    await t.engine.correlateMessage('innerMessage');
    ok((await t.taskIds(pi.id)).includes('afterBoundaryTask'), 'the task after the boundary event');
  } },
  ...([
    ['testCatchErrorOnSubprocessSetsErrorVariables', 'error1'],
    ['testCatchErrorThrownByMultiInstanceSubProcessSetsErrorCodeVariable', 'error'],
  ] as const).map(([m, code]): Camunda7Case => ({
    file: `${E}.${m}.bpmn`, javaTest: `BoundaryErrorEventTest#${m.replace('SetsErrorCodeVariable', 'SetsErrorVariables')}`, async run(t) {
      await t.deploy();
      const pi = await t.start('Process_1');
      eq((await t.instance(pi.id)).variables.errorVariable, code, 'camunda:errorCodeVariable');
    },
  })),
  { file: 'event/error/reviewSalesLead.bpmn20.xml', javaTest: 'BoundaryErrorEventTest#testReviewSalesLeadProcess', async run(t) {
    await t.deploy();
    const pi = await t.engine.start('reviewSaledLead', { variables: { details: 'very interesting', customerName: 'Alfresco' }, user: 'kermit' });
    const [provide] = await t.engine.listUserTasks({ assignee: 'kermit' });
    eq(provide?.name, 'Provide new sales lead');
    // taskService.complete skips form validation in Camunda; our completeUserTask validates, so submit the form's values.
    await t.engine.completeUserTask(provide!.id, { details: 'very interesting', customerName: 'Alfresco' });
    const [rating] = await t.engine.listUserTasks({ candidateGroup: 'accountancy' });
    const [profit] = await t.engine.listUserTasks({ candidateGroup: 'management' });
    eq([rating?.name, profit?.name], ['Review customer rating', 'Review profitability']);
    await t.engine.completeUserTask(profit!.id, { notEnoughInformation: true });
    const [details] = await t.engine.listUserTasks({ assignee: 'kermit' });
    eq(details?.name, 'Provide additional details');
    await t.engine.completeUserTask(details!.id, { details: 'more details' });
    eq(await t.taskNames(pi.id), ['Review customer rating', 'Review profitability']);
    await t.complete('Review customer rating', {}, pi.id);
    await t.complete('Review profitability', { notEnoughInformation: false }, pi.id);
    await t.assertEnded(pi.id);
  } },
];
