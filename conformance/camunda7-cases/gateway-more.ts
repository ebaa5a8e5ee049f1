/**
 * gateway/: ExclusiveGatewayTest#testDecisionFunctionality, InclusiveGatewayTest (join after a call activity,
 * asyncAfter joins reached by concurrent tokens) and ParallelGatewayTest#testReceyclingExecutionWithCallActivity.
 */
import { eq, failsAtRuntime } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const G = 'gateway/';

export const cases: Camunda7Case[] = [
  { file: `${G}ExclusiveGatewayTest.testDecisionFunctionality.bpmn20.xml`, javaTest: 'ExclusiveGatewayTest#testDecisionFunctionality', async run(t) {
    await t.deploy();
    const expected = ['Send e-mail for more information', 'Check account balance', 'Call customer'];
    for (let input = 1; input <= 3; input++) {
      const pi = await t.start('exclusiveGateway', { input });
      eq(await t.taskNames(pi.id), [expected[input - 1]], `input ${input}`);
    }
    await failsAtRuntime(t.start('exclusiveGateway', { input: 4 }), 'start with no matching flow');
  } },
  { file: `${G}InclusiveGatewayTest.testJoinAfterCall.bpmn20.xml`, javaTest: 'InclusiveGatewayTest#testJoinAfterCall', resources: [`${G}InclusiveGatewayTest.testJoinAfterCallSubProcess.bpmn20.xml`], async run(t) {
    await t.deploy(t.file, `${G}InclusiveGatewayTest.testJoinAfterCallSubProcess.bpmn20.xml`);
    const pi = await t.start('InclusiveGatewayAfterCall');
    eq(await t.taskNames(), ['Task A', 'Task B', 'Task C'], 'two tasks here, one in the called process');
    await t.complete('Task A');
    eq(await t.taskNames(), ['Task B', 'Task C'], 'the join waits for B and the call');
    await t.complete('Task B');
    eq(await t.taskNames(), ['Task C'], 'the join waits for the call');
    await t.complete('Task C');
    eq(await t.taskNames(), ['Task D'], 'the join fired once the called process ended');
    await t.complete('Task D');
    await t.assertEnded(pi.id);
  } },
  ...([['ParallelGateway', 'shouldCompleteWithConcurrentExecution_ParallelGateway'], ['ParallelInclusiveGateway', 'shouldCompleteWithConcurrentExecution_InclusiveGateway']] as const)
    .map(([f, m]): Camunda7Case => ({
      file: `${G}InclusiveGatewayTest.AsyncConcurrentExecutions.${f}.bpmn`, javaTest: `InclusiveGatewayTest#${m}`, async run(t) {
        await t.deploy();
        const pi = await t.start('process');
        // Both branches reach the asyncAfter join: it fires once, and one job continues past it.
        eq((await t.engine.exportSnapshot(pi.id)).jobs.length, 1, 'one job after the join');
        await t.runJobs();
        eq((await t.engine.exportSnapshot(pi.id)).jobs.length, 0, 'no job left');
        await t.assertEnded(pi.id);
      },
    })),
  { file: `${G}ParallelGatewayTest.testReceyclingExecutionWithCallActivity.bpmn20.xml`, javaTest: 'ParallelGatewayTest#testReceyclingExecutionWithCallActivity', async run(t) {
    await t.deploy();
    const pi = await t.start('parent-process');
    eq(await t.taskNames(), ['Another task', 'Some Task'], 'one task in the parent, one in the called process');
    await t.complete('Some Task');
    eq(await t.taskNames(), ['Another task'], 'the called process still waits');
    await t.complete('Another task');
    eq((await t.tasks()).length, 0, 'no task left');
    await t.assertEnded(pi.id);
  } },
];
