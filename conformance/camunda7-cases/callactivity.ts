/**
 * callactivity/: CallActivityTest and CallActivityAdvancedTest. Each case deploys the calling file with the
 * called ones (as the Java `@Deployment(resources = …)` does); a task's instance id tells a child instance from
 * its parent, as `task.getProcessInstanceId()` does there.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const C = 'callactivity/CallActivity';
const SIMPLE = 'callactivity/simpleSubProcess.bpmn20.xml';

/** `resources`: the called processes the case deploys besides its own file (they count as covered). */
function ca(m: string, javaTest: string, run: (t: CaseContext) => Promise<void>, resources: string[] = [SIMPLE]): Camunda7Case {
  return { file: `${C}.${m}.bpmn20.xml`, javaTest: `CallActivityTest#${javaTest}`, resources, run };
}

async function only(t: CaseContext, name: string) {
  const tasks = await t.tasks();
  eq(tasks.map((x) => x.name), [name], 'open tasks');
  return tasks[0]!;
}

async function done(t: CaseContext, task: { id: string }, values: Record<string, unknown> = {}): Promise<void> {
  await t.engine.completeUserTask(task.id, values);
}

async function vars(t: CaseContext, id: string) {
  return (await t.instance(id)).variables;
}

/** before → task in the called process → after → ended. */
async function beforeSubAfter(t: CaseContext, key: string, startVars: Record<string, unknown> = {}, subName = 'Task in subprocess'): Promise<void> {
  const pi = await t.start(key, startVars);
  await done(t, await only(t, 'Task before subprocess'));
  const sub = await only(t, subName);
  ok(sub.instanceId !== pi.id, 'the task runs in a child instance');
  eq((await t.instance(sub.instanceId)).parentInstanceId, pi.id, 'the child names its parent');
  await done(t, sub);
  await done(t, await only(t, 'Task after subprocess'));
  await t.assertEnded(pi.id);
}

