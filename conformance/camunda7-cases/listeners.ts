/**
 * executionlistener/ and tasklistener/: the Java listener classes become handlers registered under the
 * same class names. RecorderExecutionListener records what the handler context tells it (element id
 * and name, the `parameter` field, the event, whether the activity was cancelled); task listeners that
 * change their task (DelegateTask setters) change `ctx.task`. Firing a timer job becomes moving the
 * clock and `runDueTimers()`.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const EL = 'org.camunda.bpm.engine.test.bpmn.executionlistener';
const TL = 'org.camunda.bpm.engine.test.bpmn.tasklistener.util';
const X = 'executionlistener/ExecutionListenerTest';
const T = 'tasklistener/TaskListenerTest';
const MINUTE = 60_000;

interface Recorded { activityId: string; activityName?: string; parameter?: string; eventName: string; canceled: boolean }

function recorder(t: CaseContext, cls = `${EL}.RecorderExecutionListener`): Recorded[] {
  const seen: Recorded[] = [];
  t.service(cls, ({ elementId, elementName, headers, listener }) => {
    // Absent name or parameter: undefined, which the comparison (JSON) leaves out.
    seen.push({ activityId: elementId, activityName: elementName, parameter: headers.parameter, eventName: listener?.event ?? '', canceled: listener?.cancelled === true } as Recorded);
  });
  return seen;
}

/** TimeoutTaskListener counts its calls in `triggerCount` and reports "fired", "fired2", … */
function timeoutListener(t: CaseContext): void {
  t.service(`${TL}.TimeoutTaskListener`, ({ variables }) => {
    const count = ((variables.triggerCount as number | undefined) ?? 0) + 1;
    return { 'timeout-status': `fired${count === 1 ? '' : count}`, triggerCount: count };
  });
}

async function vars(t: CaseContext, id: string): Promise<Record<string, unknown>> {
  return (await t.instance(id)).variables;
}

async function timerCount(t: CaseContext, id: string): Promise<number> {
  return (await t.engine.exportSnapshot(id)).timers.length;
}

function timeout(m: string, run: (t: CaseContext) => Promise<void>, file = m): Camunda7Case {
  return { file: `${T}.${file}.bpmn20.xml`, javaTest: `TaskListenerTest#${m}`, async run(t) {
    timeoutListener(t);
    await t.deploy();
    await run(t);
  } };
}

function assignment(m: string, key: string, listener: string | undefined, check: (t: CaseContext) => Promise<void>, vars: Record<string, unknown> = {}): Camunda7Case {
  return { file: `tasklistener/CustomTaskAssignmentTest.${m}.bpmn20.xml`, javaTest: `CustomTaskAssignmentTest#${m}`, async run(t) {
    if (listener === 'AssigneeAssignment') t.service(`${TL}.AssigneeAssignment`, ({ task }) => void (task!.assignee = 'kermit'));
    if (listener === 'CandidateGroupAssignment') t.service(`${TL}.CandidateGroupAssignment`, ({ task }) => void task!.candidateGroups.push('management'));
    if (listener === 'CandidateUserAssignment') t.service(`${TL}.CandidateUserAssignment`, ({ task }) => void task!.candidateUsers.push('kermit', 'fozzie'));
    if (listener === 'AssigneeOverwriteFromVariable') {
      t.service(`${TL}.AssigneeOverwriteFromVariable`, ({ task, variables }) => {
        const table = variables.assigneeMappingTable as Record<string, string>;
        if (task!.assignee !== undefined && Object.hasOwn(table, task!.assignee)) task!.assignee = table[task!.assignee];
      });
    }
    await t.deploy();
    await t.start(key, vars);
    await check(t);
  } };
}

const byAssignee = async (t: CaseContext, user: string): Promise<number> => (await t.engine.listUserTasks({ assignee: user })).length;

