/**
 * More of event/error/: ErrorEventSubProcessTest, UnhandledBpmnErrorTest and ErrorEndEventTest's output
 * propagation. Camunda's UnhandledBpmnErrorTest turns an error nobody catches into an exception of the API
 * call ("no error handler"); here it fails the instance (API.md), which `failsAtRuntime` accepts.
 */
import { BpmnError } from '../../src/index.js';
import { eq, ok, failsAtRuntime } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { withDelegates } from './event-error.js';
import { throwErrorDelegate } from './event-error-boundary.js';

const D = 'event/error';
const S = `${D}/ErrorEventSubProcessTest`;
const U = `${D}/UnhandledBpmnErrorTest`;
const PKG = 'org.camunda.bpm.engine.test.bpmn.event.error';
const CHILD = `${D}/BoundaryErrorEventTest.testCatchErrorThrownByJavaDelegateOnCallActivity-child.bpmn20.xml`;
const TO_CALL_ACTIVITY = `${D}/ThrowErrorToCallActivity.bpmn20.xml`;
const THROWS_IN_CHILD = 'callactivity/subProcessWithThrownError.bpmn';

const s = (name: string, ext = 'bpmn20.xml') => `${S}.${name}.${ext}`;

async function escalated(t: CaseContext, id: string): Promise<void> {
  eq(await t.taskNames(), ['Escalated Task'], 'the task of the event subprocess');
  await t.completeAll();
  await t.assertEnded(id);
}

function executeThrows(file: string, javaTest: string, type: 'error' | 'exception', handlerName: string): Camunda7Case {
  return { file, javaTest: `ErrorEventSubProcessTest#${javaTest}`, async run(t) {
    t.service(handlerName, throwErrorDelegate);
    await t.deploy();
    const pi = await t.start('testProcess', { type });
    const v = (await t.instance(pi.id)).variables;
    ok(v.executed === true && v.signaled === undefined, 'executed, not signaled');
    eq(await t.taskIds(pi.id), [type === 'error' ? 'userTaskError' : 'userTaskException'], 'the event subprocess for this error');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } };
}

/** A task first, then the named task once the error has gone round (Camunda's looping-error tests). */
function noLoop(file: string, javaTest: string, key: string, first: string, last: string, resources: string[] = []): Camunda7Case {
  return { file, javaTest: `ErrorEventSubProcessTest#${javaTest}`, resources, async run(t) {
    t.service(`${PKG}.ThrowErrorInLoopDelegate`, () => {
      throw new BpmnError('E1');
    });
    await t.deploy(file, ...resources);
    await t.start(key);
    eq(await t.taskNames(), [first], 'the first task');
    await t.completeAll();
    eq(await t.taskNames(), [last], 'the error reached the outer handler once');
  } };
}

async function timersOf(t: CaseContext, id: string): Promise<number> {
  return (await t.engine.exportSnapshot(id)).timers.length;
}

