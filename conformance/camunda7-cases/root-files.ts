/**
 * The two corpus files outside a test folder: StartToEndTest (bpmn/) and IntermediateNoneEventTest (bpmn/event/).
 * They are registered through event-timer.ts so that index.ts, which every folder's module edits, stays as it is.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

export const cases: Camunda7Case[] = [
  { file: 'StartToEndTest.testStartToEnd.bpmn20.xml', javaTest: 'StartToEndTest#testStartToEnd', async run(t) {
    await t.deploy();
    const pi = await t.start('startToEnd');
    eq(pi.status, 'COMPLETED', 'the instance ended right away');
  } },
  { file: 'event/IntermediateNoneEventTest.testIntermediateNoneTimerEvent.bpmn20.xml', javaTest: 'IntermediateNoneEventTest#testIntermediateNoneTimerEvent', async run(t) {
    // MyExecutionListener (a start listener on the none throw event) sets a flag; here it is the handler under its class name
    let listenerExecuted = false;
    t.service('org.camunda.bpm.engine.test.bpmn.event.IntermediateNoneEventTest$MyExecutionListener', () => {
      listenerExecuted = true;
    });
    await t.deploy();
    ok(!listenerExecuted, 'the listener has not run before the start');
    const pi = await t.start('intermediateNoneEventExample');
    await t.assertEnded(pi.id);
    ok(listenerExecuted, 'the start listener of the none intermediate event ran');
  } },
];