export const cases: Camunda7Case[] = [
  ca('testCallSimpleSubProcess', 'testCallSimpleSubProcess', async (t) => {
    await t.deploy(`${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE);
    await beforeSubAfter(t, 'callSimpleSubProcess');
  }),
  ca('testCallSimpleSubProcessWithExpressions', 'testCallSimpleSubProcessWithExpressions', async (t) => {
    await t.deploy(`${C}.testCallSimpleSubProcessWithExpressions.bpmn20.xml`, SIMPLE, 'callactivity/simpleSubProcess2.bpmn20.xml');
    await beforeSubAfter(t, 'callSimpleSubProcess', { simpleSubProcessExpression: 'simpleSubProcess' });
    await beforeSubAfter(t, 'callSimpleSubProcess', { simpleSubProcessExpression: 'simpleSubProcess2' }, 'Task in subprocess 2');
  }, [SIMPLE, 'callactivity/simpleSubProcess2.bpmn20.xml']),
  ca('testCallSimpleSubProcessWithHashExpressions', 'testCallSimpleSubProcessWithHashExpressions', async (t) => {
    await t.deploy(`${C}.testCallSimpleSubProcessWithHashExpressions.bpmn20.xml`, SIMPLE);
    await beforeSubAfter(t, 'callSimpleSubProcess', { simpleSubProcessExpression: 'simpleSubProcess' });
  }),
  ca('testCallSimpleSubProcessLatest', 'testCallSimpleSubProcessWithLatestBinding', async (t) => {
    await t.deploy(`${C}.testCallSimpleSubProcessLatest.bpmn20.xml`, SIMPLE, 'callactivity/simpleSubProcess2.bpmn20.xml');
    await beforeSubAfter(t, 'callSimpleSubProcessLatest');
  }, [SIMPLE, 'callactivity/simpleSubProcess2.bpmn20.xml']),
  ca('testCallSimpleSubProcessFromSameDeployment', 'testCallSimpleSubProcessWithDeploymentBinding', async (t) => {
    await t.deploy(`${C}.testCallSimpleSubProcessFromSameDeployment.bpmn20.xml`);
    await t.deploy(SIMPLE);
    const pi = await t.start('callSimpleSubProcessFromSameDeployment');
    await t.complete('Task before subprocess');
    ok((await t.instance(pi.id)).incidents.length > 0 || (await t.tasks()).length === 0, 'simpleSubProcess is not in the calling deployment: the call fails');
  }),
  ca('testCallSimpleSubProcessWithVersion', 'testCallSimpleSubProcessWithVersionBinding', async (t) => {
    await t.deploy(`${C}.testCallSimpleSubProcessWithVersion.bpmn20.xml`, SIMPLE, SIMPLE);
    await beforeSubAfter(t, 'callSimpleSubProcessWithVersion');
  }),
  ca('testTimerOnCallActivity', 'testTimerOnCallActivity', async (t) => {
    await t.deploy(`${C}.testTimerOnCallActivity.bpmn20.xml`, SIMPLE);
    const pi = await t.start('timerOnCallActivity');
    const sub = await only(t, 'Task in subprocess');
    await t.advance(6 * 60_000);
    eq(await t.taskNames(), ['Escalated Task'], 'tasks after the timer fired');
    ok(await t.ended(sub.instanceId), 'the called instance is gone');
    await t.completeAll();
    await t.assertEnded(pi.id);
  }),
  ca('testSubProcessDataInputOutput', 'testSubProcessDataInputOutput', async (t) => {
    await t.deploy(`${C}.testSubProcessDataInputOutput.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessDataInputOutput', { superVariable: 'Hello from the super process.' });
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).subVariable, 'Hello from the super process.', 'camunda:in');
    await t.engine.setVariables(sub.instanceId, { subVariable: 'Hello from sub process.' });
    eq((await vars(t, pi.id)).superVariable, 'Hello from the super process.', 'the super variable is unchanged');
    await done(t, sub);
    const after = await only(t, 'Task in super process');
    eq((await vars(t, pi.id)).superVariable, 'Hello from sub process.', 'camunda:out');
    await t.engine.setVariables(pi.id, { x: 5 });
    await done(t, after);
    const second = await only(t, 'Task in subprocess');
    eq((await vars(t, second.instanceId)).y, 10, 'sourceExpression ${x+5}');
    await done(t, second);
    eq((await vars(t, pi.id)).z, 15, 'out sourceExpression ${y+5}');
    await done(t, await only(t, 'Task in super process'));
    await t.assertEnded(pi.id);
  }),
  ca('testSubProcessLimitedDataInputOutputTypedApi', 'testSubProcessWithLimitedDataInputOutputTypedApi', async (t) => {
    await t.deploy(`${C}.testSubProcessLimitedDataInputOutputTypedApi.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessDataInputOutput', { superVariable: null });
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).subVariable, null, 'camunda:in of a null');
    await t.engine.setVariables(sub.instanceId, { subVariable: 'from sub' });
    await done(t, sub);
    await only(t, 'Task in super process');
    eq((await vars(t, pi.id)).superVariable, 'from sub', 'camunda:out');
  }),
  ca('testSubProcessAllDataInputOutputTypedApi', 'testSubProcessWithAllDataInputOutputTypedApi', async (t) => {
    await t.deploy(`${C}.testSubProcessAllDataInputOutputTypedApi.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessDataInputOutput', { superVariable: null });
    const sub = await only(t, 'Task in subprocess');
    ok('superVariable' in (await vars(t, sub.instanceId)), 'all variables passed in');
    await t.engine.setVariables(sub.instanceId, { subVariable: 'from sub' });
    await done(t, sub);
    await only(t, 'Task in super process');
    eq((await vars(t, pi.id)).subVariable, 'from sub', 'all variables passed out');
  }),
  { file: `${C}.testSubProcessDataInputOutput.bpmn20.xml`, javaTest: 'CallActivityTest#testSubProcessWithNullDataOutput', resources: ['callactivity/dataSubProcess.bpmn20.xml'], async run(t) {
    await t.deploy(`${C}.testSubProcessDataInputOutput.bpmn20.xml`, 'callactivity/dataSubProcess.bpmn20.xml');
    const pi = await t.start('subProcessDataInputOutput');
    const sub = await only(t, 'Task in subprocess');
    ok(!('subVariable' in (await vars(t, pi.id))), 'no subVariable in the parent');
    const subVars = await vars(t, sub.instanceId);
    ok('subVariable' in subVars && subVars.subVariable === null, 'subVariable is set to null in the child');
    await done(t, sub);
    const v = await vars(t, pi.id);
    ok('superVariable' in v && v.superVariable === null, 'superVariable is null in the parent');
    ok('hisLocalVariable' in v && v.hisLocalVariable === null, 'hisLocalVariable is null in the parent');
  } },
  { file: `${C}.testSubProcessDataInputOutputAsExpression.bpmn20.xml`, javaTest: 'CallActivityTest#testSubProcessWithNullDataOutputAsExpression', resources: ['callactivity/dataSubProcess.bpmn20.xml'], async run(t) {
    await t.deploy(`${C}.testSubProcessDataInputOutputAsExpression.bpmn20.xml`, 'callactivity/dataSubProcess.bpmn20.xml');
    const pi = await t.start('subProcessDataInputOutput', { superVariable: null });
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).subVariable, null, 'subVariable in the child');
    await done(t, sub, { myLocalVariable: null });
    const v = await vars(t, pi.id);
    ok(!('subVariable' in v), 'no subVariable in the parent');
    ok('hisLocalVariable' in v && v.hisLocalVariable === null, 'hisLocalVariable is null in the parent');
  } },
  ca('testTwoSubProcesses', 'testTwoSubProcesses', async (t) => {
    await t.deploy(`${C}.testTwoSubProcesses.bpmn20.xml`, SIMPLE);
    const pi = await t.start('callTwoSubProcesses');
    const tasks = await t.tasks();
    eq(tasks.map((x) => x.name), ['Task in subprocess', 'Task in subprocess'], 'two called instances');
    ok(tasks[0]!.instanceId !== tasks[1]!.instanceId && !tasks.some((x) => x.instanceId === pi.id), 'two distinct child instances');
  }),
  ca('testSubProcessEndsSuperProcess', 'testSubProcessEndsSuperProcess', async (t) => {
    await t.deploy(`${C}.testSubProcessEndsSuperProcess.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessEndsSuperProcess');
    await done(t, await only(t, 'Task in subprocess'));
    await t.assertEnded(pi.id);
  }),
  ca('testCallSequentialSubProcess', 'testCallSequentialSubProcess', async (t) => {
    await t.deploy(`${C}.testCallSequentialSubProcess.bpmn20.xml`, `${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE);
    const pi = await t.start('callSequentialSubProcess');
    for (let i = 0; i < 2; i++) {
      await done(t, await only(t, 'Task before subprocess'));
      await done(t, await only(t, 'Task in subprocess'));
      await done(t, await only(t, 'Task after subprocess'));
    }
    await t.assertEnded(pi.id);
  }, [`${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE]),
  ca('testCallParallelSubProcess', 'testCallParallelSubProcess', async (t) => {
    await t.deploy(`${C}.testCallParallelSubProcess.bpmn20.xml`, 'callactivity/simpleParallelSubProcess.bpmn20.xml');
    const pi = await t.start('callParallelSubProcess');
    eq(await t.taskNames(), ['Task A', 'Task B'], 'both branches of the called process');
    await t.completeAll();
    await t.assertEnded(pi.id);
  }, ['callactivity/simpleParallelSubProcess.bpmn20.xml']),
  ca('testNestedCallActivity', 'testNestedCallActivity', async (t) => {
    await t.deploy(`${C}.testNestedCallActivity.bpmn20.xml`, `${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE);
    const pi = await t.start('nestedCallActivity');
    await done(t, await only(t, 'Task before subprocess'));
    await done(t, await only(t, 'Task before subprocess'));
    await done(t, await only(t, 'Task in subprocess'));
    await done(t, await only(t, 'Task after subprocess'));
    await done(t, await only(t, 'Task after subprocess'));
    await t.assertEnded(pi.id);
  }, [`${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE]),
  ca('testDoubleNestedCallActivity', 'testDoubleNestedCallActivity', async (t) => {
    await t.deploy(`${C}.testDoubleNestedCallActivity.bpmn20.xml`, `${C}.testNestedCallActivity.bpmn20.xml`, `${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE);
    const pi = await t.start('doubleNestedCallActivity');
    for (let i = 0; i < 3; i++) await done(t, await only(t, 'Task before subprocess'));
    await done(t, await only(t, 'Task in subprocess'));
    for (let i = 0; i < 3; i++) await done(t, await only(t, 'Task after subprocess'));
    await t.assertEnded(pi.id);
  }, [`${C}.testNestedCallActivity.bpmn20.xml`, `${C}.testCallSimpleSubProcess.bpmn20.xml`, SIMPLE]),
  ca('testSubProcessAllDataInputOutput', 'testSubProcessAllDataInputOutput', async (t) => {
    await t.deploy(`${C}.testSubProcessAllDataInputOutput.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessAllDataInputOutput', { superVariable: 'Hello from the super process.', testVariable: 'Only a test.' });
    await done(t, await only(t, 'Task before subprocess'));
    const sub = await only(t, 'Task in subprocess');
    const sv = await vars(t, sub.instanceId);
    eq([sv.superVariable, sv.testVariable], ['Hello from the super process.', 'Only a test.'], 'all variables in');
    await t.engine.setVariables(sub.instanceId, { superVariable: 'Hello from sub process.', testVariable: 'Only a test2.' });
    await done(t, sub);
    await only(t, 'Task after subprocess');
    const v = await vars(t, pi.id);
    eq([v.superVariable, v.testVariable], ['Hello from sub process.', 'Only a test2.'], 'all variables out');
  }),
  ca('testSubProcessAllDataInputOutputWithAdditionalInputMapping', 'testSubProcessAllDataInputOutputWithAdditionalInputMapping', async (t) => {
    await t.deploy(`${C}.testSubProcessAllDataInputOutputWithAdditionalInputMapping.bpmn20.xml`, SIMPLE);
    await t.start('subProcessAllDataInputOutput', { superVariable: 'Hello from the super process.', testVariable: 'Only a test.' });
    await done(t, await only(t, 'Task before subprocess'));
    const sub = await only(t, 'Task in subprocess');
    const sv = await vars(t, sub.instanceId);
    eq([sv.superVariable, sv.testVariable, sv.subVariable], ['Hello from the super process.', 'Only a test.', 'Hello from the super process.'], 'all variables and the mapped one');
  }),
  ca('testSubProcessBusinessKeyInput', 'testSubProcessBusinessKeyInput', async (t) => {
    await t.deploy(`${C}.testSubProcessBusinessKeyInput.bpmn20.xml`, SIMPLE);
    await t.start('subProcessBusinessKeyInput', {}, 'myBusinessKey');
    await done(t, await only(t, 'Task before subprocess'));
    const sub = await only(t, 'Task in subprocess');
    eq((await t.instance(sub.instanceId)).businessKey, 'myBusinessKey', 'business key of the called instance');
  }),
  ca('testLiteralSourceExpression', 'testLiteralSourceExpression', async (t) => {
    await t.deploy(`${C}.testLiteralSourceExpression.bpmn20.xml`, SIMPLE);
    const pi = await t.start('process');
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).inLiteralVariable, 'inLiteralValue', 'literal camunda:in');
    await done(t, sub);
    eq((await vars(t, pi.id)).outLiteralVariable, 'outLiteralValue', 'literal camunda:out');
  }),
  ca('testSubProcessLocalInputAllVariables', 'testSubProcessLocalInputAllVariables', async (t) => {
    await t.deploy(`${C}.testSubProcessLocalInputAllVariables.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessLocalInputAllVariables');
    await done(t, await only(t, 'Task before subprocess'), { callingProcessVar1: 'val1' });
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).inputParameter, 'val2', 'the local input parameter reaches the child');
    await done(t, sub);
    await only(t, 'Task after subprocess');
    eq((await vars(t, pi.id)).outputParameter, 43, 'the output parameter');
  }),
  ca('testSubProcessLocalInputSingleVariable', 'testSubProcessLocalInputSingleVariable', async (t) => {
    await t.deploy(`${C}.testSubProcessLocalInputSingleVariable.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessLocalInputSingleVariable');
    await done(t, await only(t, 'Task before subprocess'), { inputParameter: 'val1' });
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).mappedInputParameter, 'val2', 'mapped from the local input parameter');
    ok(!('mappedInputParameter' in (await vars(t, pi.id))), 'not in the caller');
  }),
  ca('testSubProcessLocalInputSingleVariableExpression', 'testSubProcessLocalInputSingleVariableExpression', async (t) => {
    await t.deploy(`${C}.testSubProcessLocalInputSingleVariableExpression.bpmn20.xml`, SIMPLE);
    await t.start('subProcessLocalInputSingleVariableExpression');
    await done(t, await only(t, 'Task before subprocess'), { inputParameter: 1 });
    const sub = await only(t, 'Task in subprocess');
    eq((await vars(t, sub.instanceId)).mappedInputParameter, 43, 'expression over the local input parameter ${42}');
  }),
  ca('testSubProcessLocalOutputSingleVariable', 'testSubProcessLocalOutputSingleVariable', async (t) => {
    await t.deploy(`${C}.testSubProcessLocalOutputSingleVariable.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessLocalOutputSingleVariable');
    await done(t, await only(t, 'Task before subprocess'));
    const sub = await only(t, 'Task in subprocess');
    await done(t, sub, { calledProcessVar1: 42 });
    await only(t, 'Task after subprocess');
    const v = await vars(t, pi.id);
    ok(!('outVar' in v), 'a local output stays on the call activity and is gone after it');
    eq(v.outputParameter, 43, 'the output parameter reads the local output');
  }),
  ca('testSubProcessLocalOutputAllVariables', 'testSubProcessLocalOutputAllVariables', async (t) => {
    await t.deploy(`${C}.testSubProcessLocalOutputAllVariables.bpmn20.xml`, SIMPLE);
    const pi = await t.start('subProcessLocalOutputAllVariables');
    await done(t, await only(t, 'Task before subprocess'), { callingProcessVar1: 'val1' });
    const sub = await only(t, 'Task in subprocess');
    await done(t, sub, { calledProcessVar1: 42 });
    await only(t, 'Task after subprocess');
    const v = await vars(t, pi.id);
    ok(!('calledProcessVar1' in v), 'local outputs do not reach the process scope');
    eq(v.outputParameter, 43, 'the output parameter reads the local output');
  }),
];
