/**
 * event/message/: MessageEventSubprocessTest. `messageEventReceived(name, executionId)` and
 * `correlateMessage(name)` become `correlateMessage(name)` (one instance per case). Execution-tree and
 * activity-instance-tree assertions become the instance's active elements (a waiting subprocess is active
 * while its inside runs); event subscription counts are read from the snapshot.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { executionRecorder, subscriptionNames } from './event-case-helpers.js';

const F = 'event/message/MessageEventSubprocessTest';
const LISTENER = 'org.camunda.bpm.engine.test.util.TestExecutionListener';

function mes(m: string, run: (t: CaseContext) => Promise<void>, ext = 'bpmn20.xml', javaTest = m): Camunda7Case {
  return { file: `${F}.${m}.${ext}`, javaTest: `MessageEventSubprocessTest#${javaTest}`, async run(t) {
    await t.deploy();
    await run(t);
  } };
}

/** testInterruptingUnderProcessDefinition(expectedNumberOfEventSubscriptions). */
async function interruptingUnderProcess(t: CaseContext, subscriptionsExpected: number): Promise<void> {
  const a = await t.start('process');
  eq((await subscriptionNames(t, a.id)).length, subscriptionsExpected, 'event subscriptions of the instance');
  ok((await subscriptionNames(t, a.id)).includes('newMessage'), 'a subscription for newMessage');
  eq(await t.taskIds(a.id), ['task']);
  await t.complete('task', {}, a.id);
  await t.assertEnded(a.id);
  const b = await t.start('process');
  await t.engine.correlateMessage('newMessage');
  eq(await t.taskIds(b.id), ['eventSubProcessTask'], 'the interrupting event subprocess replaced the task');
  eq(await subscriptionNames(t, b.id), [], 'no subscription left once it fired');
  await t.complete('eventSubProcessTask', {}, b.id);
  await t.assertEnded(b.id);
}

/** The non-interrupting pattern: complete the main task first, then the other way round. */
async function bothOrders(t: CaseContext, key = 'process'): Promise<void> {
  const a = await t.start(key);
  eq((await subscriptionNames(t, a.id)), ['newMessage'], 'one subscription');
  await t.complete('task', {}, a.id);
  await t.assertEnded(a.id);
  for (const first of ['task', 'eventSubProcessTask']) {
    const b = await t.start(key);
    await t.engine.correlateMessage('newMessage');
    eq(await t.taskIds(b.id), ['eventSubProcessTask', 'task'], 'both tasks after the message');
    eq(await subscriptionNames(t, b.id), ['newMessage'], 'the non-interrupting subscription stays');
    await t.complete(first, {}, b.id);
    ok(!(await t.ended(b.id)), `the instance waits for the other task after ${first}`);
    await t.completeAll(b.id);
    await t.assertEnded(b.id);
  }
}

/** Two messages: the first starts the event subprocess, the second moves the receive task on. */
async function receiveTaskThenMessage(t: CaseContext): Promise<void> {
  const pi = await t.start('process');
  await t.engine.correlateMessage('firstMessage');
  eq(await t.taskIds(pi.id), ['eventSubProcessTask'], 'the event subprocess task after the first message');
  ok((await t.active(pi.id)).includes('receiveTask'), 'the receive task still waits');
  await t.engine.correlateMessage('secondMessage');
  eq(await t.taskIds(pi.id), ['eventSubProcessTask', 'userTask'], 'the user task after the second message');
  eq(await subscriptionNames(t, pi.id), ['firstMessage'], 'only the event subprocess subscription is left');
  await t.completeAll(pi.id);
  await t.assertEnded(pi.id);
}

const LISTENERS_INTERRUPTING = ['taskInMainFlow-start', 'taskInMainFlow-end', 'eventSubProcess-start', 'startEventInSubProcess-start',
  'startEventInSubProcess-end', 'taskInEventSubProcess-start', 'taskInEventSubProcess-end', 'eventSubProcess-end'];
const LISTENERS_NON_INTERRUPTING = ['taskInMainFlow-start', 'eventSubProcess-start', 'startEventInSubProcess-start', 'startEventInSubProcess-end',
  'taskInEventSubProcess-start', 'taskInMainFlow-end', 'taskInEventSubProcess-end', 'eventSubProcess-end'];