export const cases: Camunda7Case[] = [
  { file: 'executionlistener/ExecutionListenersStartEndEvent.bpmn20.xml', javaTest: 'ExecutionListenerTest#testExecutionListenersOnStartEndEvents', async run(t) {
    const seen = recorder(t);
    await t.deploy();
    const pi = await t.start('executionListenersProcess');
    await t.assertEnded(pi.id);
    eq(seen, [
      { activityId: 'theStart', activityName: 'Start Event', parameter: 'Start Event Listener', eventName: 'end', canceled: false },
      { activityId: 'noneEvent', activityName: 'None Event', parameter: 'Intermediate Catch Event Listener', eventName: 'end', canceled: false },
      { activityId: 'signalEvent', activityName: 'Signal Event', parameter: 'Intermediate Throw Event Listener', eventName: 'start', canceled: false },
      { activityId: 'theEnd', activityName: 'End Event', parameter: 'End Event Listener', eventName: 'start', canceled: false },
    ], 'recorded listener calls');
  } },
  { file: 'executionlistener/ExecutionListenersFieldInjectionProcess.bpmn20.xml', javaTest: 'ExecutionListenerTest#testExecutionListenerFieldInjection', async run(t) {
    t.service(`${EL}.ExampleFieldInjectedExecutionListener`, ({ headers }) => ({ var: `${headers.fixedValue}${headers.dynamicValue}` }));
    await t.deploy();
    const pi = await t.start('executionListenersProcess', { myVar: 'listening!' });
    eq((await vars(t, pi.id)).var, 'Yes, I am listening!', 'the process start listener joined its two fields');
  } },
  { file: 'executionlistener/ExecutionListenersCurrentActivity.bpmn20.xml', javaTest: 'ExecutionListenerTest#testExecutionListenerCurrentActivity', async run(t) {
    const seen: [string, string | undefined][] = [];
    t.service(`${EL}.CurrentActivityExecutionListener`, ({ elementId, elementName }) => void seen.push([elementId, elementName]));
    await t.deploy();
    const pi = await t.start('executionListenersProcess');
    await t.assertEnded(pi.id);
    eq(seen, [['theStart', 'Start Event'], ['noneEvent', 'None Event'], ['theEnd', 'End Event']], 'current activity of each call');
  } },
  { file: `${X}.testOnBoundaryEvents.bpmn20.xml`, javaTest: 'ExecutionListenerTest#testOnBoundaryEvents', async run(t) {
    const seen = recorder(t);
    await t.deploy();
    const pi = await t.start('process');
    await t.advance(5 * MINUTE);
    await t.advance(5 * MINUTE);
    await t.assertEnded(pi.id);
    eq(seen.map((r) => [r.activityId, r.parameter, r.eventName, r.canceled]), [
      ['timer1', 'start boundary listener', 'start', false],
      ['timer2', 'end boundary listener', 'end', false],
    ], 'listeners of the boundary events');
  } },
  { file: `${X}.testExecutionListenerOnTerminateEndEvent.bpmn20.xml`, javaTest: 'ExecutionListenerTest#testExecutionListenerOnTerminateEndEvent', async run(t) {
    const seen = recorder(t);
    await t.deploy();
    const pi = await t.start('oneTaskProcess');
    await t.completeAll(pi.id);
    eq(seen.map((r) => r.eventName), ['start', 'end'], 'both listeners of the terminate end event');
  } },
  { file: `${X}.testOnCancellingBoundaryEvent.bpmn`, javaTest: 'ExecutionListenerTest#testOnCancellingBoundaryEvents', async run(t) {
    const seen = recorder(t);
    await t.deploy();
    const pi = await t.start('process');
    await t.advance(5 * MINUTE);
    await t.assertEnded(pi.id);
    eq(seen.map((r) => [r.activityId, r.eventName, r.canceled]), [['UserTask_1', 'end', true]], 'the cancelled task told it was cancelled');
  } },
  ...(['testMultiInstanceCancelationDoesNotAffectEndListener', 'testProcessInstanceCancelationNoticedInEndListener'] as const).map((m): Camunda7Case => ({
    file: `${X}.testMultiInstanceCancelation.bpmn20.xml`, javaTest: `ExecutionListenerTest#${m}`, async run(t) {
      // ExampleExecutionListenerEnd: "canceled" when the instance was cancelled, else "finished" (the process ends at an end event).
      const told: string[] = [];
      t.service(`${EL}.ExampleExecutionListenerEnd`, ({ listener }) => {
        const what = listener?.cancelled ? 'canceled' : 'finished';
        told.push(what);
        return { [what]: true };
      });
      await t.deploy();
      const pi = await t.start('MultiInstanceCancelation');
      const tasks = await t.engine.listUserTasks({ instanceId: pi.id });
      eq(tasks.length, 5, 'five instances');
      await t.engine.completeUserTask(tasks[0]!.id, {});
      await t.engine.completeUserTask(tasks[2]!.id, {});
      if (m === 'testMultiInstanceCancelationDoesNotAffectEndListener') {
        await t.engine.completeUserTask(tasks[3]!.id, {});
        await t.assertEnded(pi.id);
        eq((await vars(t, pi.id)).finished, true, 'the end listener saw a finished instance');
      } else {
        await t.engine.terminate(pi.id, 'myReason');
        eq(told, ['canceled'], 'the end listener noticed the cancellation');
      }
    },
  })),
  timeout('testTimeoutTaskListenerDuration', async (t) => {
    const pi = await t.start('process');
    await t.advance(70 * MINUTE);
    eq((await vars(t, pi.id))['timeout-status'], 'fired', 'timeout status');
  }),
  timeout('testTimeoutTaskListenerDate', async (t) => {
    t.clock.set(new Date('2019-09-09T11:00:00'));
    const pi = await t.start('process');
    eq((await vars(t, pi.id))['timeout-status'], undefined, 'not yet');
    t.clock.set(new Date('2019-09-09T13:00:00'));
    await t.runJobs();
    eq((await vars(t, pi.id))['timeout-status'], 'fired', 'timeout status');
  }),
  timeout('testTimeoutTaskListenerCycle', async (t) => {
    const pi = await t.start('process');
    // ClockUtil.offset(70 min), then offset(130 min): both from the start, not added up.
    await t.advance(70 * MINUTE);
    await t.advance(60 * MINUTE);
    eq((await vars(t, pi.id))['timeout-status'], 'fired2', 'fired twice');
  }),
  timeout('testMultipleTimeoutTaskListeners', async (t) => {
    const pi = await t.start('process');
    eq(await timerCount(t, pi.id), 2, 'two timeout jobs');
    await t.advance(70 * MINUTE);
    eq(await timerCount(t, pi.id), 1, 'one left');
    eq((await vars(t, pi.id))['timeout-status'], 'fired', 'timeout status');
  }),
  timeout('testTimeoutTaskListenerNotCalledWhenTaskCompleted', async (t) => {
    const pi = await t.start('process');
    eq(await timerCount(t, pi.id), 1, 'one timeout job');
    await t.completeAll(pi.id);
    eq(await timerCount(t, pi.id), 0, 'no job left');
    eq((await vars(t, pi.id))['timeout-status'], undefined, 'the listener never fired');
  }, 'testTimeoutTaskListenerDuration'),
  timeout('testTimeoutTaskListenerNotCalledWhenTaskCompletedByBoundaryEvent', async (t) => {
    const pi = await t.start('process');
    eq(await timerCount(t, pi.id), 2, 'boundary timer and timeout');
    await t.advance(70 * MINUTE);
    eq(await timerCount(t, pi.id), 0, 'no job left');
    eq((await vars(t, pi.id))['timeout-status'], undefined, 'the listener never fired');
  }),
  { file: 'tasklistener/TaskListenerDelegateCompletionTest.testCompletionIsPossibleOnTimeout.bpmn20.xml', javaTest: 'TaskListenerDelegateCompletionTest#testCompletionIsPossibleOnTimeout', async run(t) {
    t.service(`${TL}.CompletingTaskListener`, ({ task }) => task!.complete());
    await t.deploy();
    const pi = await t.start('process');
    eq((await t.tasks(pi.id)).length, 1, 'one task');
    await t.advance(70 * MINUTE);
    eq((await t.tasks(pi.id)).length, 0, 'the timeout listener completed it');
    await t.assertEnded(pi.id);
  } },
  assignment('testAssigneeAssignment', 'setAssigneeInListener', 'AssigneeAssignment', async (t) => {
    eq([await byAssignee(t, 'kermit'), await byAssignee(t, 'fozzie'), await byAssignee(t, 'gonzo')], [1, 0, 0], 'tasks of kermit, fozzie, gonzo');
  }),
  assignment('testCandidateGroupAssignment', 'customTaskAssignment', 'CandidateGroupAssignment', async (t) => {
    // Camunda also finds the task for kermit through his membership of "management"; we have no identity service.
    eq((await t.engine.listUserTasks({ candidateGroup: 'management' })).length, 1, 'candidate group management');
    eq((await t.engine.listUserTasks({ candidateUser: 'fozzie' })).length, 0, 'fozzie is no candidate');
  }),
  assignment('testCandidateUserAssignment', 'customTaskAssignment', 'CandidateUserAssignment', async (t) => {
    const count = async (u: string) => (await t.engine.listUserTasks({ candidateUser: u })).length;
    eq([await count('kermit'), await count('fozzie'), await count('gonzo')], [1, 1, 0], 'candidate users kermit, fozzie, gonzo');
  }),
  assignment('testOverwriteExistingAssignments', 'overrideAssigneeInListener', 'AssigneeAssignment', async (t) => {
    eq([await byAssignee(t, 'kermit'), await byAssignee(t, 'fozzie'), await byAssignee(t, 'gonzo')], [1, 0, 0], 'the listener overrode fozzie');
  }),
  assignment('testOverwriteExistingAssignmentsFromVariable', 'customTaskAssignment', 'AssigneeOverwriteFromVariable', async (t) => {
    eq([await byAssignee(t, 'gonzo'), await byAssignee(t, 'fozzie'), await byAssignee(t, 'kermit')], [1, 0, 0], 'fozzie mapped to gonzo');
  }, { assigneeMappingTable: { fozzie: 'gonzo' } }),
  assignment('testReleaseTask', 'releaseTaskProcess', undefined, async (t) => {
    const [task] = await t.engine.listUserTasks({ assignee: 'fozzie' });
    ok(task !== undefined, 'a task of fozzie');
    await t.engine.claimUserTask(task!.id, undefined);
    eq(await byAssignee(t, 'fozzie'), 0, 'no task of fozzie any more');
    const again = await t.engine.getUserTask(task!.id);
    ok(again !== undefined && again.assignee === undefined, 'the task is still there, without assignee');
  }),
];
