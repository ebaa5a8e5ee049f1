/**
 * Tests whose files call Java methods on plain values in JUEL (`${aString.substring(3,7)}`,
 * `${'source'.concat(payloadVar)}`, a listener field `${'Activiti'.substring(0,3)}`): el/ExpressionManagerTest,
 * event/signal/SignalEventPayloadTest and tasklistener/TaskListenerTest. The Java task listeners of
 * TaskListenerTest become handlers under their class names; TaskDeleteListener's static counters are the
 * `deleted` list here.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const P = 'event/signal/SignalEventPayloadTests';
const T = 'tasklistener/TaskListenerTest.bpmn20.xml';
const UTIL = 'org.camunda.bpm.engine.test.bpmn.tasklistener.util';

interface DeleteCall { taskDefinitionKey: string; deleteReason: string | null }

/** The three listener classes of TaskListenerTest.bpmn20.xml; returns what TaskDeleteListener saw. */
function taskListeners(t: CaseContext): DeleteCall[] {
  const deleted: DeleteCall[] = [];
  // TaskCreateListener: delegateTask.setDescription(…).
  t.service(`${UTIL}.TaskCreateListener`, ({ task }) => {
    (task as unknown as { description?: string }).description = 'TaskCreateListener is listening!';
  });
  // TaskCompleteListener: greeting from its `greeter` field, shortName from its expression field.
  t.service(`${UTIL}.TaskCompleteListener`, ({ headers }) => ({ greeting: `Hello from ${headers.greeter}`, shortName: headers.shortName }));
  // TaskDeleteListener: counts calls, keeps the task definition key and DelegateTask.getDeleteReason().
  t.service(`${UTIL}.TaskDeleteListener`, ({ task, elementId, listener }) => {
    const reason = (listener as { deleteReason?: string } | undefined)?.deleteReason;
    deleted.push({ taskDefinitionKey: task?.elementId ?? elementId, deleteReason: reason ?? null });
  });
  return deleted;
}

function taskListenerCase(m: string, run: (t: CaseContext, deleted: DeleteCall[]) => Promise<void>): Camunda7Case {
  return { file: T, javaTest: `TaskListenerTest#${m}`, async run(t) {
    const deleted = taskListeners(t);
    await t.deploy();
    await run(t, deleted);
  } };
}

async function variable(t: CaseContext, instanceId: string, name: string): Promise<unknown> {
  return (await t.instance(instanceId)).variables[name] ?? null;
}

export const cases: Camunda7Case[] = [
  { file: 'el/ExpressionManagerTest.testMethodExpressions.bpmn20.xml', javaTest: 'ExpressionManagerTest#testMethodExpressions', async run(t) {
    // Two service tasks: ${aString.substring(3,7)} and ${aString.toString()}; the instance runs to its end.
    await t.deploy();
    const pi = await t.start('methodExpressionProcess', { aString: 'abcdefgh' });
    await t.assertEnded(pi.id);
    eq((await t.engine.listInstances({ processKey: 'methodExpressionProcess', status: 'RUNNING' })).items.length, 0, 'running instances');
  } },

  { file: `${P}.throwSignalWithExpressionPayload.bpmn20.xml`, javaTest: 'SignalEventPayloadTest#testSignalSourceExpressionPayload',
    resources: [`${P}.catchSignalWithPayloadIntermediate.bpmn20.xml`], async run(t) {
      await t.deploy(`${P}.throwSignalWithExpressionPayload.bpmn20.xml`, `${P}.catchSignalWithPayloadIntermediate.bpmn20.xml`);
      const catching = await t.start('catchIntermediatePayloadSignal');
      await t.start('throwExpressionPayloadSignal', { payloadVar: 'Val' });
      eq((await t.instance(catching.id)).variables, { srcExpressionResVal: 'sourceVal' }, "the catching instance's only variable");
    } },

  { file: `${P}.throwSignalWithAllOptions.bpmn20.xml`, javaTest: 'SignalEventPayloadTest#testSignalPayloadWithAllOptions',
    resources: [`${P}.catchSignalWithPayloadStart.bpmn20.xml`], async run(t) {
      await t.deploy(`${P}.throwSignalWithAllOptions.bpmn20.xml`, `${P}.catchSignalWithPayloadStart.bpmn20.xml`);
      await t.start('throwCompletePayloadSignal', { payloadVar1: 'payloadVar1', payloadVar2: 'payloadVal2' }, 'aBusinessKey');
      const [task] = await t.tasks();
      ok(task !== undefined, 'the signal started the catching process, which waits in its user task');
      const catching = await t.instance(task!.instanceId);
      eq(catching.businessKey, 'aBusinessKey', 'business key of the started instance');
      eq(catching.variables, { localVar1: 'localVal1', localVar2: 'localVal2', payloadVar1Target: 'payloadVar1', payloadVar2Target: 'payloadVal2Source' },
        'the local variables, the source mapping and the concat expression');
    } },

  taskListenerCase('testTaskCreateListener', async (t) => {
    await t.start('taskListenerProcess');
    const [task] = await t.tasks();
    eq(task?.name, 'Schedule meeting', 'task name');
    eq(task?.description, 'TaskCreateListener is listening!', 'description set by the create listener');
  }),

  taskListenerCase('testTaskCompleteListener', async (t, deleted) => {
    const pi = await t.start('taskListenerProcess');
    eq([await variable(t, pi.id, 'greeting'), await variable(t, pi.id, 'expressionValue')], [null, null], 'before completing');
    await t.complete('Schedule meeting', {}, pi.id);
    eq(deleted, [], 'completing the task runs no delete listener');
    eq(await variable(t, pi.id, 'greeting'), 'Hello from The Process', 'greeting');
    eq(await variable(t, pi.id, 'shortName'), 'Act', "shortName from the field ${'Activiti'.substring(0,3)}");
  }),

  taskListenerCase('testTaskDeleteListenerByProcessDeletion', async (t, deleted) => {
    const pi = await t.start('taskListenerProcess');
    eq(deleted, [], 'no delete listener yet');
    await t.engine.terminate(pi.id, 'test delete task listener');
    eq(deleted, [{ taskDefinitionKey: 'task1', deleteReason: 'test delete task listener' }], 'the delete listener ran once, with the deletion reason');
  }),

  taskListenerCase('testTaskDeleteListenerByBoundaryEvent', async (t, deleted) => {
    const pi = await t.start('taskListenerProcess');
    eq(deleted, [], 'no delete listener yet');
    await t.engine.correlateMessage('message');
    eq(deleted, [{ taskDefinitionKey: 'task1', deleteReason: 'deleted' }], 'the interrupting boundary event deleted the task once');
    eq(await t.taskNames(pi.id), [], 'no task left');
  }),

  taskListenerCase('testTaskListenerWithExpression', async (t) => {
    const pi = await t.start('taskListenerProcess');
    eq(await variable(t, pi.id, 'greeting2'), null, 'before completing');
    await t.complete('Schedule meeting', {}, pi.id);
    // task2's create listener: ${execution.setVariable('greeting2', task.name)}
    eq(await variable(t, pi.id, 'greeting2'), 'Write meeting notes', 'greeting2 set from the task name');
  }),
];
