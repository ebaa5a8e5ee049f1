/**
 * More of event/error/BoundaryErrorEventTest: errors that leave called instances, delegates that throw,
 * and errors nothing catches. ThrowErrorDelegate (an AbstractBpmnActivityBehavior) sets `executed` and,
 * by the variable `type`, throws the BPMN error "MyError" or MyBusinessException — which Camunda maps to the
 * error whose code is the exception's class name; our handler throws that BpmnError with `executed` as its
 * variables. Its signal() half needs runtimeService.signal on a service task: those tests are skips.
 * An error nothing catches fails the instance here (API.md); Camunda throws from the API call instead.
 */
import { BpmnError } from '../../src/index.js';
import type { ServiceHandler } from '../../src/index.js';
import { eq, ok, failsAtRuntime } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { withDelegates } from './event-error.js';

const D = 'event/error';
const E = `${D}/BoundaryErrorEventTest`;
const PKG = 'org.camunda.bpm.engine.test.bpmn.event.error';
const SUB = `${E}.subprocess.bpmn20.xml`;
const CHILD = `${E}.testCatchErrorThrownByJavaDelegateOnCallActivity-child.bpmn20.xml`;

export const throwErrorDelegate: ServiceHandler = ({ variables }) => {
  const executed = { executed: true };
  if (variables.type === 'error') throw new BpmnError('MyError', undefined, executed);
  if (variables.type === 'exception') throw new BpmnError(`${PKG}.MyBusinessException`, 'MyException', executed);
  return executed;
};

const m = (name: string, ext = 'bpmn20.xml') => `${E}.${name}.${ext}`;

async function escalated(t: CaseContext, id: string, taskName = 'Escalated Task'): Promise<void> {
  eq(await t.taskNames(), [taskName], 'task after the caught error');
  await t.completeAll();
  await t.assertEnded(id);
}

/** Start `key`, complete the called process's task, and expect the escalated task in the caller. */
function callCaught(method: string, resources: string[], key: string): Camunda7Case {
  return { file: m(method), javaTest: `BoundaryErrorEventTest#${method}`, resources, async run(t) {
    await t.deploy(m(method), ...resources);
    const pi = await t.start(key);
    const [task] = await t.tasks();
    eq(task?.name, 'Task in subprocess', 'the task of the called process');
    ok(task!.instanceId !== pi.id, 'the task runs in a called instance');
    await t.engine.completeUserTask(task!.id, {});
    await escalated(t, pi.id);
  } };
}

/** ThrowErrorDelegate's execute() throws; the catcher named after the error leads to `userTask`. */
function executeThrows(file: string, javaTest: string, type: 'error' | 'exception', handlerName: string): Camunda7Case {
  return { file, javaTest, async run(t) {
    t.service(handlerName, throwErrorDelegate);
    await t.deploy();
    const pi = await t.start('testProcess', { type });
    const v = (await t.instance(pi.id)).variables;
    eq(v.executed, true, 'executed');
    ok(v.signaled === undefined, 'signaled is not set');
    eq(await t.taskIds(pi.id), [type === 'error' ? 'userTaskError' : 'userTaskException'], 'the task after the caught error');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } };
}

/** The first task's boundary must not catch what the second task throws: the start fails, no task. */
function followUp(method: string): Camunda7Case {
  return { file: m(method), javaTest: `BoundaryErrorEventTest#${method}`, async run(t) {
    t.service(`${PKG}.PassThroughDelegate`, () => undefined);
    t.service(`${PKG}.ThrowErrorDelegate`, throwErrorDelegate);
    await t.deploy();
    await failsAtRuntime(t.start('testProcess', { type: 'exception' }), 'start');
    eq(await t.taskNames(), [], 'no task');
  } };
}

const ABSTRACT = m('testCatchErrorThrownByAbstractBpmnActivityBehavior');
const DELEGATE_EXPR = m('testCatchErrorThrownByDelegateExpression');

