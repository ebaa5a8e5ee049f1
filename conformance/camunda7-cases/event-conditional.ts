/**
 * event/conditional/: intermediate, boundary and event-subprocess conditional events, and conditional start
 * events. `runtimeService.setVariable` becomes `setVariables`, which re-evaluates the open conditions. Camunda's
 * `createConditionEvaluation()…evaluateStartConditions()` is `engine.evaluateStartConditions(variables, opts)`.
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import type { ServiceHandler } from '../../src/index.js';

const D = 'event/conditional';
const PKG = 'org.camunda.bpm.engine.test.bpmn.event.conditional';
const KEY = 'conditionalEventProcess';
const setVariableDelegate: ServiceHandler = () => ({ variable: 1 });

type Step = (t: CaseContext, id: string) => Promise<void>;
const setVar = (value: unknown, name = 'variable'): Step => async (t, id) => { await t.engine.setVariables(id, { [name]: value }); };
const complete = (name: string): Step => async (t, id) => { await t.complete(name, {}, id); };
const expectTasks = (names: string[]): Step => async (t, id) => { eq(await t.taskNames(id), names, 'open tasks'); };
const expectActive = (ids: string[]): Step => async (t, id) => { eq(await t.active(id), ids, 'active elements'); };
const expectEnded: Step = async (t, id) => { await t.assertEnded(id); };

function scenario(cls: string, m: string, steps: Step[], javaTest = m, key = KEY): Camunda7Case {
  return { file: `${D}/${cls}.${m}.bpmn20.xml`, javaTest: `${cls}#${javaTest}`, async run(t) {
    t.service(`${PKG}.SetVariableDelegate`, setVariableDelegate);
    await t.deploy();
    const pi = await t.start(key);
    for (const s of steps) await s(t, pi.id);
  } };
}

const I = 'IntermediateConditionalEventTest';
const B = 'BoundaryConditionalEventTest';
const E = 'EventSubProcessStartConditionalEventTest';
const S = 'ConditionalStartEventTest';

/** `runtimeService.createConditionEvaluation()…evaluateStartConditions()` is `engine.evaluateStartConditions`. */
function startConditions(javaTest: string, file: string, extra: string[], run: (t: CaseContext) => Promise<void>): Camunda7Case {
  return { file: `${D}/${S}.${file}.bpmn20.xml`, javaTest: `${S}#${javaTest}`, async run(t) {
    await t.deploy(`${D}/${S}.${file}.bpmn20.xml`, ...extra.map((f) => `${D}/${S}.${f}.bpmn20.xml`));
    await run(t);
  } };
}

const started = async (t: CaseContext, vars: Record<string, unknown>, opts: { processKey?: string; businessKey?: string } = {}): Promise<string[]> =>
  (await t.engine.evaluateStartConditions(vars, opts)).map((i) => i.id);

