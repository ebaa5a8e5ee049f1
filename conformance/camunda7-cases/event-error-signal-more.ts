/**
 * More of event/error/ (ErrorEndEventTest, ErrorEventSubProcessTest) and event/signal/
 * (SignalEventParseInvalidProcessTest). ErrorEndEventTest reads the error code and message variables the
 * boundary event's camunda:errorCodeVariable / camunda:errorMessageVariable set.
 */
import { eq, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const EE = 'event/error/ErrorEndEventTest';
const ES = 'event/error/ErrorEventSubProcessTest';

function errorEnd(m: string, key: string, message: string | null, variables: Record<string, unknown> = {}): Camunda7Case {
  return { file: `${EE}.${m}.bpmn20.xml`, javaTest: `ErrorEndEventTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start(key, variables);
    eq(await t.taskIds(pi.id), ['task'], 'the boundary event caught the error');
    const v = (await t.instance(pi.id)).variables;
    eq(v.errorCode, '123', 'errorCodeVariable');
    eq(v.errorMessage ?? null, message, 'errorMessageVariable');
  } };
}

function escalatedTask(m: string, key: string): Camunda7Case {
  return { file: `${ES}.${m}.bpmn20.xml`, javaTest: `ErrorEventSubProcessTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start(key);
    eq(await t.taskNames(pi.id), ['Escalated Task'], 'the event subprocess inside the subprocess caught the error');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } };
}

const invalidSignal = (file: string, param: string): Camunda7Case =>
  deployFails(`event/signal/${file}.bpmn20.xml`, `SignalEventParseInvalidProcessTest#testParseInvalidProcessDefinition[${param}]`);

export const cases: Camunda7Case[] = [
  errorEnd('testError', 'testError', null),
  errorEnd('testErrorMessage', 'testErrorMessage', 'This is the error message indicating what went wrong.'),
  errorEnd('testErrorMessageExpression', 'testErrorMessageExpression', 'Ouch!', { errorMessageExpression: 'Ouch!' }),
  escalatedTask('testCatchErrorInEmbeddedSubProcess', 'CatchErrorInEmbeddedSubProcess'),
  escalatedTask('testEventSubprocessTakesPrecedence', 'CatchErrorInEmbeddedSubProcess'),

  invalidSignal('InvalidProcessWithDuplicateSignalNames', 'duplicate signal name'),
  invalidSignal('InvalidProcessWithNoSignalName', 'signal has no name'),
  invalidSignal('InvalidProcessWithSignalNoId', 'signal must have an id'),
  invalidSignal('InvalidProcessWithSignalNoRef', 'no signalRef'),
  invalidSignal('InvalidProcessWithMultipleSignalStartEvents', 'two signal start events, same name'),
  invalidSignal('InvalidProcessWithMultipleInterruptingSignalEventSubProcesses', 'two interrupting signal event subprocesses, same name'),
];
