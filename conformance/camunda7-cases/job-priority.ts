/**
 * job/ (JobPrioritizationBpmnConstantValueTest, JobPrioritizationBpmnExpressionValueTest) and
 * StartTimerEventTest#testPriorityInTimerCycleEvent. Camunda's `createJobQuery()` becomes the jobs and
 * timers of the instances' snapshots (a timer is a job there); `executeJob` of one job becomes the
 * `job.created` events while the job loop runs (they carry the priority). `startBeforeActivity` (instance
 * modification) is not in our API: a case reaches the activity along the process instead. A start timer
 * belongs to no instance, so its priority shows where it matters: it fires before due work of lower
 * priority and after work of higher priority.
 */
import { eq, failsAtRuntime, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const J = 'job/';
const CV = 'JobPrioritizationBpmnConstantValueTest';
const EV = 'JobPrioritizationBpmnExpressionValueTest';

/** What `managementService.createJobQuery().list()` shows of every instance: element and priority. */
async function jobQuery(t: CaseContext): Promise<{ elementId: string; priority: number }[]> {
  const out: { elementId: string; priority: number }[] = [];
  for (const i of (await t.engine.listInstances()).items) {
    const s = await t.engine.exportSnapshot(i.id);
    for (const x of [...s.jobs, ...s.timers]) out.push({ elementId: x.elementId, priority: x.priority ?? 0 });
  }
  return out;
}

/** The priority of the single job (or timer) there is. */
async function singleJobPriority(t: CaseContext): Promise<number> {
  const jobs = await jobQuery(t);
  eq(jobs.length, 1, 'job count');
  return jobs[0]!.priority;
}

/** Jobs made while `run` goes on, as `element@priority`, in order. */
async function jobsCreated(t: CaseContext, run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const off = t.engine.on('job.created', (e) => seen.push(`${e.elementId}@${e.priority}`));
  try {
    await run();
  } finally {
    off();
  }
  return seen;
}

function single(file: string, javaTest: string, key: string, expected: number): Camunda7Case {
  return { file: `${J}${file}`, javaTest, async run(t) {
    await t.deploy();
    await t.start(key);
    eq(await singleJobPriority(t), expected, 'priority');
  } };
}

/**
 * A start timer against jobPrioProcess's first job (priority 10), both due together: which ran first.
 * `started` is the key the start timer starts.
 */
async function startTimerAgainstJob(t: CaseContext, started: string, minutes: number): Promise<string[]> {
  const order: string[] = [];
  const offs = [
    t.engine.on('instance.started', ({ instance }) => instance.processKey === started && order.push('start timer')),
    t.engine.on('element.completed', (e) => e.elementId === 'task1' && order.push('job of priority 10')),
  ];
  await t.start('jobPrioProcess');
  await t.advance(minutes * 60_000);
  for (const off of offs) off();
  return order;
}

const EXPRESSIONS = `${J}jobPrioExpressionProcess.bpmn20.xml`;

/** jobPrioExpressionProcess: task1 `${priority}`, task2 `${15}`, task3 `${execution.getVariable('priority')}`, task4 `#{16}`. */
function expressionCase(javaTest: string, priority: number, element: string, expected: number): Camunda7Case {
  return { file: EXPRESSIONS, javaTest, async run(t) {
    await t.deploy();
    const created = await jobsCreated(t, async () => {
      await t.start('jobPrioExpressionProcess', { priority });
      await t.runJobs();
    });
    ok(created.includes(`${element}@${expected}`), `a job of ${element} with priority ${expected} (made: ${created.join(', ')})`);
    ok(created.filter((c) => c.startsWith(`${element}@`)).every((c) => c === `${element}@${expected}`), `every job of ${element} has ${expected}`);
  } };
}

/** The priority expression yields no integral number: Camunda throws from the call that makes the job. */
function badPriority(javaTest: string, value: unknown): Camunda7Case {
  return { file: EXPRESSIONS, javaTest, async run(t) {
    await t.deploy();
    // The first job's priority is `${priority}` (task3 reads the same variable through `execution`).
    await failsAtRuntime(t.start('jobPrioExpressionProcess', { priority: value }), 'start with a bad priority');
    const [i] = (await t.engine.listInstances()).items;
    ok(i === undefined || i.incidents.some((x) => x.elementId === 'task1' && /priority value/i.test(x.message)), 'an incident on task1 naming the priority value');
  } };
}

export const cases: Camunda7Case[] = [
  single('oneTaskProcess.bpmn20.xml', `${CV}#testDefaultPrioritizationAsyncBefore`, 'oneTaskProcess', 0),
  { file: `${J}oneTaskProcess.bpmn20.xml`, javaTest: `${CV}#testDefaultPrioritizationAsyncAfter`, async run(t) {
    await t.deploy();
    eq(await jobsCreated(t, async () => { await t.start('oneTaskProcess'); await t.runJobs(); }), ['task1@0', 'task1@0'], 'before and after jobs');
  } },
  single('oneTimerProcess.bpmn20.xml', `${CV}#testDefaultPrioritizationTimer`, 'oneTimerProcess', 0),
  single('jobPrioProcess.bpmn20.xml', `${CV}#testProcessDefinitionPrioritizationAsyncBefore`, 'jobPrioProcess', 10),
  { file: `${J}jobPrioProcess.bpmn20.xml`, javaTest: `${CV}#testProcessDefinitionPrioritizationAsyncAfter`, async run(t) {
    await t.deploy();
    const created = await jobsCreated(t, async () => { await t.start('jobPrioProcess'); await t.runJobs(); });
    eq(created.slice(0, 2), ['task1@10', 'task1@10'], 'task1 before and after');
  } },
  { file: `${J}jobPrioProcess.bpmn20.xml`, javaTest: `${CV}#testActivityPrioritizationAsyncBefore`, async run(t) {
    await t.deploy();
    const created = await jobsCreated(t, async () => { await t.start('jobPrioProcess'); await t.runJobs(); });
    eq(created[2], 'task2@5', 'task2 before');
  } },
  { file: `${J}jobPrioProcess.bpmn20.xml`, javaTest: `${CV}#testActivityPrioritizationAsyncAfter`, async run(t) {
    await t.deploy();
    const created = await jobsCreated(t, async () => { await t.start('jobPrioProcess'); await t.runJobs(); });
    eq(created.slice(2), ['task2@5', 'task2@5'], 'task2 before and after');
    eq((await t.engine.listInstances()).items.map((i) => i.status), ['COMPLETED'], 'the instance ran to its end');
  } },
  single('intermediateTimerJobPrioProcess.bpmn20.xml', `${CV}#testProcessDefinitionPrioritizationTimer`, 'intermediateTimerJobPrioProcess', 8),
  { file: `${J}intermediateTimerJobPrioProcess.bpmn20.xml`, javaTest: `${CV}#testActivityPrioritizationTimer`, async run(t) {
    await t.deploy();
    await t.start('intermediateTimerJobPrioProcess');
    await t.advance(60_000);
    eq(await jobQuery(t), [{ elementId: 'timer2', priority: 4 }], 'timer2 waits');
  } },
  single('subProcessJobPrioProcess.bpmn20.xml', `${CV}#testSubProcessPriorityIsNotDefaultForContainedActivities`, 'subProcessJobPrioProcess', 10),
  single('boundaryTimerJobPrioProcess.bpmn20.xml', `${CV}#testBoundaryTimerEventPriority`, 'boundaryTimerJobPrioProcess', 20),
  single('eventSubprocessTimerJobPrioProcess.bpmn20.xml', `${CV}#testEventSubprocessTimerPriority`, 'eventSubprocessTimerJobPrioProcess', 25),
  { file: `${J}intermediateSignalCatchJobPrioProcess.bpmn20.xml`, javaTest: `${CV}#testAsyncSignalThrowingEventActivityPriority`,
    resources: [`${J}intermediateSignalAsyncProcess.bpmn20.xml`], async run(t) {
      await t.deploy(`${J}intermediateSignalAsyncProcess.bpmn20.xml`, `${J}intermediateSignalCatchJobPrioProcess.bpmn20.xml`);
      const receiver = await t.start('intermediateSignalCatchJobPrioProcess');
      await t.start('intermediateSignalJobPrioProcess');
      const jobs = (await t.engine.exportSnapshot(receiver.id)).timers.map((x) => `${x.elementId}@${x.priority ?? 0}`).sort();
      eq(jobs, ['signal1@8', 'signal2@4'], 'the receiving events\' priorities, not the thrower\'s');
    } },
  { file: `${J}signalStartJobPrioProcess.bpmn20.xml`, javaTest: `${CV}#testAsyncSignalThrowingEventSignalStartActivityPriority`,
    resources: [`${J}intermediateSignalAsyncProcess.bpmn20.xml`], async run(t) {
      await t.deploy(`${J}intermediateSignalAsyncProcess.bpmn20.xml`, `${J}signalStartJobPrioProcess.bpmn20.xml`);
      await t.start('intermediateSignalJobPrioProcess');
      eq(await jobQuery(t), [{ elementId: 'start', priority: 4 }], 'one job, at the signal start event');
    } },
  { file: `${J}miInnerAsyncProcess.bpmn20.xml`, javaTest: `${CV}#testMultiInstanceInnerActivityPriority`, async run(t) {
    await t.deploy();
    await t.start('miBodyAsyncPriorityProcess');
    eq((await jobQuery(t)).map((j) => j.priority), [5, 5, 5], 'three inner jobs with the activity\'s priority');
  } },
  { file: `${J}JobPrioritizationBpmnConstantValueTest.testTimerStartEventPriorityOnActivity.bpmn20.xml`, javaTest: `${CV}#testTimerStartEventPriorityOnActivity`,
    resources: [`${J}jobPrioProcess.bpmn20.xml`], async run(t) {
      await t.deploy(`${J}jobPrioProcess.bpmn20.xml`, `${J}JobPrioritizationBpmnConstantValueTest.testTimerStartEventPriorityOnActivity.bpmn20.xml`);
      eq(await startTimerAgainstJob(t, 'startTimerJobPrioProcess', 1), ['start timer', 'job of priority 10'], 'the start timer (1515) first');
    } },
  { file: `${J}JobPrioritizationBpmnConstantValueTest.testTimerStartEventPriorityOnProcessDefinition.bpmn20.xml`, javaTest: `${CV}#testTimerStartEventPriorityOnProcessDefinition`,
    resources: [`${J}jobPrioProcess.bpmn20.xml`], async run(t) {
      await t.deploy(`${J}jobPrioProcess.bpmn20.xml`, `${J}JobPrioritizationBpmnConstantValueTest.testTimerStartEventPriorityOnProcessDefinition.bpmn20.xml`);
      eq(await startTimerAgainstJob(t, 'startTimerJobPrioProcess', 1), ['job of priority 10', 'start timer'], 'the start timer (8) after');
    } },
  { file: 'event/timer/StartTimerEventTest.testPriorityInTimerCycleEvent.bpmn20.xml', javaTest: 'StartTimerEventTest#testPriorityInTimerCycleEvent',
    resources: [`${J}jobPrioProcess.bpmn20.xml`], async run(t) {
      await t.deploy(`${J}jobPrioProcess.bpmn20.xml`, 'event/timer/StartTimerEventTest.testPriorityInTimerCycleEvent.bpmn20.xml');
      const started = async () => (await t.engine.listInstances({ processKey: 'startTimerEventExampleCycle' })).items.length;
      eq(await started(), 0, 'no instance before the first firing');
      eq(await startTimerAgainstJob(t, 'startTimerEventExampleCycle', 5), ['start timer', 'job of priority 10'], 'first firing (9999) first');
      eq(await started(), 1, 'instances after the first firing');
      eq(await startTimerAgainstJob(t, 'startTimerEventExampleCycle', 5), ['start timer', 'job of priority 10'], 'the second job has the same priority');
      eq(await started(), 2, 'instances after the second firing');
    } },

  expressionCase(`${EV}#testConstantValueExpressionPrioritization`, 1, 'task2', 15),
  expressionCase(`${EV}#testConstantValueHashExpressionPrioritization`, 1, 'task4', 16),
  expressionCase(`${EV}#testVariableValueExpressionPrioritization`, 22, 'task1', 22),
  expressionCase(`${EV}#testExecutionExpressionPrioritization`, 25, 'task1', 25),
  badPriority(`${EV}#testExpressionEvaluatesToNull`, null),
  badPriority(`${EV}#testExpressionEvaluatesToNonNumericalValue`, 'aNonNumericalVariableValue'),
  badPriority(`${EV}#testExpressionEvaluatesToNonIntegerValue`, 4.2),
  { file: EXPRESSIONS, javaTest: `${EV}#testDisableGracefulDegradation`, async run(t) {
    await t.deploy();
    await failsAtRuntime(t.start('jobPrioExpressionProcess'), 'start without the priority variable');
  } },
];