export const cases: Camunda7Case[] = [
  callCaught('testCatchErrorOnCallActivity-parent', [SUB], 'catchErrorOnCallActivity'),
  callCaught('testCatchErrorThrownByCallActivityOnSubprocess', [SUB], 'catchErrorOnSubprocess'),
  callCaught('testCatchErrorThrownByCallActivityOnCallActivity', [m('subprocess2ndLevel'), SUB], 'catchErrorOnCallActivity2ndLevel'),
  { file: SUB, javaTest: 'BoundaryErrorEventTest#testUncaughtError', async run(t) {
    await t.deploy();
    const pi = await t.start('simpleSubProcess');
    await failsAtRuntime(t.complete('Task in subprocess'), 'completing the task');
    eq((await t.instance(pi.id)).status, 'FAILED', 'the uncaught error fails the instance');
  } },
  { file: m('testUncaughtErrorOnCallActivity-parent'), javaTest: 'BoundaryErrorEventTest#testUncaughtErrorOnCallActivity', resources: [SUB], async run(t) {
    await t.deploy(m('testUncaughtErrorOnCallActivity-parent'), SUB);
    const pi = await t.start('uncaughtErrorOnCallActivity');
    await t.complete('Task in subprocess');
    eq((await t.instance(pi.id)).status, 'FAILED', 'the error reaches the top of the calling instance uncaught');
  } },
  { file: m('testCatchErrorThrownByJavaDelegateOnCallActivity-parent'), javaTest: 'BoundaryErrorEventTest#testCatchErrorThrownByJavaDelegateOnCallActivity', resources: [CHILD], async run(t) {
    withDelegates(t);
    await t.deploy(m('testCatchErrorThrownByJavaDelegateOnCallActivity-parent'), CHILD);
    await escalated(t, (await t.start('catchErrorThrownByJavaDelegateOnCallActivity-parent')).id);
    await escalated(t, (await t.start('catchErrorThrownByJavaDelegateOnCallActivity-parent', { exceptionType: true })).id, 'Escalated Exception Task');
  } },
  { file: CHILD, javaTest: 'BoundaryErrorEventTest#testUncaughtErrorThrownByJavaDelegateOnServiceTask', async run(t) {
    withDelegates(t);
    await t.deploy();
    await failsAtRuntime(t.start('catchErrorThrownByJavaDelegateOnCallActivity-child'), 'start');
  } },
  { file: m('testUncaughtErrorThrownByJavaDelegateOnCallActivity-parent'), javaTest: 'BoundaryErrorEventTest#testUncaughtErrorThrownByJavaDelegateOnCallActivity', resources: [CHILD], async run(t) {
    withDelegates(t);
    await t.deploy(m('testUncaughtErrorThrownByJavaDelegateOnCallActivity-parent'), CHILD);
    const pi = await t.start('uncaughtErrorThrownByJavaDelegateOnCallActivity-parent');
    eq((await t.instance(pi.id)).status, 'FAILED', 'the delegate error reaches the top of the calling instance uncaught');
  } },
  { file: m('testCatchErrorThrownByCallActivityOnSubprocessSetsErrorCodeVariable', 'bpmn'), javaTest: 'BoundaryErrorEventTest#testCatchErrorThrownByCallActivityOnSubprocessSetsErrorVariables', resources: [`${D}/ThrowErrorProcess.bpmn`], async run(t) {
    await t.deploy(`${D}/ThrowErrorProcess.bpmn`, m('testCatchErrorThrownByCallActivityOnSubprocessSetsErrorCodeVariable', 'bpmn'));
    const pi = await t.start('Process_1');
    eq((await t.instance(pi.id)).variables.errorVariable, 'error', 'camunda:errorCodeVariable');
  } },
  { file: m('testCatchBpmnErrorThrownByJavaDelegateInCallActivityOnSubprocessSetsErrorVariables', 'bpmn'), javaTest: 'BoundaryErrorEventTest#testCatchBpmnErrorThrownByJavaDelegateInCallActivityOnSubprocessSetsErrorVariables', resources: ['callactivity/subProcessWithThrownError.bpmn'], async run(t) {
    t.service('org.camunda.bpm.engine.test.bpmn.callactivity.ServiceTaskThrowBpmnError', () => {
      throw new BpmnError('errorCode', 'ouch!');
    });
    await t.deploy(m('testCatchBpmnErrorThrownByJavaDelegateInCallActivityOnSubprocessSetsErrorVariables', 'bpmn'), 'callactivity/subProcessWithThrownError.bpmn');
    const pi = await t.start('Process_1');
    await t.completeAll();
    const v = (await t.instance(pi.id)).variables;
    eq([v.errorCode, v.errorMessageVariable], ['errorCode', 'ouch!'], 'camunda:errorCodeVariable and errorMessageVariable');
  } },
  executeThrows(ABSTRACT, 'BoundaryErrorEventTest#testCatchExceptionThrownByExecuteOfAbstractBpmnActivityBehavior', 'exception', `${PKG}.ThrowErrorDelegate`),
  executeThrows(ABSTRACT, 'BoundaryErrorEventTest#testCatchErrorThrownByExecuteOfAbstractBpmnActivityBehavior', 'error', `${PKG}.ThrowErrorDelegate`),
  executeThrows(DELEGATE_EXPR, 'BoundaryErrorEventTest#testCatchExceptionThrownByExecuteOfDelegateExpression', 'exception', 'myDelegate'),
  executeThrows(DELEGATE_EXPR, 'BoundaryErrorEventTest#testCatchErrorThrownByExecuteOfDelegateExpression', 'error', 'myDelegate'),
  followUp('testCatchExceptionExpressionThrownByFollowUpTask'),
  followUp('testCatchExceptionClassDelegateThrownByFollowUpTask'),
  followUp('testCatchExceptionExpressionThrownByFollowUpScopeTask'),
  { file: m('testUncaughtBusinessExceptionWrongErrorCode'), javaTest: 'BoundaryErrorEventTest#testUncaughtBusinessExceptionWrongErrorCode', async run(t) {
    t.service(`${PKG}.ThrowSpecializedExceptionDelegate`, () => {
      throw new BpmnError(`${PKG}.MyBusinessException`, 'Business Exception');
    });
    await t.deploy();
    await failsAtRuntime(t.start('testUncaughtBusinessExceptionWrongErrorCode'), 'start');
    eq(await t.taskNames(), [], 'the boundary for org.some.other.Exception does not catch it');
  } },
];
