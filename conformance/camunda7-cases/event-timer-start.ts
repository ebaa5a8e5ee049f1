/**
 * event/timer/StartTimerEventTest, the timer start events of top-level processes. Camunda's job executor firing
 * the start job becomes moving the ManualClock (which starts at 2026-01-01T00:00:00Z) and running due timers;
 * the started instances are those `listInstances` returns for the key.
 */
import { eq } from '../camunda7-harness.js';
import type { Camunda7Case, CaseContext } from '../camunda7-harness.js';

const S = 'event/timer/StartTimerEventTest';
const MIN = 60_000;

async function started(t: CaseContext, key: string): Promise<number> {
  return (await t.engine.listInstances({ processKey: key, limit: 1000 })).items.length;
}

function timerStart(m: string, key: string, steps: [ms: number, expected: number][]): Camunda7Case {
  return { file: `${S}.${m}.bpmn20.xml`, javaTest: `StartTimerEventTest#${m}`, async run(t) {
    await t.deploy();
    eq(await started(t, key), 0, 'no instance before the timer is due');
    for (const [ms, expected] of steps) {
      await t.advance(ms);
      eq(await started(t, key), expected, `instances after ${ms} ms more`);
    }
  } };
}

/** From the clock's start to just past 2036-11-14T11:12:22. */
const untilFixedDate = Date.parse('2036-11-14T11:12:23Z') - Date.parse('2026-01-01T00:00:00Z');

export const cases: Camunda7Case[] = [
  timerStart('testDurationStartTimerEvent', 'startTimerEventExample', [[4 * MIN, 0], [2 * MIN, 1], [60 * MIN, 1]]),
  timerStart('testFixedDateStartTimerEvent', 'startTimerEventExample', [[untilFixedDate - 24 * 3600_000, 0], [48 * 3600_000, 1]]),
  timerStart('testExpressionStartTimerEvent', 'startTimerEventExample', [[untilFixedDate - 24 * 3600_000, 0], [48 * 3600_000, 1]]),
  timerStart('testCycleDateStartTimerEvent', 'startTimerEventExample', [[5 * MIN, 1], [5 * MIN, 2]]),
  timerStart('testCycleWithLimitStartTimerEvent', 'startTimerEventExampleCycle', [[5 * MIN, 1], [5 * MIN, 2], [5 * MIN, 2]]),
  { file: `${S}.testTimeCycle.bpmn20.xml`, javaTest: 'StartTimerEventTest#testTimeCycle', async run(t) {
    await t.deploy();
    await t.advance(5 * MIN);
    eq(await started(t, 'process'), 1, 'one instance after the first cycle');
    eq((await t.tasks()).map((x) => x.elementId), ['userTask'], 'the started instance waits at its task');
    await t.advance(5 * MIN);
    eq(await started(t, 'process'), 2, 'a second instance after the next cycle');
  } },
];