function listeners(m: string, interrupting: boolean): Camunda7Case {
  return { file: `${F}.${m}.bpmn`, javaTest: `MessageEventSubprocessTest#${m}`, async run(t) {
    const events = executionRecorder(t, LISTENER);
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.engine.correlateMessage('message');
    if (interrupting) {
      eq(await t.taskIds(pi.id), ['taskInEventSubProcess'], 'only the event subprocess task');
    } else {
      eq(await t.taskIds(pi.id), ['taskInEventSubProcess', 'taskInMainFlow'], 'both tasks');
      await t.complete('taskInMainFlow', {}, pi.id);
    }
    await t.complete('taskInEventSubProcess', {}, pi.id);
    eq(events, interrupting ? LISTENERS_INTERRUPTING : LISTENERS_NON_INTERRUPTING, 'listener calls in order');
    await t.assertEnded(pi.id);
  } };
}

export const cases: Camunda7Case[] = [
  mes('testInterruptingUnderProcessDefinition', (t) => interruptingUnderProcess(t, 1)),
  mes('testTwoInterruptingUnderProcessDefinition', (t) => interruptingUnderProcess(t, 2)),
  listeners('testEventSubprocessListenersInvoked', true),
  listeners('testNonInterruptingEventSubprocessListenersInvoked', false),
  listeners('testNestedEventSubprocessListenersInvoked', true),
  listeners('testNestedNonInterruptingEventSubprocessListenersInvoked', false),
  { file: `${F}.testEventSubprocessBoundaryListenersInvoked.bpmn`, javaTest: 'MessageEventSubprocessTest#testEventSubprocessBoundaryListenersInvoked', async run(t) {
    const events = executionRecorder(t, LISTENER);
    await t.deploy();
    const pi = await t.start('testProcess');
    await t.engine.correlateMessage('message');
    eq(await t.taskIds(pi.id), ['taskInEventSubProcess']);
    await t.engine.correlateMessage('message2');
    eq(events, LISTENERS_INTERRUPTING, 'listener calls in order (the boundary event cancels the task)');
    await t.assertEnded(pi.id);
  } },
  mes('testNonInterruptingUnderProcessDefinition', (t) => bothOrders(t)),
  mes('testNonInterruptingUnderProcessDefinitionScope', (t) => bothOrders(t)),
  mes('testNonInterruptingInEmbeddedSubprocess', (t) => bothOrders(t)),
  mes('testMultipleNonInterruptingInEmbeddedSubprocess', async (t) => {
    const pi = await t.start('process');
    eq(await subscriptionNames(t, pi.id), ['newMessage']);
    for (let i = 1; i < 3; i++) {
      await t.engine.correlateMessage('newMessage');
      eq((await t.tasks(pi.id)).filter((x) => x.elementId === 'eventSubProcessTask').length, i, `${i} event subprocess tasks`);
    }
    await t.complete('subProcessTask', {}, pi.id);
    eq((await t.tasks(pi.id)).length, 0, 'the terminate end event removed every task of the subprocess');
    await t.assertEnded(pi.id);
  }),
  mes('testNonInterruptingInMultiParallelEmbeddedSubprocess', async (t) => {
    const a = await t.start('process');
    eq(await subscriptionNames(t, a.id), ['message', 'message'], 'one subscription per inner instance');
    for (const task of await t.tasks(a.id)) {
      eq(task.elementId, 'subUserTask');
      await t.engine.completeUserTask(task.id, {});
    }
    eq(await subscriptionNames(t, a.id), [], 'the subscriptions went with their instances');
    await t.completeAll(a.id);
    await t.assertEnded(a.id);
    // Camunda addresses each subscription's execution; our correlation reaches one subscription per call.
    const b = await t.start('process');
    await t.engine.correlateMessage('message');
    await t.engine.correlateMessage('message');
    eq(await subscriptionNames(t, b.id), ['message', 'message'], 'non-interrupting subscriptions stay');
    const messageTasks = (await t.tasks(b.id)).filter((x) => x.name === 'Message User Task');
    eq(messageTasks.length, 2, 'two message user tasks');
    for (const x of messageTasks) await t.engine.completeUserTask(x.id, {});
    await t.complete('Sub User Task', {}, b.id);
    eq((await subscriptionNames(t, b.id)).length, 1, 'only the other inner instance still listens');
    await t.engine.correlateMessage('message');
    eq((await t.tasks(b.id)).filter((x) => x.name === 'Message User Task').length, 1, 'one message user task');
    await t.completeAll(b.id);
    eq(await subscriptionNames(t, b.id), [], 'no subscription left');
    await t.complete('User Task', {}, b.id);
    await t.assertEnded(b.id);
  }),
  mes('testNonInterruptingInMultiSequentialEmbeddedSubprocess', async (t) => {
    const pi = await t.start('process');
    await t.engine.correlateMessage('message');
    eq((await subscriptionNames(t, pi.id)).length, 1, 'the subscription of the first inner instance stays');
    await t.complete('Message User Task', {}, pi.id);
    await t.complete('Sub User Task', {}, pi.id);
    eq((await subscriptionNames(t, pi.id)).length, 1, 'the second inner instance listens');
    await t.complete('Sub User Task', {}, pi.id);
    eq(await subscriptionNames(t, pi.id), [], 'no subscription left');
    await t.complete('User Task', {}, pi.id);
    await t.assertEnded(pi.id);
  }),
  mes('testNonInterruptingWithParallelForkInsideEmbeddedSubProcess', async (t) => {
    const pi = await t.start('process');
    await t.engine.correlateMessage('newMessage');
    eq(await t.taskIds(pi.id), ['eventSubProcessTask', 'firstUserTask', 'secondUserTask']);
    eq(await t.active(pi.id), ['eventSubProcess', 'eventSubProcessTask', 'firstUserTask', 'secondUserTask', 'subProcess']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
  mes('testNonInterruptingWithReceiveTask', receiveTaskThenMessage),
  mes('testNonInterruptingWithReceiveTaskInsideEmbeddedSubProcess', async (t) => {
    await receiveTaskThenMessage(t);
  }),
  mes('testNonInterruptingOutsideEmbeddedSubProcessWithReceiveTaskInsideEmbeddedSubProcess', receiveTaskThenMessage),
  mes('testNonInterruptingWithAsyncConcurrentTask', async (t) => {
    const pi = await t.start('process');
    eq(await t.taskIds(pi.id), [], 'the user task waits for its async continuation');
    await t.engine.correlateMessage('message');
    ok((await t.runJobs()) > 0, 'the async job ran after the event subprocess started');
    eq(await t.taskIds(pi.id), ['eventSubProcessTask', 'userTask']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
  mes('testNonInterruptingWithUserTaskAndBoundaryEventInsideEmbeddedSubProcess', async (t) => {
    const pi = await t.start('process');
    await t.engine.correlateMessage('newMessage');
    eq(await t.taskIds(pi.id), ['eventSubProcessTask', 'task']);
    eq(await subscriptionNames(t, pi.id), ['newMessage'], 'the event subprocess still listens');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
  mes('testInterruptingActivityInstanceTree', async (t) => {
    const pi = await t.start('process');
    await t.engine.correlateMessage('newMessage');
    eq(await t.active(pi.id), ['eventSubProcess', 'eventSubProcessTask', 'subProcess'], 'subProcess > eventSubProcess > eventSubProcessTask');
  }),
  mes('testNonInterruptingActivityInstanceTree', async (t) => {
    const pi = await t.start('process');
    await t.engine.correlateMessage('newMessage');
    eq(await t.active(pi.id), ['eventSubProcess', 'eventSubProcessTask', 'innerTask', 'subProcess'], 'subProcess > (innerTask, eventSubProcess > eventSubProcessTask)');
  }),
  mes('testNonInterruptingWithTerminatingEndEvent', async (t) => {
    const pi = await t.start('process');
    eq(await t.taskNames(pi.id), ['Inner User Task']);
    await t.engine.correlateMessage('message');
    await t.complete('Event User Task', {}, pi.id);
    eq(await t.active(pi.id), ['SubProcess_1', 'UserTask_1'], 'the terminate end event ended the event subprocess only');
  }),
  mes('testExpressionInMessageNameInInterruptingSubProcessDefinition', async (t) => {
    const pi = await t.start('process');
    eq((await t.engine.correlateMessage('newMessage-foo')).instanceIds, [pi.id], 'correlated by the evaluated name');
    eq(await t.taskIds(pi.id), ['eventSubProcessTask']);
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  }),
];
