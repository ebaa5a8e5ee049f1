/**
 * async/: FoxJobRetryCmdTest, failures inside an async continuation retried by the element's
 * `failedJobRetryTimeCycle` (`R5/PT5M`: five executions, five minutes apart). Each `executeJob` becomes
 * moving the clock to the retry's due time. Java delegates that throw become handlers that throw:
 * `this.class.does.not.Exist` (Camunda cannot load it) and the mail send task (no mail server) included.
 */
import { eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const F = 'async/FoxJobRetryCmdTest';
const FAILING_DELEGATE = 'org.camunda.bpm.engine.test.cmd.FailingDelegate';
const FAILING_LISTENER = 'org.camunda.bpm.engine.test.cmd.FailingExecutionListener';
const FIVE_MINUTES = 5 * 60_000;

function failing(t: CaseContext, ...types: string[]): void {
  for (const type of types) {
    t.service(type, () => {
      throw new Error(`${type} fails`);
    });
  }
}

/**
 * `assertJobRetriesForActivity`: after each failed execution one job is left with the exception and
 * 4, 3, 2, 1 retries, then 0 and an incident; the execution stays at `activityId` all along.
 */
async function retriesCountDown(t: CaseContext, instanceId: string, activityId: string): Promise<void> {
  await t.runJobs();
  for (const left of [4, 3, 2, 1, 0]) {
    const s = await t.engine.exportSnapshot(instanceId);
    eq(s.jobs.length, 1, `one job after the failed execution (${left} retries left)`);
    const job = s.jobs[0]!;
    eq(job.retries, left, 'retries left');
    ok(job.lastError !== undefined, 'the job holds the exception');
    ok(s.tokens.some((x) => x.elementId === activityId), `the execution stays at ${activityId} (at ${s.tokens.map((x) => x.elementId).join(', ')})`);
    eq(s.incidents.length, left === 0 ? 1 : 0, left === 0 ? 'an incident when no retry is left' : 'no incident while retries are left');
    if (left > 0) await t.advance(FIVE_MINUTES);
  }
}

function retried(m: string, key: string, activityId: string, types: string[]): Camunda7Case {
  return { file: `${F}.${m}.bpmn20.xml`, javaTest: `FoxJobRetryCmdTest#${m}`, async run(t) {
    failing(t, ...types);
    await t.deploy();
    const pi = await t.start(key);
    await retriesCountDown(t, pi.id, activityId);
  } };
}

export const cases: Camunda7Case[] = [
  retried('testFailedServiceTask', 'failedServiceTask', 'failingServiceTask', ['this.class.does.not.Exist']),
  retried('testFailedBusinessRuleTask', 'failedBusinessRuleTask', 'failingBusinessRuleTask', [FAILING_DELEGATE]),
  retried('testFailedSendTask', 'failedSendTask', 'failingSendTask', ['mail']),
  // A failing start listener fails the async continuation the element was entered in.
  retried('testFailedUserTask', 'failedUserTask', 'failingUserTask', [FAILING_LISTENER]),
  retried('testFailedReceiveTask', 'failedReceiveTask', 'failingReceiveTask', [FAILING_LISTENER]),
  retried('testFailedTask', 'failedTask', 'failingTask', [FAILING_LISTENER]),
  // The cycle on the activity holds its multi-instance body, the one inside the loop characteristics each instance.
  retried('testFailingMultiInstanceBody', 'failingMultiInstance', 'task', [FAILING_LISTENER]),
  retried('testFailingMultiInstanceInnerActivity', 'failingMultiInstance', 'task', [FAILING_LISTENER]),
];
