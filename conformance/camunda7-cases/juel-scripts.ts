/**
 * Camunda 7 tests whose diagrams use `scriptFormat="juel"` script tasks (gateway/, scripttask/, async/).
 * A JUEL script is one EL expression evaluated like any other, `execution` included; its value goes to
 * `camunda:resultVariable`.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { jobCount } from './async-support.js';

/** ExclusiveGatewayTest#testLoopWithManyIterations (CAM-4172): a JUEL counter loops 1,000 times and "this should not fail". */
async function loopWithManyIterations(t: CaseContext): Promise<void> {
  await t.deploy();
  const pi = await t.start('testProcess', { numOfIterations: 1000 });
  eq(pi.incidents.length, 0, 'incidents');
  eq(pi.status, 'COMPLETED', 'status after 1,000 iterations');
  // `i = 0` is the JUEL text "0"; `${i+1}` coerces it, then counts on until i > numOfIterations.
  eq(pi.variables.i, 1001, 'the counter the loop stopped at');
}

export const cases: Camunda7Case[] = [
  { file: 'gateway/ExclusiveGatewayTest.testLoopWithManyIterations.bpmn', javaTest: 'ExclusiveGatewayTest#testLoopWithManyIterations', run: loopWithManyIterations },
  // A copy of the file above under the camunda namespace instead of the activiti one; no Camunda test
  // deploys it, so it is held to the same facts as its original.
  { file: 'gateway/ExclusiveGatewayTest.testBigLoop.bpmn', javaTest: 'ExclusiveGatewayTest#testLoopWithManyIterations', run: loopWithManyIterations },
  { file: 'scripttask/ScriptTaskTest.testSetScriptResultToProcessVariable.bpmn20.xml', javaTest: 'ScriptTaskTest#testSetScriptResultToProcessVariable', async run(t) {
    await t.deploy();
    const pi = await t.start('setScriptResultToProcessVariable', { echo: 'hello', existingProcessVariableName: 'one' });
    const v = (await t.instance(pi.id)).variables;
    eq(v.existingProcessVariableName, 'hello', 'existing variable overwritten by the script result');
    // The lone path of the process runs on the instance's own execution, so #{execution.id} is its id.
    eq(v.newProcessVariableName, pi.id, 'new variable holding #{execution.id}');
    eq(await t.active(pi.id), ['theTask'], 'waiting at the keep-alive task');
  } },
  { file: 'async/AsyncTaskTest.testAsyncScript.bpmn20.xml', javaTest: 'AsyncTaskTest#testAsyncScript', async run(t) {
    await t.deploy();
    const pi = await t.start('asyncScript');
    eq(await jobCount(t, pi.id), 1, 'one job (the async continuation) at start');
    eq((await t.instance(pi.id)).variables.invoked, undefined, 'the script has not run yet');
    await t.runJobs();
    eq(await jobCount(t, pi.id), 0, 'the job is done');
    eq((await t.instance(pi.id)).variables.invoked, 'true', 'the script ran');
    await t.engine.trigger(pi.id, 'wait');
    ok(await t.ended(pi.id), 'signalling the receive task ends the instance');
  } },
];
