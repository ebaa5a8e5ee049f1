/**
 * Tests once skipped as "Java beans" whose beans are only read as properties or named by a delegate
 * expression: a bean property (`#{bean.value}`) is a plain object's property here, and
 * `delegateExpression="${name}"` names the handler registered under `name` (API.md), so neither calls Java.
 */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

export const cases: Camunda7Case[] = [
  { file: 'servicetask/ExpressionServiceTaskTest.testSetServiceResultToProcessVariables.bpmn20.xml', javaTest: 'ExpressionServiceTaskTest#testSetServiceResultToProcessVariables', async run(t) {
    await t.deploy();
    // ValueBean("ok"): `#{bean.value}` reads getValue().
    const pi = await t.start('setServiceResultToProcessVariables', { bean: { value: 'ok' } });
    eq((await t.instance(pi.id)).variables.result, 'ok', 'camunda:resultVariable of the expression task');
    eq(await t.active(pi.id), ['waitState'], 'both expression tasks ran');
  } },
  { file: 'event/compensate/CompensateEventTest.testLocalVariablesInEndExecutionListener.bpmn', javaTest: 'CompensateEventTest#testLocalVariablesInEndExecutionListener', async run(t) {
    // SetLocalVariableListener("foo", "bar") on start and ReadLocalVariableListener("foo") on end of the compensation handler.
    const events: { variableName: string; variableValue: unknown }[] = [];
    t.service('setListener', () => ({ foo: 'bar' }));
    t.service('readListener', ({ variables }) => {
      if (variables.foo !== undefined) events.push({ variableName: 'foo', variableValue: variables.foo });
    });
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.taskNames(pi.id), ['Before Compensate'], 'the task before the compensation');
    await t.complete('Before Compensate');
    eq(events, [{ variableName: 'foo', variableValue: 'bar' }], 'the end listener of the compensation handler read the variable its start listener set');
    eq(await t.taskNames(pi.id), ['After Compensate'], 'the task after the compensation');
  } },
];