export const cases: Camunda7Case[] = [
  { file: s('testErrorCodeTakesPrecedence'), javaTest: 'ErrorEventSubProcessTest#testErrorCodeTakesPrecedence', async run(t) {
    await t.deploy();
    const pi = await t.start('CatchErrorInEmbeddedSubProcess');
    eq(await t.taskIds(pi.id), ['taskAfterErrorCatch2'], 'the event subprocess naming the code wins over the catch-all');
    await escalated(t, pi.id);
  } },
  { file: s('testThrowErrorInScriptTaskInsideCallActivitiCatchInTopLevelProcess'), javaTest: 'ErrorEventSubProcessTest#testThrowErrorInScriptTaskInsideCallActivitiCatchInTopLevelProcess', resources: [CHILD], async run(t) {
    withDelegates(t);
    await t.deploy(s('testThrowErrorInScriptTaskInsideCallActivitiCatchInTopLevelProcess'), CHILD);
    await escalated(t, (await t.start('testThrowErrorInScriptTaskInsideCallActivitiCatchInTopLevelProcess')).id);
  } },
  executeThrows(s('testCatchErrorThrownByAbstractBpmnActivityBehavior'), 'testCatchExceptionThrownByExecuteOfAbstractBpmnActivityBehavior', 'exception', `${PKG}.ThrowErrorDelegate`),
  executeThrows(s('testCatchErrorThrownByAbstractBpmnActivityBehavior'), 'testCatchErrorThrownByExecuteOfAbstractBpmnActivityBehavior', 'error', `${PKG}.ThrowErrorDelegate`),
  executeThrows(s('testCatchErrorThrownByDelegateExpression'), 'testCatchExceptionThrownByExecuteOfDelegateExpression', 'exception', 'myDelegate'),
  executeThrows(s('testCatchErrorThrownByDelegateExpression'), 'testCatchErrorThrownByExecuteOfDelegateExpression', 'error', 'myDelegate'),
  { file: s('testCatchErrorEventSubprocessSetErrorVariables', 'bpmn'), javaTest: 'ErrorEventSubProcessTest#testCatchErrorEventSubprocessSetErrorVariables', async run(t) {
    await t.deploy();
    const pi = await t.start('Process_1');
    eq((await t.instance(pi.id)).variables.errorCode, 'error', 'camunda:errorCodeVariable');
  } },
  { file: s('testCatchErrorFromCallActivitySetsErrorVariables', 'bpmn'), javaTest: 'ErrorEventSubProcessTest#testCatchErrorFromCallActivitySetsErrorVariable', resources: [`${D}/ThrowErrorProcess.bpmn`], async run(t) {
    await t.deploy(`${D}/ThrowErrorProcess.bpmn`, s('testCatchErrorFromCallActivitySetsErrorVariables', 'bpmn'));
    const pi = await t.start('Process_1');
    eq((await t.instance(pi.id)).variables.errorCode, 'error', 'camunda:errorCodeVariable');
  } },
  { file: s('testCatchBpmnErrorFromJavaDelegateInsideCallActivitySetsErrorVariable', 'bpmn'), javaTest: 'ErrorEventSubProcessTest#testCatchBpmnErrorFromJavaDelegateInsideCallActivitySetsErrorVariable', resources: [THROWS_IN_CHILD], async run(t) {
    t.service('org.camunda.bpm.engine.test.bpmn.callactivity.ServiceTaskThrowBpmnError', () => {
      throw new BpmnError('errorCode', 'ouch!');
    });
    await t.deploy(s('testCatchBpmnErrorFromJavaDelegateInsideCallActivitySetsErrorVariable', 'bpmn'), THROWS_IN_CHILD);
    const pi = await t.start('Process_1');
    await t.completeAll();
    const v = (await t.instance(pi.id)).variables;
    eq([v.errorCode, v.errorMessageVariable], ['errorCode', 'ouch!'], 'camunda:errorCodeVariable and errorMessageVariable');
  } },
  noLoop(s('testThrowErrorInLoop'), 'testShouldNotThrowErrorInLoop', 'looping-error', 'WaitState', 'ErrorHandlingUserTask'),
  noLoop(s('testThrowErrorInLoopWithCallActivity'), 'testShouldNotThrowErrorInLoopWithCallActivity', 'CallActivityErrorInLoop', 'ErrorLog', 'ErrorHandlingUserTask', [TO_CALL_ACTIVITY]),
  noLoop(s('testThrowErrorInLoopWithMultipleSubProcess'), 'testShouldNotThrowErrorInLoopForMultipleSubProcess', 'looping-error', 'LoggerTask', 'ErrorHandlingTask'),
  { file: s('testThrownAnErrorInEventSubprocessInSubprocess'), javaTest: 'ErrorEventSubProcessTest#testThrownAnErrorInEventSubprocessInSubprocess', async run(t) {
    await t.deploy();
    const pi = await t.start('eventSubProcess');
    eq(await t.taskNames(), ['inside subprocess'], 'the task inside the subprocess');
    eq(await timersOf(t, pi.id), 1, 'the timer of the event subprocess');
    await t.advance(10_000);
    eq(await t.taskNames(), ['after catch'], 'the boundary caught the error of the event subprocess');
    eq(await timersOf(t, pi.id), 0, 'no timer left');
  } },
  { file: s('testThrownAnErrorInEventSubprocessInSubprocessDifferentTransaction'), javaTest: 'ErrorEventSubProcessTest#testThrownAnErrorInEventSubprocessInSubprocessDifferentTransaction', async run(t) {
    await t.deploy();
    const pi = await t.start('eventSubProcess');
    eq(await t.taskNames(), ['inside subprocess'], 'the task inside the subprocess');
    eq(await timersOf(t, pi.id), 1, 'the timer of the event subprocess');
    await t.advance(10_000);
    ok((await t.taskNames()).includes('inside event sub'), 'the task of the event subprocess');
    await t.complete('inside event sub');
    eq(await t.taskNames(), ['after catch'], 'the boundary caught the error of the event subprocess');
    eq(await timersOf(t, pi.id), 0, 'no timer left');
  } },
  { file: `${U}.testUncaughtErrorSimpleProcess.bpmn20.xml`, javaTest: 'UnhandledBpmnErrorTest#testUncaughtErrorSimpleProcess', async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('process'), 'start');
  } },
  { file: `${U}.testUnhandledErrorInEmbeddedSubprocess.bpmn20.xml`, javaTest: 'UnhandledBpmnErrorTest#testUnhandledErrorInEmbeddedSubprocess', async run(t) {
    await t.deploy();
    await t.start('boundaryErrorOnEmbeddedSubprocess');
    eq(await t.taskNames(), ['subprocessTask'], 'the task in the subprocess');
    await failsAtRuntime(t.complete('subprocessTask'), 'completing the task');
  } },
  { file: `${U}.testUncaughtErrorOnEventSubprocess.bpmn20.xml`, javaTest: 'UnhandledBpmnErrorTest#testUncaughtErrorOnEventSubprocess', async run(t) {
    await t.deploy();
    await t.start('process');
    eq(await t.taskNames(), ['subprocessTask'], 'the task in the subprocess');
    await failsAtRuntime(t.complete('subprocessTask'), 'completing the task');
  } },
  { file: `${U}.testUncaughtErrorOnCallActivity.bpmn20.xml`, javaTest: 'UnhandledBpmnErrorTest#testUncaughtErrorOnCallActivity', resources: [`${U}.subprocess.bpmn20.xml`], async run(t) {
    await t.deploy(`${U}.testUncaughtErrorOnCallActivity.bpmn20.xml`, `${U}.subprocess.bpmn20.xml`);
    const pi = await t.start('uncaughtErrorOnCallActivity');
    eq(await t.taskNames(), ['Task in subprocess'], 'the task of the called process');
    await t.complete('Task in subprocess');
    eq((await t.instance(pi.id)).status, 'FAILED', 'the error reaches the top of the calling instance uncaught');
  } },
  { file: `${D}/testPropagateOutputVariablesWhileThrowError.bpmn20.xml`, javaTest: 'ErrorEndEventTest#testPropagateOutputVariablesWhileThrowError', resources: [`${D}/ErrorEventTest.errorParent.bpmn20.xml`], async run(t) {
    await t.deploy(`${D}/testPropagateOutputVariablesWhileThrowError.bpmn20.xml`, `${D}/ErrorEventTest.errorParent.bpmn20.xml`);
    const pi = await t.start('ErrorParentProcess', { input: 42 });
    await t.complete('ut2');
    eq((await t.taskNames()).filter((n) => n === 'task after catched error').length, 1, 'the event subprocess caught the error');
    const v = (await t.instance(pi.id)).variables;
    ok(v.cancelReason !== undefined && v.cancelReason !== null, 'cancelReason is set');
    eq(v.output, 42, 'output of the called process');
  } },
];
