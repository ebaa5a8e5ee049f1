/**
 * event/conditional/: intermediate, boundary and event-subprocess conditional events, and conditional start
 * events. `runtimeService.setVariable` becomes `setVariables`, which re-evaluates the open conditions. Camunda
 * starts conditional-start processes through `createConditionEvaluation()`; the nearest thing here is starting
 * the process with the variables that make its condition true.
 */
import { eq, ok } from '../camunda7-harness.js';
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

function startCondition(m: string, key: string, vars: Record<string, unknown>, tasks: string[], javaTest = m): Camunda7Case {
  return { file: `${D}/${S}.${m}.bpmn20.xml`, javaTest: `${S}#${javaTest}`, async run(t) {
    await t.deploy();
    const pi = await t.start(key, vars);
    eq(await t.taskNames(pi.id), tasks, 'tasks of the started instance');
  } };
}

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

  startCondition('testSingleConditionalStartEvent', KEY, { foo: 1 }, ['User task'], 'testEvaluateCondition'),
  startCondition('testSingleConditionalStartEvent1', KEY, { foo: 2 }, ['User task'], 'testEvaluateConditionWithVariables'),
  startCondition('testStartInstanceWithTrueConditionalStartEvent', 'trueConditionProcess', {}, ['User task']),
  startCondition('testTwoEqualConditionalStartEvent', KEY, { variable: 1 }, ['User task', 'User task']),
  startCondition('testMultipleCondition', 'multipleConditions', { foo: 1, bar: true }, ['Do exercises', 'Eat ice cream', 'Prepare yourself'].sort(), 'testStartInstanceByMultipleConditions'),
  startCondition('testStartInstanceWithVariableName', 'variableNameProcess', { foo: 42 }, ['Prepare yourself']),
];
