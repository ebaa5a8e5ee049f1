/**
 * iomapping/: InputOutputTest and InputOutputEventTest. Camunda reads an activity's input variables with a
 * variable-instance query on its activity instance; here they are the `locals` of the token waiting at the
 * activity in the exported snapshot. Output variables land in the process scope (`Instance.variables`).
 * The Groovy-scripted files are skips.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const T = 'iomapping/InputOutputTest';

async function localsAt(t: CaseContext, instanceId: string, elementId: string): Promise<Record<string, unknown>> {
  const snap = await t.engine.exportSnapshot(instanceId);
  const token = snap.tokens.find((x) => x.elementId === elementId);
  ok(token !== undefined, `a token waits at ${elementId}`);
  return (token!.locals ?? {}) as Record<string, unknown>;
}

function input(m: string, expected: Record<string, unknown>, vars: Record<string, unknown> = {}): Camunda7Case {
  return { file: `${T}.${m}.bpmn`, javaTest: `InputOutputTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess', vars);
    const locals = await localsAt(t, pi.id, 'wait');
    eq(Object.fromEntries(Object.keys(expected).map((k) => [k, locals[k]])), expected, 'input variables of the activity');
    for (const k of Object.keys(expected)) ok(!(k in (await t.instance(pi.id)).variables), `${k} stays local`);
  } };
}

function output(m: string, expected: Record<string, unknown>, vars: Record<string, unknown> = {}): Camunda7Case {
  return { file: `${T}.${m}.bpmn`, javaTest: `InputOutputTest#${m}`, async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess', vars);
    const v = (await t.instance(pi.id)).variables;
    eq(Object.fromEntries(Object.keys(expected).map((k) => [k, v[k]])), expected, 'output variables in the process scope');
  } };
}

const nested = { var1: { a: ['stringInListNestedInMap', 'b'], b: 'stringValueWithExprKey' }, var2: 'stringConstantValue' };

export const cases: Camunda7Case[] = [
  input('testInputNullValue', { var1: null }),
  input('testInputStringConstantValue', { var1: 'stringValue' }),
  input('testInputElValue', { var1: 2 }),
  input('testInputListElValues', { var1: [2, 3, 4] }),
  input('testInputMapElValues', { var1: { a: 2, b: 3, c: 4 } }),
  input('testInputMapElKey', { var1: { a: 'potato', b: 'tomato' } }, { varExpr1: 'a', varExpr2: 'b' }),
  input('testInputMapElMixedKey', { var1: { a: 'potato', b: 'tomato', c: 'potato' } }, { varExpr1: 'a', varExpr2: 'c', varExprMapValue: 'potato' }),
  input('testInputMultipleElValue', { var1: 2, var2: 3 }),
  input('testInputMultipleMixedValue', { var1: 2, var2: 'stringConstantValue' }),
  input('testInputNested', nested, { exprKey: 'b' }),
  output('testOutputNullValue', { var1: null }),
  output('testOutputStringConstantValue', { var1: 'stringValue' }),
  output('testOutputElValue', { var1: 2 }),
  output('testOutputListElValues', { var1: [2, 3, 4] }),
  output('testOutputMapElValues', { var1: { a: 2, b: 3, c: 4 } }),
  output('testOutputMapElKey', { var1: { a: 'potato', b: 'tomato' } }, { varExpr1: 'a', varExpr2: 'b' }),
  output('testOutputMapElMixedKey', { var1: { a: 'potato', b: 'tomato' } }, { varExpr1: 'a' }),
  output('testOutputMultipleElValue', { var1: 2, var2: 3 }),
  output('testOutputMultipleMixedValue', { var1: 2, var2: 'stringConstantValue' }),
  output('testOutputNested', nested, { exprKey: 'b' }),
  { file: `${T}.testOutputPlainTask.bpmn20.xml`, javaTest: 'InputOutputTest#testOutputPlainTask', async run(t) {
    await t.deploy();
    const pi = await t.start('process', { foo: 'bar' });
    await t.completeAll(pi.id);
    eq((await t.instance(pi.id)).variables.var, 'baroque', 'output over the input variable');
  } },
  { file: `${T}.testSubprocessIoSupport.bpmn20.xml`, javaTest: 'InputOutputTest#testSubprocessIoSupport', async run(t) {
    await t.deploy();
    const pi = await t.start('testProcess', { processVar: 'value' });
    await t.complete('subprocessTask', {}, pi.id);
    const v = (await t.instance(pi.id)).variables;
    eq([v.outerVar, v.innerVar], ['value', undefined], 'output of the subprocess, input gone');
  } },
  ...(['testOutputMappingOnMessageBoundaryEvent', 'testOutputMappingOnTimerBoundaryEvent'] as const).map((m): Camunda7Case => ({
    file: `${T}.${m}.bpmn`, javaTest: `InputOutputTest#${m}`, async run(t) {
      await t.deploy();
      const pi = await t.start('testProcess');
      if (m.includes('Message')) await t.engine.correlateMessage('message');
      else await t.advance(24 * 3600_000);
      ok(!('mapped' in (await t.instance(pi.id)).variables), 'no output mapping when the activity is interrupted');
    },
  })),
];
