/**
 * What the event/timer cases use for Camunda's job queries. A timer job here is a timer of an instance's
 * snapshot (`exportSnapshot(id).timers`); `managementService.executeJob(timer)` becomes setting the ManualClock to
 * the timer's due time and running what is due. A clock cannot fire a later timer before an earlier one: where
 * a Java test executes jobs out of due order, its case fires them in due order and checks the states that order
 * leads to (noted at the case).
 */
import { Engine } from '../../src/index.js';
import { eq, ok } from '../camunda7-harness.js';
import type { CaseContext } from '../camunda7-harness.js';

export const DUMMY = 'org.camunda.bpm.engine.test.bpmn.event.timer.DummyServiceTask';
export const FAILING = 'org.camunda.bpm.engine.test.api.runtime.FailingDelegate';

export interface TimerJob {
  instanceId: string;
  elementId: string;
  dueAt: string;
}

/** DummyServiceTask: counts its executions (the Java one sets a static `wasExecuted`). */
export function dummyService(t: CaseContext): { runs: number } {
  const calls = { runs: 0 };
  t.service(DUMMY, () => {
    calls.runs++;
  });
  return calls;
}

/** FailingDelegate: always throws (Camunda's job then fails and loses a retry). */
export function failingService(t: CaseContext): void {
  t.service(FAILING, () => {
    throw new Error('Expected exception');
  });
}

/** Every timer of every running instance, earliest first: `managementService.createJobQuery().timers()`. */
export async function timers(t: CaseContext): Promise<TimerJob[]> {
  const out: TimerJob[] = [];
  for (const i of (await t.engine.listInstances({ status: 'RUNNING', limit: 1000 })).items) {
    for (const x of (await t.engine.exportSnapshot(i.id)).timers) out.push({ instanceId: i.id, elementId: x.elementId, dueAt: x.dueAt });
  }
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}

/** Failed or retried jobs (service calls) of an instance, with the retries they have left. */
export async function failedJobs(t: CaseContext, instanceId: string): Promise<{ elementId: string; retries: number | undefined }[]> {
  return (await t.engine.exportSnapshot(instanceId)).jobs.filter((j) => j.lastError !== undefined).map((j) => ({ elementId: j.elementId, retries: j.retries }));
}

/**
 * Executes the earliest timer: the clock moves to its due time (if later than now) and what is due runs, until
 * nothing is due; `once` runs one round only (managementService.executeJob: a failing job fails once).
 */
export async function fireEarliest(t: CaseContext, what = 'a timer to fire', once = false): Promise<TimerJob> {
  const [first] = await timers(t);
  ok(first !== undefined, what);
  const due = new Date(first!.dueAt);
  if (due.getTime() > t.clock.now().getTime()) t.clock.set(due);
  if (once) await t.engine.runDueTimers();
  else await t.runJobs();
  return first!;
}

export async function openTasks(t: CaseContext): Promise<string[]> {
  return (await t.tasks()).map((x) => x.elementId).sort();
}

/** The counts a Java test checks after each step: open tasks, timer jobs, and whether the instance still runs. */
export async function state(t: CaseContext, instanceId: string, expected: { tasks: number; timers: number; running: boolean }, what: string): Promise<void> {
  const i = await t.engine.getInstance(instanceId);
  eq({ tasks: (await t.tasks()).length, timers: (await timers(t)).length, running: i?.status === 'RUNNING' }, expected, what);
}

/**
 * The case's context over an engine whose failed service calls wait `retryAfterMs` before the next attempt, so
 * that one attempt can be observed as Camunda's `managementService.executeJob` shows it (the default retries at
 * once, as Camunda's job executor would). Run `body`, then close that engine.
 */
export async function withRetryDelay(t: CaseContext, retryAfterMs: number, body: (r: CaseContext) => Promise<void>): Promise<void> {
  const engine = new Engine({ clock: t.clock, history: true, retry: { firstRetryIntervalMs: retryAfterMs } });
  const r = Object.create(t, { engine: { value: engine } }) as CaseContext;
  try {
    await body(r);
  } finally {
    await engine.close();
  }
}
