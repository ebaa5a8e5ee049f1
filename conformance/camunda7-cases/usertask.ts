/**
 * usertask/: assignment, candidates, due/follow-up dates, priority, initiator.
 * Camunda's identity service (users in groups) has no equivalent here: where a Java test asks for the
 * tasks of a candidate *user* who qualifies through a group, we ask for the tasks of that candidate group.
 */
import { eq, ok, deployFails } from '../camunda7-harness.js';
import type { Camunda7Case } from '../camunda7-harness.js';

const U = 'usertask/';

export const cases: Camunda7Case[] = [
  { file: `${U}InitiatorTest.testInitiator.bpmn20.xml`, javaTest: 'InitiatorTest#testInitiator', async run(t) {
    await t.deploy();
    const pi = await t.engine.start('InitiatorProcess', { user: 'bono' });
    eq((await t.tasks(pi.id))[0]?.assignee, 'bono', 'assignee from camunda:initiator');
  } },
  { file: `${U}TaskAssigneeTest.testTaskAssignee.bpmn20.xml`, javaTest: 'TaskAssigneeTest#testTaskAssignee', async run(t) {
    await t.deploy();
    const pi = await t.start('taskAssigneeExampleProcess');
    const tasks = await t.engine.listUserTasks({ assignee: 'kermit' });
    eq(tasks.map((x) => x.name), ['Schedule meeting']);
    await t.engine.completeUserTask(tasks[0]!.id, {});
    await t.assertEnded(pi.id);
  } },
  { file: `${U}TaskAssignmentExtensionsTest.testAssigneeExtension.bpmn20.xml`, javaTest: 'TaskAssignmentExtensionsTest#testAssigneeExtension', async run(t) {
    await t.deploy();
    await t.start('assigneeExtension');
    eq((await t.engine.listUserTasks({ assignee: 'kermit' })).map((x) => x.name), ['my task']);
  } },
  deployFails(`${U}TaskAssignmentExtensionsTest.testDuplicateAssigneeDeclaration.bpmn20.xml`, 'TaskAssignmentExtensionsTest#testDuplicateAssigneeDeclaration'),
  { file: `${U}TaskAssignmentExtensionsTest.testCandidateUsersExtension.bpmn20.xml`, javaTest: 'TaskAssignmentExtensionsTest#testCandidateUsersExtension', async run(t) {
    await t.deploy();
    await t.start('candidateUsersExtension');
    eq((await t.engine.listUserTasks({ candidateUser: 'kermit' })).length, 1, 'kermit');
    eq((await t.engine.listUserTasks({ candidateUser: 'gonzo' })).length, 1, 'gonzo');
  } },
  { file: `${U}TaskAssignmentExtensionsTest.testCandidateGroupsExtension.bpmn20.xml`, javaTest: 'TaskAssignmentExtensionsTest#testCandidateGroupsExtension', async run(t) {
    await t.deploy();
    await t.start('candidateGroupsExtension');
    eq((await t.engine.listUserTasks({ candidateGroup: 'management' })).map((x) => x.name), ['make profit']);
    eq((await t.engine.listUserTasks({ candidateGroup: 'accountancy' })).map((x) => x.name), ['make profit']);
  } },
  { file: `${U}TaskAssignmentExtensionsTest.testMixedCandidateUserDefinition.bpmn20.xml`, javaTest: 'TaskAssignmentExtensionsTest#testMixedCandidateUserDefinition', async run(t) {
    await t.deploy();
    await t.start('mixedCandidateUser');
    // kermit from camunda:candidateUsers, fozzie and gonzo from the spec's potentialOwner: both count.
    for (const u of ['kermit', 'fozzie', 'gonzo']) eq((await t.engine.listUserTasks({ candidateUser: u })).length, 1, `candidate ${u}`);
    eq((await t.engine.listUserTasks({ candidateUser: 'mispiggy' })).length, 0, 'mispiggy');
  } },
  { file: `${U}TaskCandidateTest.testSingleCandidateGroup.bpmn20.xml`, javaTest: 'TaskCandidateTest#testSingleCandidateGroup', async run(t) {
    await t.deploy();
    const pi = await t.start('singleCandidateGroup');
    eq((await t.engine.listUserTasks({ assignee: 'kermit' })).length, 0, 'not assigned yet');
    const [task] = await t.engine.listUserTasks({ candidateGroup: 'accountancy' });
    eq(task?.name, 'Pay out expenses');
    await t.engine.claimUserTask(task!.id, 'kermit');
    eq((await t.engine.listUserTasks({ assignee: 'kermit' })).map((x) => x.name), ['Pay out expenses']);
    await t.engine.completeUserTask(task!.id, {});
    await t.assertEnded(pi.id);
  } },
  { file: `${U}TaskCandidateTest.testMultipleCandidateGroups.bpmn20.xml`, javaTest: 'TaskCandidateTest#testMultipleCandidateGroups', async run(t) {
    await t.deploy();
    const pi = await t.start('multipleCandidatesGroup');
    eq((await t.engine.listUserTasks({ candidateGroup: 'management' })).length, 1, 'management');
    eq((await t.engine.listUserTasks({ candidateGroup: 'accountancy' })).length, 1, 'accountancy');
    eq((await t.engine.listUserTasks({ candidateGroup: 'sales' })).length, 0, 'sales');
    const [task] = await t.tasks(pi.id);
    eq(task?.name, 'Approve expenses');
    await t.engine.claimUserTask(task!.id, 'gonzo');
    eq((await t.engine.listUserTasks({ assignee: 'gonzo' })).length, 1, 'gonzo personal list');
    eq((await t.engine.listUserTasks({ assignee: 'kermit' })).length, 0, 'kermit personal list');
    await t.engine.completeUserTask(task!.id, {});
    await t.assertEnded(pi.id);
  } },
  { file: `${U}TaskCandidateTest.testMultipleCandidateUsers.bpmn20.xml`, javaTest: 'TaskCandidateTest#testMultipleCandidateUsers', async run(t) {
    await t.deploy();
    await t.start('multipleCandidateUsersExample');
    eq((await t.engine.listUserTasks({ candidateUser: 'gonzo' })).length, 1, 'gonzo');
    eq((await t.engine.listUserTasks({ candidateUser: 'kermit' })).length, 1, 'kermit');
  } },
  { file: `${U}TaskCandidateTest.testMixedCandidateUserAndGroup.bpmn20.xml`, javaTest: 'TaskCandidateTest#testMixedCandidateUserAndGroup', async run(t) {
    await t.deploy();
    await t.start('mixedCandidateUserAndGroupExample');
    eq((await t.engine.listUserTasks({ candidateUser: 'kermit' })).length, 1, 'kermit');
    eq((await t.engine.listUserTasks({ candidateGroup: 'sales' })).length, 1, 'gonzo through sales');
  } },
  { file: `${U}TaskDueDateExtensionsTest.testDueDateExtension.bpmn20.xml`, javaTest: 'TaskDueDateExtensionsTest#testDueDateExtension', async run(t) {
    await t.deploy();
    const date = new Date('1986-07-06T12:10:00.000Z');
    const pi = await t.start('dueDateExtension', { dateVariable: date });
    const [task] = await t.tasks(pi.id);
    eq(task?.dueDate === undefined ? undefined : new Date(task.dueDate).toISOString(), date.toISOString(), 'due date');
  } },
  { file: `${U}TaskDueDateExtensionsTest.testDueDateStringExtension.bpmn20.xml`, javaTest: 'TaskDueDateExtensionsTest#testDueDateStringExtension', async run(t) {
    await t.deploy();
    const pi = await t.start('dueDateExtension', { dateVariable: '1986-07-06T12:10:00' });
    const [task] = await t.tasks(pi.id);
    ok(task?.dueDate !== undefined && new Date(task.dueDate).getUTCFullYear() === 1986, `due date in 1986 (got ${task?.dueDate})`);
  } },
  { file: `${U}TaskDueDateExtensionsTest.testRelativeDueDate.bpmn20.xml`, javaTest: 'TaskDueDateExtensionsTest#testRelativeDueDate', async run(t) {
    await t.deploy();
    const pi = await t.start('dueDateExtension', { dateVariable: 'P2DT2H30M' });
    const [task] = await t.tasks(pi.id);
    const expected = t.clock.now().getTime() + ((2 * 24 + 2) * 60 + 30) * 60_000;
    eq(task?.dueDate === undefined ? undefined : new Date(task.dueDate).getTime(), expected, 'due date = now + P2DT2H30M');
  } },
  { file: `${U}TaskFollowUpDateExtensionsTest.testUserTaskFollowUpDate.bpmn20.xml`, javaTest: 'TaskFollowUpDateExtensionsTest#testUserTaskFollowUpDate', async run(t) {
    await t.deploy();
    const date = new Date('2026-03-01T10:00:00.000Z');
    const pi = await t.start('process', { dateVariable: date });
    const [task] = await t.tasks(pi.id);
    eq(task?.followUpDate === undefined ? undefined : new Date(task.followUpDate).toISOString(), date.toISOString(), 'follow-up date');
  } },
  { file: `${U}TaskPriorityExtensionsTest.testPriorityExtension.bpmn20.xml`, javaTest: 'TaskPriorityExtensionsTest#testPriorityExtension', async run(t) {
    await t.deploy();
    for (const p of [25, 75]) {
      const pi = await t.start('taskPriorityExtension', { taskPriority: p });
      eq((await t.tasks(pi.id))[0]?.priority, p, 'priority');
    }
  } },
  { file: `${U}TaskPriorityExtensionsTest.testPriorityExtensionString.bpmn20.xml`, javaTest: 'TaskPriorityExtensionsTest#testPriorityExtensionString', async run(t) {
    await t.deploy();
    const pi = await t.start('taskPriorityExtensionString');
    eq((await t.tasks(pi.id))[0]?.priority, 42, 'priority');
  } },
  { file: `${U}UserTaskTest.testTaskPropertiesNotNull.bpmn20.xml`, javaTest: 'UserTaskTest#testTaskPropertiesNotNull', async run(t) {
    await t.deploy();
    const pi = await t.start('oneTaskProcess');
    const [task] = await t.tasks(pi.id);
    eq(task?.name, 'my task');
    // Camunda's task description is the user task's <documentation>.
    eq((task as { description?: string } | undefined)?.description, 'Very important', 'description');
    eq(task?.assignee, 'kermit', 'assignee');
    ok((task?.priority ?? 0) > 0, 'a positive priority');
    eq(task?.instanceId, pi.id, 'instance id');
    ok(task?.createdAt !== undefined, 'a create time');
  } },
  { file: `${U}UserTaskTest.testQuerySortingWithParameter.bpmn20.xml`, javaTest: 'UserTaskTest#testQuerySortingWithParameter', async run(t) {
    await t.deploy();
    const pi = await t.start('oneTaskProcess');
    eq((await t.tasks(pi.id)).length, 1, 'one task');
  } },
  { file: `${U}UserTaskTest.testCompleteAfterParallelGateway.bpmn20.xml`, javaTest: 'UserTaskTest#testCompleteAfterParallelGateway', async run(t) {
    await t.deploy();
    const pi = await t.start('ForkProcess');
    eq((await t.tasks(pi.id)).length, 2, 'two tasks');
    await t.complete('SimpleUser');
  } },
  { file: `${U}UserTaskTest.testComplexScenarioWithSubprocessesAndParallelGateways.bpmn`, javaTest: 'UserTaskTest#testComplexScenarioWithSubprocessesAndParallelGateways', async run(t) {
    await t.deploy();
    const pi = await t.start('processWithSubProcessesAndParallelGateways');
    eq((await t.tasks(pi.id)).length, 13, 'task count');
  } },
  { file: `${U}UserTaskTest.testSimpleProcess.bpmn20.xml`, javaTest: 'UserTaskTest#testSimpleProcess', async run(t) {
    await t.deploy();
    const pi = await t.start('financialReport');
    const [task] = await t.engine.listUserTasks({ candidateGroup: 'accountancy' });
    eq(task?.name, 'Write monthly financial report');
    await t.engine.claimUserTask(task!.id, 'fozzie');
    eq((await t.engine.listUserTasks({ assignee: 'fozzie' })).length, 1, 'fozzie personal list');
    await t.engine.completeUserTask(task!.id, {});
    eq((await t.engine.listUserTasks({ candidateGroup: 'accountancy' })).length, 0, 'accountancy list empty');
    const [verify] = await t.engine.listUserTasks({ candidateGroup: 'management' });
    eq(verify?.name, 'Verify monthly financial report');
    await t.engine.completeUserTask(verify!.id, {});
    await t.assertEnded(pi.id);
  } },
  { file: `${U}groupTest.bpmn`, javaTest: 'TaskCandidateTest#testInvolvedUserQuery', async run(t) {
    await t.deploy();
    const pi = await t.start('Process_13pqtqg');
    eq(await t.taskIds(pi.id), ['Task_0yawytx', 'Task_1vvlz78'], 'both parallel tasks wait');
    // taskInvolvedUser(kermit) counts identity links naming kermit (assignee, owner, candidate user), not
    // the groups he is in: one task, the one offered to him directly, though he is in management too.
    const involved = (await t.engine.listUserTasks({ instanceId: pi.id })).filter((x) => x.assignee === 'kermit' || x.candidateUsers.includes('kermit'));
    eq(involved.map((x) => x.elementId), ['Task_1vvlz78'], 'the one task kermit is involved in');
    eq((await t.engine.listUserTasks({ candidateUser: 'kermit' })).map((x) => x.elementId), ['Task_1vvlz78'], 'candidate user query');
  } },
];
