/**
 * More of event/conditional/: EventSubProcessStartConditionalEventTest (loop, history) and
 * MixedConditionalEventTest. Java delegates become handlers under their class names; what a delegate
 * writes through `execution.setVariable` is the variable map the handler returns.
 */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const D = 'event/conditional';
const PKG = 'org.camunda.bpm.engine.test.bpmn.event.conditional';
const E = 'EventSubProcessStartConditionalEventTest';

export const cases: Camunda7Case[] = [
  { file: `${D}/${E}.testLoop.bpmn20.xml`, javaTest: `${E}#testLoop`, async run(t) {
    // LoopDelegate counts its instantiations: the first two set variable = 1, the third the count.
    let instances = 0;
    t.service(`${PKG}.LoopDelegate`, () => {
      instances++;
      return { variable: instances < 3 ? 1 : instances };
    });
    await t.deploy();
    const pi = await t.start('conditionalEventProcess');
    await t.complete('Task_1', {}, pi.id);
    eq(await t.taskIds(pi.id), ['Task_2'], 'the event subprocess looped until its condition stopped holding; the main flow waits at Task_2');
    eq((await t.instance(pi.id)).variables['variable'], 3, 'the third delegate call ended the loop');
  } },
  { file: `${D}/${E}.testNonInterruptingVariableConditionWithHistory.bpmn20.xml`, javaTest: `${E}#testNonInterruptingVariableConditionWithHistory`, async run(t) {
    await t.deploy();
    const pi = await t.start('conditionalEventProcess', { variable: 1, donotloseme: 'here' });
    eq(await t.taskNames(pi.id), ['After Condition', 'Before Condition'], 'the condition holds when the scope starts, whatever the variable-event filter');
    eq((await t.engine.exportSnapshot(pi.id)).subscriptions.filter((s) => s.kind === 'conditional').length, 1, 'the non-interrupting subscription stays');
    eq((await t.instance(pi.id)).variables, { variable: 1, donotloseme: 'here' }, 'each variable once, none lost');
  } },
  { file: `${D}/MixedConditionalEventTest.testCompactedExecutionTree.bpmn`, javaTest: 'MixedConditionalEventTest#testCompactedExecutionTree', async run(t) {
    // The delegate sets `variable` locally on the concurrent task's execution and `variable1` on its own
    // (engine services inside a delegate); ours writes both through its result.
    t.service(`${PKG}.SetVariableOnConcurrentExecutionDelegate`, () => ({ variable: 1, variable1: 1 }));
    await t.deploy();
    const pi = await t.start('conditionalEventProcess');
    await t.complete('Before Condition', {}, pi.id);
    eq(await t.taskNames(pi.id), ['Task after conditional start event'], 'the boundary event and the event subprocess both fired');
  } },
];
