/**
 * iomapping/: InputOutputEventTest and the InputOutputTest methods about where mappings are allowed.
 * Camunda's VariableLogDelegate records `execution.getVariablesLocal()`; here it is a handler registered
 * under its class name that records what it sees, and locality is checked by the mapped variable staying
 * out of the process scope. Camunda reads a waiting activity's locals with a variable query; here they
 * are the `locals` of the token waiting there in the exported snapshot.
 */
import { deployFails, eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const E = 'iomapping/InputOutputEventTest';
const T = 'iomapping/InputOutputTest';
const LOG = 'org.camunda.bpm.engine.test.bpmn.iomapping.VariableLogDelegate';

async function localsAt(t: CaseContext, instanceId: string, elementId: string): Promise<Record<string, unknown>> {
  const snap = await t.engine.exportSnapshot(instanceId);
  const token = snap.tokens.find((x) => x.elementId === elementId);
  ok(token !== undefined, `a token waits at ${elementId}`);
  return (token!.locals ?? {}) as Record<string, unknown>;
}

/** The delegate's view of the variables at each call. */
function variableLog(t: CaseContext): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  t.service(LOG, ({ variables }) => void seen.push({ ...variables }));
  return seen;
}

/** An output mapping on the catch event after an event-based gateway runs when the event fires. */
function afterGateway(kind: 'Message' | 'Timer' | 'Signal' | 'Conditional'): Camunda7Case {
  return { file: `${E}.test${kind}CatchAfterEventGateway.bpmn20.xml`, javaTest: `InputOutputEventTest#test${kind}CatchAfterEventGateway`, async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    if (kind === 'Message') await t.engine.correlateMessage('foo');
    else if (kind === 'Timer') await t.advance(5 * 60_000);
    else if (kind === 'Signal') await t.engine.broadcastSignal('foo');
    else await t.engine.setVariables(pi.id, { var: 1 });
    eq((await t.instance(pi.id)).variables.foo, 'bar', 'variable foo written by the output mapping');
    eq(await t.taskIds(pi.id), ['Task_140hnfz'], 'the token passed the catch event');
  } };
}

export const cases: Camunda7Case[] = [
  { file: `${E}.testMessageThrowEvent.bpmn20.xml`, javaTest: 'InputOutputEventTest#testMessageThrowEvent', async run(t) {
    const seen = variableLog(t);
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(seen.map((v) => v.mappedVariable), ['mappedValue'], 'the delegate saw the input variable');
    const v = (await t.instance(pi.id)).variables;
    eq([v.outVariable, 'mappedVariable' in v], ['mappedValue', false], 'output in the process scope, input stayed local');
  } },
  { file: `${E}.testMessageCatchEvent.bpmn20.xml`, javaTest: 'InputOutputEventTest#testMessageCatchEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(await localsAt(t, pi.id, 'messageCatch'), { mappedVariable: 'mappedValue' }, 'local variables of the catch event');
    await t.engine.correlateMessage('IncomingMessage', { variables: { messageVariable: 'outValue' } });
    eq((await t.instance(pi.id)).variables.outVariable, 'outValue', 'output mapping of the message variable');
  } },
  { file: `${E}.testTimerCatchEvent.bpmn20.xml`, javaTest: 'InputOutputEventTest#testTimerCatchEvent', async run(t) {
    await t.deploy();
    // Camunda formats the due date without a zone ("yyyy-MM-dd'T'HH:mm:ss"): a local time.
    const due = new Date(t.clock.now().getTime() + 5 * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const text = `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}T${pad(due.getHours())}:${pad(due.getMinutes())}:${pad(due.getSeconds())}`;
    const pi = await t.start('testProcess', { outerVariable: text });
    const snap = await t.engine.exportSnapshot(pi.id);
    eq(snap.timers.map((x) => x.dueAt), [due.toISOString()], 'timer due at the input-mapped date');
  } },
  { file: `${E}.testNoneThrowEvent.bpmn20.xml`, javaTest: 'InputOutputEventTest#testNoneThrowEvent', async run(t) {
    const seen = variableLog(t);
    await t.deploy();
    const pi = await t.start('testProcess');
    eq(seen.map((v) => v.mappedVariable), ['mappedValue'], 'the start listener saw the input variable');
    const v = (await t.instance(pi.id)).variables;
    eq([v.outVariable, 'mappedVariable' in v], ['mappedValue', false], 'output in the process scope, input stayed local');
  } },
  { file: `${E}.testMessageEndEvent.bpmn20.xml`, javaTest: 'InputOutputEventTest#testMessageEndEvent', async run(t) {
    const seen = variableLog(t);
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.assertEnded(pi.id);
    eq(seen.map((v) => v.mappedVariable), ['mappedValue'], 'the delegate saw the input variable');
  } },
  deployFails(`${E}.testMessageStartEvent.bpmn20.xml`, 'InputOutputEventTest#testMessageStartEvent', 'PARSE_ERROR'),
  deployFails(`${E}.testNoneEndEvent.bpmn20.xml`, 'InputOutputEventTest#testNoneEndEvent', 'PARSE_ERROR'),
  deployFails(`${E}.testMessageBoundaryEvent.bpmn20.xml`, 'InputOutputEventTest#testMessageBoundaryEvent', 'PARSE_ERROR'),
  afterGateway('Message'),
  afterGateway('Timer'),
  afterGateway('Signal'),
  afterGateway('Conditional'),
  deployFails(`${T}.testInterruptingEventSubprocessIoSupport.bpmn`, 'InputOutputTest#testInterruptingEventSubprocessIoSupport', 'PARSE_ERROR'),
  deployFails(`${T}.testNonInterruptingEventSubprocessIoSupport.bpmn`, 'InputOutputTest#testNonInterruptingEventSubprocessIoSupport', 'PARSE_ERROR'),
  deployFails(`${T}.testMIOutputMappingDisallowed.bpmn20.xml`, 'InputOutputTest#testMIOutputMappingDisallowed', 'PARSE_ERROR'),
  { file: `${T}.testScopeActivityInstanceId.bpmn20.xml`, javaTest: 'InputOutputTest#testScopeActivityInstanceId', async run(t) {
    // Camunda: the only variable instance belongs to the task's activity instance. Here: it is a local
    // of the token at theTask and nothing is in the process scope.
    await t.deploy();
    const pi = await t.start('process');
    eq(await localsAt(t, pi.id, 'theTask'), { inputVariable: 'Hello World!' }, 'the variable of the task activity');
    eq((await t.instance(pi.id)).variables, {}, 'process scope variables');
  } },
];
