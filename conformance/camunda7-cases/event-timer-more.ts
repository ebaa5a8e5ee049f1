/**
 * event/timer/: the rest of StartTimerEventTest (cycles that fail, redeploying a timer-started process, starting
 * such a process by key), IntermediateTimerEventTest#testTimeCycle, BoundaryTimerNonInterruptingEventTest
 * (receive task with a boundary cycle, a failing cycle) and BoundaryTimerEventFullHistoryTest. A failing
 * FailingDelegate is a service job here that loses a retry per failed attempt, as Camunda's job does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR, eq, ok } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';
import { failedJobs, failingService, fireEarliest, timers, withRetryDelay } from './event-timer-support.js';

const S = 'event/timer/StartTimerEventTest';
const N = 'event/timer/BoundaryTimerNonInterruptingEventTest';
const MIN = 60_000;

async function instancesOf(t: CaseContext, key: string) {
  return (await t.engine.listInstances({ processKey: key, limit: 1000 })).items;
}

/** moveByMinutes: the Java helper adds five seconds to each move. */
const moveByMinutes = (t: CaseContext, minutes: number) => t.advance(minutes * MIN + 5000);

export const cases: Camunda7Case[] = [
  { file: `${S}.testFailingTimeCycle.bpmn20.xml`, javaTest: 'StartTimerEventTest#testFailingTimeCycle', run: (t) => withRetryDelay(t, MIN, async (r) => {
    failingService(r);
    await r.deploy();
    // when (1): the start timer's job runs once
    r.clock.advance(5 * MIN + 5000);
    await r.engine.runDueTimers();
    const [first] = await instancesOf(r, 'process');
    ok(first !== undefined, 'the cycle started an instance');
    // then (1): the failed job has two retries left
    eq(await failedJobs(r, first!.id), [{ elementId: 'failingService', retries: 2 }], 'the failed job');
    // when (2): it runs again and fails again
    await r.advance(MIN);
    eq(await failedJobs(r, first!.id), [{ elementId: 'failingService', retries: 1 }], 'the failed job after the second attempt');
    // and the cycle has its next start scheduled
    await r.advance(4 * MIN);
    eq((await instancesOf(r, 'process')).length, 2, 'the next cycle started another instance');
  }) },
  { file: `${S}.testVersionUpgradeShouldCancelJobs.bpmn20.xml`, javaTest: 'StartTimerEventTest#testVersionUpgradeShouldCancelJobs', async run(t) {
    await t.deploy();
    // we deploy a new process version, with some small change
    const xml = readFileSync(join(CORPUS_DIR, `${S}.testVersionUpgradeShouldCancelJobs.bpmn20.xml`), 'utf8').replaceAll('beforeChange', 'changed');
    const d = await t.engine.deploy(xml, { name: 'StartTimerEventTest.testVersionUpgradeShouldCancelJobs.bpmn20.xml' });
    eq(d.processes.map((p) => p.version), [2], 'a second version');
    await moveByMinutes(t, 5);
    const started = await instancesOf(t, 'startTimerEventExample');
    eq(started.length, 1, 'one instance: the old version timer was replaced, not added to');
    eq(started[0]!.activeElementIds, ['changed'], 'the instance runs the new version');
  } },
  { file: `${S}.testTimerShouldNotBeRecreatedOnDeploymentCacheReboot.bpmn20.xml`, javaTest: 'StartTimerEventTest#testTimerShouldNotBeRecreatedOnDeploymentCacheReboot', async run(t) {
    await t.deploy();
    // starting one instance by key must not create another start timer
    const pi = await t.start('startTimer');
    eq(pi.activeElementIds, ['receive'], 'the instance started by key');
    await moveByMinutes(t, 5);
    eq((await instancesOf(t, 'startTimer')).length, 2, 'the one start timer started one more instance');
    await moveByMinutes(t, 5);
    eq((await instancesOf(t, 'startTimer')).length, 2, 'a duration start timer fires once');
  } },
  { file: `${S}.testNonInterruptingFailingTimeCycleInEventSubProcess.bpmn20.xml`, javaTest: 'StartTimerEventTest#testNonInterruptingFailingTimeCycleInEventSubProcess', run: (t) => withRetryDelay(t, MIN, async (r) => {
    failingService(r);
    await r.deploy();
    const pi = await r.start('process');
    eq((await timers(r)).length, 1, 'one timer job');
    await fireEarliest(r, 'the start timer', true);
    // then (1): the failing call has two retries left and a new timer job has been created
    eq(await failedJobs(r, pi.id), [{ elementId: 'failingService', retries: 2 }], 'the failed job');
    eq((await timers(r)).length, 1, 'the cycle scheduled its next run');
    // when (2): the failed job runs again
    await r.advance(MIN);
    eq(await failedJobs(r, pi.id), [{ elementId: 'failingService', retries: 1 }], 'the failed job after the second attempt');
  }) },
  { file: 'event/timer/IntermediateTimerEventTest.testTimeCycle.bpmn20.xml', javaTest: 'IntermediateTimerEventTest#testTimeCycle', async run(t) {
    await t.deploy();
    const pi = await t.start('process');
    eq((await timers(t)).length, 1, 'one timer job');
    await fireEarliest(t);
    eq((await timers(t)).length, 0, 'a catching cycle fires once');
    await t.completeAll(pi.id);
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testReceiveTaskWithBoundaryTimer.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testReceiveTaskWithBoundaryTimer', async run(t) {
    await t.deploy();
    const pi = await t.start('nonInterruptingCycle', { timeCycle: 'R/PT1H' });
    eq((await timers(t)).length, 1, 'one timer job');
    eq(await t.active(pi.id), ['task'], 'the receive task waits');
    await t.engine.trigger(pi.id, 'task');
    await t.assertEnded(pi.id);
  } },
  { file: `${N}.testFailingTimeCycle.bpmn20.xml`, javaTest: 'BoundaryTimerNonInterruptingEventTest#testFailingTimeCycle', run: (t) => withRetryDelay(t, MIN, async (r) => {
    failingService(r);
    await r.deploy();
    const pi = await r.start('process');
    eq((await timers(r)).length, 1, 'one timer job');
    await fireEarliest(r, 'the boundary timer', true);
    eq(await failedJobs(r, pi.id), [{ elementId: 'failingService', retries: 2 }], 'the failed job');
    eq((await timers(r)).length, 1, 'the boundary cycle scheduled its next run');
    // when (2): the failed job runs again
    await r.advance(MIN);
    eq(await failedJobs(r, pi.id), [{ elementId: 'failingService', retries: 1 }], 'the failed job after the second attempt');
  }) },
  { file: 'event/timer/BoundaryTimerEventFullHistoryTest.testSetProcessVariablesFromTaskWhenTimerOnTask.bpmn20.xml', javaTest: 'BoundaryTimerEventFullHistoryTest#testSetProcessVariablesFromTaskWhenTimerOnTask', async run(t) {
    await t.deploy();
    const pi = await t.start('timerVariablesProcess');
    const after = await t.engine.setVariables(pi.id, { myVar: 123456 });
    eq(after.variables.myVar, 123456, 'the variable is set while the task and its timer wait');
    eq((await timers(t)).length, 1, 'the boundary timer still waits');
  } },
];
