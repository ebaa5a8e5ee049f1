/**
 * event/message/: MessageBoundaryEventTest, MessageIntermediateEventTest, MessageStartEventTest.
 * `runtimeService.messageEventReceived(name, executionId)` becomes `correlateMessage(name)`: each case runs
 * one instance at a time, so the only subscription is the one the Java test addresses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, ok, deployFails, rejects, CORPUS_DIR } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const M = 'event/message/';
const MB = `${M}MessageBoundaryEventTest`;
const MI = `${M}MessageIntermediateEventTest`;
const MS = `${M}MessageStartEventTest`;

export const cases: Camunda7Case[] = [
  ...(['testSingleBoundaryMessageEvent', 'testBoundaryMessageEventInsideSubprocess'] as const).map((m): Camunda7Case => ({
    file: `${MB}.${m}.bpmn20.xml`, javaTest: `MessageBoundaryEventTest#${m}`, async run(t) {
      await t.deploy();
      const a = await t.start('process');
      eq((await t.tasks(a.id)).length, 1, 'one task');
      await t.engine.correlateMessage('messageName');
      eq(await t.taskIds(a.id), ['taskAfterMessage'], 'message cancels the task');
      await t.completeAll(a.id);
      await t.assertEnded(a.id);
      const b = await t.start('process');
      await t.completeAll(b.id);
      eq(await t.taskIds(b.id), ['taskAfterTask'], 'completing the task cancels the subscription');
      eq((await t.engine.correlateMessage('messageName')).instanceIds, [], 'no subscription left');
      await t.completeAll(b.id);
      await t.assertEnded(b.id);
    },
  })),
  deployFails(`${MB}.testDoubleBoundaryMessageEventSameMessageId.bpmn20.xml`, 'MessageBoundaryEventTest#testDoubleBoundaryMessageEventSameMessageId'),
  { file: `${MB}.testDoubleBoundaryMessageEvent.bpmn20.xml`, javaTest: 'MessageBoundaryEventTest#testDoubleBoundaryMessageEvent', async run(t) {
    await t.deploy();
    const a = await t.start('process');
    await t.engine.correlateMessage('messageName_1');
    eq((await t.engine.correlateMessage('messageName_2')).instanceIds, [], 'second subscription gone');
    eq(await t.taskIds(a.id), ['taskAfterMessage_1']);
    await t.completeAll(a.id);
    await t.assertEnded(a.id);
    const b = await t.start('process');
    await t.completeAll(b.id);
    eq((await t.engine.correlateMessage('messageName_1')).instanceIds, [], 'subscription 1 gone');
    eq(await t.taskIds(b.id), ['taskAfterTask']);
  } },
  { file: `${MB}.testDoubleBoundaryMessageEventMultiInstance.bpmn20.xml`, javaTest: 'MessageBoundaryEventTest#testDoubleBoundaryMessageEventMultiInstance', async run(t) {
    await t.deploy();
    const a = await t.start('process');
    eq((await t.tasks(a.id)).length, 5, 'five instances');
    await t.engine.correlateMessage('messageName_1');
    eq(await t.taskIds(a.id), ['taskAfterMessage_1']);
    await t.completeAll(a.id);
    await t.assertEnded(a.id);
    const b = await t.start('process');
    const tasks = await t.tasks(b.id);
    for (const x of tasks.slice(0, 4)) await t.engine.completeUserTask(x.id, {});
    eq((await t.tasks(b.id)).length, 1, 'one instance left');
    await t.engine.completeUserTask(tasks[4]!.id, {});
    eq(await t.taskIds(b.id), ['taskAfterTask']);
    await t.completeAll(b.id);
    await t.assertEnded(b.id);
  } },
  { file: `${MB}.testBoundaryMessageEventOnSubprocessAndInsideSubprocess.bpmn20.xml`, javaTest: 'MessageBoundaryEventTest#testBoundaryMessageEventOnSubprocessAndInsideSubprocess', async run(t) {
    await t.deploy();
    const a = await t.start('process');
    await t.completeAll(a.id);
    eq(await t.taskIds(a.id), ['taskAfterTask']);
    eq((await t.engine.correlateMessage('messageName')).instanceIds, [], 'inner subscription gone');
    await t.completeAll(a.id);
    eq(await t.taskIds(a.id), ['taskAfterSubprocess']);
    await t.completeAll(a.id);
    const b = await t.start('process');
    await t.engine.correlateMessage('messageName');
    eq(await t.taskIds(b.id), ['taskAfterMessage']);
    await t.completeAll(b.id);
    eq(await t.taskIds(b.id), ['taskAfterSubprocess']);
  } },

  { file: `${MI}.testSingleIntermediateMessageEvent.bpmn20.xml`, javaTest: 'MessageIntermediateEventTest#testSingleIntermediateMessageEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.active(pi.id), ['messageCatch']);
    await t.engine.correlateMessage('newInvoiceMessage');
    eq((await t.tasks(pi.id)).length, 1, 'task after the message');
    await t.completeAll(pi.id);
  } },
  { file: `${MI}.testSingleIntermediateMessageEvent.bpmn20.xml`, javaTest: 'MessageIntermediateEventTest#testIntermediateMessageEventRedeployment', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.active(pi.id), ['messageCatch'], 'waiting in the message catch');
    // Camunda makes version 2 of the same file; identical XML keeps its version here (API.md), so the second
    // deployment carries a comment: the same model, a new version.
    const xml = readFileSync(join(CORPUS_DIR, `${MI}.testSingleIntermediateMessageEvent.bpmn20.xml`), 'utf8');
    const v2 = await t.engine.deploy(`${xml}<!-- version 2 -->`);
    eq(v2.processes.map((p) => [p.key, p.version]), [['process', 2]], 'two versions deployed');
    const after = await t.instance(pi.id);
    eq([after.activeElementIds, after.processVersion], [['messageCatch'], 1], 'still waiting in version 1 after the redeploy');
  } },
  { file: `${MI}.testConcurrentIntermediateMessageEvent.bpmn20.xml`, javaTest: 'MessageIntermediateEventTest#testConcurrentIntermediateMessageEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq(await t.active(pi.id), ['messageCatch1', 'messageCatch2']);
    // Camunda delivers to one execution at a time; our correlation reaches one subscription per call too.
    await t.engine.correlateMessage('newInvoiceMessage');
    const afterOne = (await t.tasks(pi.id)).length;
    if (afterOne === 0) await t.engine.correlateMessage('newInvoiceMessage');
    eq((await t.tasks(pi.id)).length, 1, 'task after both catches');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  deployFails(`${MI}.testEmptyMessageNameFails.bpmn20.xml`, 'MessageIntermediateEventTest#testEmptyMessageNameFails'),
  { file: `${MI}.testExpressionInSingleIntermediateMessageEvent.bpmn20.xml`, javaTest: 'MessageIntermediateEventTest#testExpressionInSingleIntermediateMessageEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('process', { foo: 'bar' });
    eq(await t.active(pi.id), ['messageCatch']);
    eq((await t.engine.correlateMessage('newInvoiceMessage-bar')).instanceIds, [pi.id], 'correlated by the resolved name');
    eq((await t.tasks(pi.id)).length, 1, 'task after the message');
  } },

  { file: `${MS}.testSingleMessageStartEvent.bpmn20.xml`, javaTest: 'MessageStartEventTest#testSingleMessageStartEvent', async run(t) {
    await t.deploy();
    const { instanceIds } = await t.engine.correlateMessage('newInvoiceMessage');
    eq(instanceIds.length, 1, 'one instance started');
    eq((await t.tasks(instanceIds[0])).length, 1, 'a task');
    await t.completeAll(instanceIds[0]);
    await t.assertEnded(instanceIds[0]!);
    const pi = await t.start('singleMessageStartEvent');
    eq((await t.tasks(pi.id)).length, 1, 'start by key runs the single message start event');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${M}otherProcessWithNewInvoiceMessage.bpmn20.xml`, javaTest: 'MessageStartEventTest#testSameMessageNameFails', async run(t) {
    await t.deploy(`${MS}.testSingleMessageStartEvent.bpmn20.xml`);
    await rejects(t.deploy(`${M}otherProcessWithNewInvoiceMessage.bpmn20.xml`), undefined, 'second message start event for the same message');
  } },
  deployFails(`${MS}.testEmptyMessageNameFails.bpmn20.xml`, 'MessageStartEventTest#testEmptyMessageNameFails'),
  deployFails(`${M}testSameMessageNameInSameProcessFails.bpmn20.xml`, 'MessageStartEventTest#testSameMessageNameInSameProcessFails'),
  { file: `${MS}.testMessageStartEventAndNoneStartEvent.bpmn20.xml`, javaTest: 'MessageStartEventTest#testMessageStartEventAndNoneStartEvent', async run(t) {
    await t.deploy();
    const a = await t.start('testProcess');
    eq(await t.taskIds(a.id), ['taskAfterNoneStart']);
    await t.completeAll(a.id);
    await t.assertEnded(a.id);
    const [b] = (await t.engine.correlateMessage('newInvoiceMessage')).instanceIds;
    eq(await t.taskIds(b), ['taskAfterMessageStart']);
    await t.completeAll(b);
    await t.assertEnded(b!);
  } },
  { file: `${MS}.testMultipleMessageStartEvents.bpmn20.xml`, javaTest: 'MessageStartEventTest#testMultipleMessageStartEvents', async run(t) {
    await t.deploy();
    const [a] = (await t.engine.correlateMessage('newInvoiceMessage')).instanceIds;
    eq(await t.taskIds(a), ['taskAfterMessageStart']);
    await t.completeAll(a);
    const [b] = (await t.engine.correlateMessage('newInvoiceMessage2')).instanceIds;
    eq(await t.taskIds(b), ['taskAfterMessageStart2']);
    await t.completeAll(b);
    await t.assertEnded(b!);
    await rejects(t.start('testProcess'), undefined, 'start by key without a none start event');
  } },
  { file: `${MS}.testDeployStartAndIntermediateEventWithSameMessageInSameProcess.bpmn`, javaTest: 'MessageStartEventTest#testDeployStartAndIntermediateEventWithSameMessageInSameProcess', async run(t) {
    await t.deploy();
    const [pi] = (await t.engine.correlateMessage('message')).instanceIds;
    ok(pi !== undefined && !(await t.ended(pi)), 'an instance waits');
    // A second deployment of the model (a new version: identical XML would keep version 1 here) succeeds
    // while the instance waits for the same message at its intermediate event.
    const xml = readFileSync(join(CORPUS_DIR, `${MS}.testDeployStartAndIntermediateEventWithSameMessageInSameProcess.bpmn`), 'utf8');
    eq((await t.engine.deploy(`${xml}<!-- deployment2 -->`)).processes.map((p) => p.version), [2], 'the second deployment');
  } },
  { file: `${MS}.testDeployStartAndIntermediateEventWithSameMessageDifferentProcesses.bpmn`, javaTest: 'MessageStartEventTest#testDeployStartAndIntermediateEventWithSameMessageDifferentProcessesFirstStartEvent', async run(t) {
    await t.deploy();
    const [pi] = (await t.engine.correlateMessage('message')).instanceIds;
    ok(pi !== undefined && !(await t.ended(pi)), 'an instance waits');
    await t.deploy(`${MS}.testDeployStartAndIntermediateEventWithSameMessageDifferentProcesses2.bpmn`);
  } },
  { file: `${MS}.testDeployStartAndIntermediateEventWithSameMessageDifferentProcesses2.bpmn`, javaTest: 'MessageStartEventTest#testDeployStartAndIntermediateEventWithSameMessageDifferentProcessesFirstIntermediateEvent', async run(t) {
    await t.deploy();
    const pi = await t.start('Process_2');
    ok(!(await t.ended(pi.id)), 'an instance waits');
    await t.deploy(`${MS}.testDeployStartAndIntermediateEventWithSameMessageDifferentProcesses.bpmn`);
  } },
  deployFails(`${MS}.testUsingExpressionWithDollarTagInMessageStartEventNameThrowsException.bpmn20.xml`, 'MessageStartEventTest#testUsingExpressionWithDollarTagInMessageStartEventNameThrowsException'),
  deployFails(`${MS}.testUsingExpressionWithHashTagInMessageStartEventNameThrowsException.bpmn20.xml`, 'MessageStartEventTest#testUsingExpressionWithHashTagInMessageStartEventNameThrowsException'),
];