export const cases: Camunda7Case[] = [
  scenario(I, 'testTrueCondition', [expectTasks(['Before Condition']), complete('Before Condition'), expectTasks(['After Condition'])]),
  scenario(I, 'testFalseCondition', [complete('Before Condition'), expectActive(['conditionalEvent']), setVar(1), expectActive(['conditionalEvent'])]),
  scenario(I, 'testVariableValue', [expectActive(['conditionalEvent']), setVar(1), expectEnded], 'testVariableConditionWithVariableName'),
  scenario(I, 'testSubProcessVariableValue', [setVar(1), expectEnded], 'testSubProcessVariableCondition'),
  scenario(I, 'testParallelVariableValue', [expectActive(['conditionalEvent1', 'conditionalEvent2']), setVar(1), expectActive(['conditionalEvent2']), setVar(2), expectEnded]),
  scenario(I, 'testParallelVariableValueEqualConditions', [setVar(1), expectEnded]),
  scenario(I, 'testCleanUpConditionalEventSubscriptions', [setVar(1), expectTasks(['After Condition']), setVar(1), expectTasks(['After Condition'])]),

  scenario(B, 'testTrueCondition', [expectTasks(['After Condition'])]),
  scenario(B, 'testFalseCondition', [expectTasks(['Task with condition']), setVar(1), expectTasks(['Task with condition'])]),
  scenario(B, 'testNonInterruptingTrueCondition', [expectTasks(['After Condition', 'Task with condition'])]),
  scenario(B, 'testNonInterruptingVariableCondition', [expectTasks(['Task with condition']), setVar(1), expectTasks(['After Condition', 'Task with condition'])]),
  scenario(B, 'testSubProcessVariableCondition', [expectTasks(['Task in Subprocess']), setVar(1), async (t, id) => { ok(!(await t.taskNames(id)).includes('Task in Subprocess'), 'the subprocess was interrupted'); }]),
  scenario(B, 'testNonInterruptingSubProcessVariableCondition', [setVar(1), expectTasks(['After Condition', 'Task in Subprocess'])]),
  scenario(B, 'testParallelVariableCondition', [expectTasks(['Task with Condition1', 'Task with Condition2']), setVar(1), async (t, id) => {
    const left = await t.taskNames(id);
    ok(!left.includes('Task with Condition1') && !left.includes('Task with Condition2'), `both tasks interrupted (left: ${left.join(', ')})`);
  }]),
  scenario(B, 'testCleanUpConditionalEventSubscriptions', [complete('Task with condition'), expectTasks(['After Task']), setVar(1), expectTasks(['After Task'])]),
  scenario(B, 'testTrueConditionWithExecutionListener', [expectTasks(['After Condition'])]),

  scenario(E, 'testTrueCondition', [setVar(1), expectTasks(['After Condition'])]),
  scenario(E, 'testFalseCondition', [expectTasks(['Before Condition']), setVar(1), expectTasks(['Before Condition'])]),
  scenario(E, 'testVariableCondition', [expectTasks(['Before Condition']), setVar(1), expectTasks(['After Condition'])]),
  scenario(E, 'testNonInterruptingVariableCondition', [setVar(1), expectTasks(['After Condition', 'Before Condition'])]),
  scenario(E, 'testNonInterruptingVariableConditionWithHistory', [setVar(1), expectTasks(['Before Condition']), setVar(1), expectTasks(['After Condition', 'Before Condition'])], 'testNonInterruptingVariableConditionWithVariableEvent'),
  scenario(E, 'testSubProcessVariableCondition', [expectTasks(['Before Condition']), setVar(1), expectTasks(['After Condition'])]),
  scenario(E, 'testSetVariableInDelegate', [complete('Before Condition'), expectTasks(['After Condition'])]),

  startConditions('testStartInstanceWithVariableCondition', 'testSingleConditionalStartEvent', [], async (t) => {
    const ids = await started(t, { foo: 1 });
    eq(ids.length, 1, 'one instance started');
    eq((await t.instance(ids[0]!)).variables, { foo: 1 }, 'the evaluation variables are the instance variables');
    eq(await t.taskNames(ids[0]), ['User task'], 'tasks of the started instance');
  }),
  startConditions('testStartInstanceWithoutResult', 'testSingleConditionalStartEvent', [], async (t) => {
    eq(await started(t, { foo: 0 }), [], 'nothing started');
    eq((await t.engine.listInstances({ processKey: KEY })).items.length, 0, 'no instance');
  }),
  startConditions('testStartInstanceWithTrueConditionalStartEvent', 'testStartInstanceWithTrueConditionalStartEvent', [], async (t) => {
    const ids = await started(t, {});
    eq(ids.length, 1, 'one instance started');
    eq((await t.engine.listInstances({ processKey: 'trueConditionProcess' })).items.map((i) => i.id), ids, 'it is the trueConditionProcess instance');
  }),
  deployFails(`${D}/${S}.testTwoEqualConditionalStartEvent.bpmn20.xml`, `${S}#testDeploymentOfTwoEqualConditionalStartEvent`),
  startConditions('testStartInstanceWithMultipleConditions', 'testMultipleCondition', [], async (t) => {
    const ids = await started(t, { foo: 1, bar: true });
    eq(ids.length, 2, 'two of the three start events hold');
    eq((await t.engine.listInstances({ processKey: 'multipleConditions' })).items.length, 2, 'two instances');
    eq((await t.taskNames()).sort(), ['Check what is wrong with you', 'Prepare yourself'], 'one instance per start event that holds');
  }),
  startConditions('testStartInstanceWithMultipleSubscriptions', 'testMultipleCondition', ['testSingleConditionalStartEvent', 'testStartInstanceWithTrueConditionalStartEvent'], async (t) => {
    eq((await started(t, { foo: 1, bar: true })).length, 4, 'four start events hold');
  }),
  startConditions('testStartInstanceWithMultipleSubscriptionsWithoutProvidingAllVariables', 'testMultipleCondition', ['testSingleConditionalStartEvent', 'testStartInstanceWithTrueConditionalStartEvent'], async (t) => {
    eq((await started(t, { foo: 1 })).length, 3, 'a condition over a missing variable does not hold (and does not fail)');
  }),
  startConditions('testStartInstanceWithBusinessKey', 'testMultipleCondition', ['testSingleConditionalStartEvent'], async (t) => {
    eq((await started(t, { foo: 1 }, { businessKey: 'humuhumunukunukuapua' })).length, 2, 'two instances');
    eq((await t.engine.listInstances({ businessKey: 'humuhumunukunukuapua' })).items.length, 2, 'both carry the business key');
  }),
  startConditions('testStartInstanceByProcessDefinitionId', 'testStartInstanceWithTrueConditionalStartEvent', ['testSingleConditionalStartEvent'], async (t) => {
    const ids = await started(t, { foo: 1 }, { processKey: 'trueConditionProcess' });
    eq(ids.length, 1, 'only the named process is evaluated');
    eq((await t.instance(ids[0]!)).processKey, 'trueConditionProcess', 'its instance');
  }),
  startConditions('testStartInstanceWithVariableName', 'testStartInstanceWithVariableName', [], async (t) => {
    eq((await started(t, { foo: true })).length, 1, 'the named variable is given: the condition is evaluated');
  }),
  startConditions('testStartInstanceWithVariableNameNotFullfilled', 'testStartInstanceWithVariableName', [], async (t) => {
    eq(await started(t, {}), [], 'the named variable is missing: nothing starts');
  }),
];
