/**
 * callactivity/: CallActivityDelegateMappingTest. A Java DelegateVariableMapping becomes a VariableMapping
 * registered under its class name (`camunda:variableMappingClass`) or under the bean name inside
 * `camunda:variableMappingDelegateExpression="${expr}"` (the Java test puts the bean into the engine's beans).
 *
 * Where Camunda fails the API call and rolls back (a mapping that is missing or throws, a BpmnError included:
 * "not catched by boundary event"), this engine records an incident on the call activity instead and nothing
 * moves past it. For a failing output mapping the called instance has already completed here (the mapping
 * runs in the calling instance, after the child is stored), so the rollback to the child's task has no
 * equivalent; the facts kept are: the call activity fails, no boundary catches it, the caller does not go on.
 */
import { BpmnError } from '../../src/index.js';
import type { VariableMapping } from '../../src/index.js';
import { eq, failsAtRuntime, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const C = 'callactivity/CallActivityDelegateMappingTest';
const SIMPLE = 'callactivity/simpleSubProcess.bpmn20.xml';
const PKG = 'org.camunda.bpm.engine.test.bpmn.callactivity';

const fail = (): never => {
  throw new Error('New process engine exception.');
};
/** The Java mapping classes of the test package, by simple class name. */
const MAPPINGS: Record<string, VariableMapping> = {
  DelegatedVarMapping: { mapInputVariables: () => ({ TestInputVar: 'inValue' }), mapOutputVariables: () => ({ TestOutputVar: 'outValue' }) },
  DelegateVarMappingThrowException: { mapInputVariables: fail, mapOutputVariables: fail },
  DelegateVarMappingThrowBpmnError: {
    mapInputVariables: () => {
      throw new BpmnError('1234');
    },
    mapOutputVariables: fail,
  },
  DelegateVarMappingThrowExceptionOutput: { mapInputVariables: () => undefined, mapOutputVariables: fail },
  DelegateVarMappingThrowBpmnErrorOutput: {
    mapInputVariables: () => undefined,
    mapOutputVariables: () => {
      throw new BpmnError('1234');
    },
  },
};

/** The mapping classes every test deploys with (they are on Camunda's classpath), and `expr` when a bean is set. */
function register(t: CaseContext, bean?: keyof typeof MAPPINGS): void {
  for (const [name, m] of Object.entries(MAPPINGS)) t.engine.registerVariableMapping(`${PKG}.${name}`, m);
  if (bean !== undefined) t.engine.registerVariableMapping('expr', MAPPINGS[bean]!);
}

function dm(file: string, method: string, run: (t: CaseContext) => Promise<void>, resources: string[] = [SIMPLE]): Camunda7Case {
  return { file: `${C}.${file}.bpmn20.xml`, javaTest: `CallActivityDelegateMappingTest#${method}`, resources, run };
}

async function only(t: CaseContext, name: string) {
  const tasks = await t.tasks();
  eq(tasks.map((x) => x.name), [name], 'open tasks');
  return tasks[0]!;
}

/** The call activity holds the failure, nothing caught it, and the caller did not move on. */
async function stuckAtCallActivity(t: CaseContext, parentId: string, expectedText?: string): Promise<void> {
  const p = await t.instance(parentId);
  eq(p.activeElementIds, ['callSubProcess'], 'the caller still at the call activity');
  eq(p.incidents.map((i) => i.elementId), ['callSubProcess'], 'incidents');
  if (expectedText !== undefined) ok(p.incidents[0]!.message.includes(expectedText), `the incident to say "${expectedText}" (it says "${p.incidents[0]!.message}")`);
  eq(await t.taskNames(), [], 'open tasks (no boundary catch, nothing after the call activity)');
}

/** Input mapping delegated: TestInputVar reaches the child, TestOutputVar comes back. */
async function mapsBothWays(t: CaseContext): Promise<void> {
  const pi = await t.start('callSimpleSubProcess');
  const sub = await only(t, 'Task in subprocess');
  ok(sub.instanceId !== pi.id, 'the task runs in the called instance');
  eq((await t.instance(sub.instanceId)).variables.TestInputVar, 'inValue', 'TestInputVar in the called instance');
  await t.engine.completeUserTask(sub.id, {});
  await only(t, 'Task after subprocess');
  eq((await t.instance(pi.id)).variables.TestOutputVar, 'outValue', 'TestOutputVar in the caller');
}

/** delegateVariableMappingThrowException(): completing the task before the call activity fails there. */
async function inputFails(t: CaseContext, text: string): Promise<void> {
  const pi = await t.start('callSimpleSubProcess');
  const before = await only(t, 'Task before subprocess');
  await failsAtRuntime(t.engine.completeUserTask(before.id, {}), 'completing the task before the call activity');
  await stuckAtCallActivity(t, pi.id, text);
}

/** delegateVariableMappingThrowExceptionOutput(): completing the task in the called instance fails the output mapping. */
async function outputFails(t: CaseContext, text: string): Promise<void> {
  const pi = await t.start('callSimpleSubProcess');
  await t.engine.completeUserTask((await only(t, 'Task before subprocess')).id, {});
  const sub = await only(t, 'Task in subprocess');
  await t.engine.completeUserTask(sub.id, {});
  await stuckAtCallActivity(t, pi.id, text);
}

const MAPPING_FAILED = 'New process engine exception.';

export const cases: Camunda7Case[] = [
  dm('testCallSimpleSubProcessDelegateVarMapping', 'testCallSubProcessWithDelegatedVariableMapping', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMapping.bpmn20.xml`, SIMPLE);
    await mapsBothWays(t);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingExpression', 'testCallSubProcessWithDelegatedVariableMappingeExpression', async (t) => {
    register(t, 'DelegatedVarMapping');
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingExpression.bpmn20.xml`, SIMPLE);
    await mapsBothWays(t);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingNotFound', 'testCallSubProcessWithDelegatedVariableMappingNotFound', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingNotFound.bpmn20.xml`, SIMPLE);
    await failsAtRuntime(t.start('callSimpleSubProcess'), 'starting the caller');
    const [pi] = (await t.engine.listInstances({ processKey: 'callSimpleSubProcess' })).items;
    await stuckAtCallActivity(t, pi!.id, `${PKG}.NotFoundMapping`);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingExpressionNotFound', 'testCallSubProcessWithDelegatedVariableMappingeExpressionNotFound', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingExpressionNotFound.bpmn20.xml`, SIMPLE);
    await failsAtRuntime(t.start('callSimpleSubProcess'), 'starting the caller');
    const [pi] = (await t.engine.listInstances({ processKey: 'callSimpleSubProcess' })).items;
    await stuckAtCallActivity(t, pi!.id, '"notFound"');
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingThrowException', 'testCallSubProcessWithDelegatedVariableMappingThrowException', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingThrowException.bpmn20.xml`, SIMPLE);
    await inputFails(t, MAPPING_FAILED);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingExpressionThrowException', 'testCallSubProcessWithDelegatedVariableMappingeExpressionThrowException', async (t) => {
    register(t, 'DelegateVarMappingThrowException');
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingExpressionThrowException.bpmn20.xml`, SIMPLE);
    await inputFails(t, MAPPING_FAILED);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingThrowBpmnError', 'testCallSubProcessWithDelegatedVariableMappingThrowBpmnError', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingThrowBpmnError.bpmn20.xml`, SIMPLE);
    await inputFails(t, '1234');
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingExpressionThrowException', 'testCallSubProcessWithDelegatedVariableMappingeExpressionThrowBpmnError', async (t) => {
    register(t, 'DelegateVarMappingThrowBpmnError');
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingExpressionThrowException.bpmn20.xml`, SIMPLE);
    await inputFails(t, '1234');
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingThrowExceptionOutput', 'testCallSubProcessWithDelegatedVariableMappingThrowExceptionOutput', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingThrowExceptionOutput.bpmn20.xml`, SIMPLE);
    await outputFails(t, MAPPING_FAILED);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingExpressionThrowException', 'testCallSubProcessWithDelegatedVariableMappingeExpressionThrowExceptionOutput', async (t) => {
    register(t, 'DelegateVarMappingThrowExceptionOutput');
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingExpressionThrowException.bpmn20.xml`, SIMPLE);
    await outputFails(t, MAPPING_FAILED);
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingThrowBpmnErrorOutput', 'testCallSubProcessWithDelegatedVariableMappingThrowBpmnErrorOutput', async (t) => {
    register(t);
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingThrowBpmnErrorOutput.bpmn20.xml`, SIMPLE);
    await outputFails(t, '1234');
  }),
  dm('testCallSimpleSubProcessDelegateVarMappingExpressionThrowException', 'testCallSubProcessWithDelegatedVariableMappingeExpressionThrowBpmnErrorOutput', async (t) => {
    register(t, 'DelegateVarMappingThrowBpmnErrorOutput');
    await t.deploy(`${C}.testCallSimpleSubProcessDelegateVarMappingExpressionThrowException.bpmn20.xml`, SIMPLE);
    await outputFails(t, '1234');
  }),
  dm('testCallFailingSubProcessWithDelegatedVariableMapping', 'testCallFailingSubProcessWithDelegatedVariableMapping', async (t) => {
    register(t);
    t.service(`${PKG}.ThrowingBpmnErrorDelegate`, () => {
      throw new BpmnError('BPMN_ERROR_BY_DELEGATE');
    });
    await t.deploy(`${C}.testCallFailingSubProcessWithDelegatedVariableMapping.bpmn20.xml`, 'callactivity/failingSubProcess.bpmn20.xml');
    const pi = await t.start('callSimpleSubProcess');
    // The called instance fails; the output mapping runs before its error reaches the boundary.
    const after = await t.instance(pi.id);
    eq(after.variables.TestOutputVar, 'outValue', 'TestOutputVar in the caller');
    eq(after.variables.myErrorVariable, 'BPMN_ERROR_BY_DELEGATE', 'the error caught by the boundary');
    await only(t, 'Task after subprocess');
  }, ['callactivity/failingSubProcess.bpmn20.xml']),
  dm('testCallSubProcessWithDelegatedVariableMappingAndAsyncServiceTask', 'testCallSubProcessWithDelegatedVariableMappingAndAsyncServiceTask', async (t) => {
    register(t);
    t.service('org.camunda.bpm.engine.test.bpmn.ruletask.DummyServiceTask', () => undefined);
    await t.deploy(`${C}.testCallSubProcessWithDelegatedVariableMappingAndAsyncServiceTask.bpmn20.xml`, 'callactivity/simpleSubProcessWithAsyncService.bpmn20.xml');
    const pi = await t.start('callSimpleSubProcess');
    const [sub] = (await t.engine.listInstances({ processKey: 'simpleSubProcessWithAsyncService' })).items;
    ok(sub !== undefined && sub.status === 'RUNNING', 'the called instance waits at its async service task');
    eq(sub!.variables.TestInputVar, 'inValue', 'TestInputVar in the called instance');
    await t.runJobs();
    eq((await t.instance(pi.id)).variables.TestOutputVar, 'outValue', 'TestOutputVar in the caller after the job ran');
  }, ['callactivity/simpleSubProcessWithAsyncService.bpmn20.xml']),
];
