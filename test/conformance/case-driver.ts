/**
 * Drives one conformance case through the public API only (API.md), on one engine or — in "hop"
 * mode — on a brand-new engine + MemoryStore after `start` and after every step, moved there by
 * exportSnapshot / importSnapshot. What a case expects must hold either way.
 */
import { expect } from 'vitest';
import { Engine, ManualClock, MemoryStore } from '../../src/index.js';
import type { ServiceHandler } from '../../src/index.js';
import { durationMs, stepAction, type ConformanceCase, type ExpectedError, type ServiceBehaviour, type Step } from './case-format.js';
import { handlers } from './handlers.js';
import { checkExpectation } from './expectations.js';

const WORKER = 'conformance-worker';
export const START_TIME = new Date('2026-01-01T00:00:00Z');

export interface RunState {
  engine: Engine;
  clock: ManualClock;
  instanceId: string;
  /** Calls per service type in this run, kept across restored engines. */
  calls: Map<string, number>;
  /** False once the instance moved engines: history then lives in an engine we left. */
  historyComplete: boolean;
  label: string;
}

function serviceHandler(type: string, b: ServiceBehaviour, calls: Map<string, number>): ServiceHandler {
  return async (ctx) => {
    calls.set(type, (calls.get(type) ?? 0) + 1);
    if ('fails' in b) throw new Error(b.fails);
    if ('handler' in b) return handlers[b.handler]!(ctx);
    return b.returns !== undefined ? structuredClone(b.returns) : undefined;
  };
}

async function newEngine(c: ConformanceCase, file: string, clock: ManualClock, calls: Map<string, number>): Promise<{ engine: Engine; key: string }> {
  const engine = new Engine({ store: new MemoryStore(), clock });
  for (const [type, b] of Object.entries(c.services ?? {})) engine.registerService(type, serviceHandler(type, b, calls));
  const deployment = await engine.deployFile(file);
  const key = c.processKey ?? deployment.processes[0]?.key;
  if (key === undefined) throw new Error(`${file} deploys no process`);
  return { engine, key };
}

/** Deploy, register services, start. */
export async function startCase(c: ConformanceCase, file: string, label: string): Promise<RunState> {
  const clock = new ManualClock(START_TIME);
  const calls = new Map<string, number>();
  const { engine, key } = await newEngine(c, file, clock, calls);
  const opts: { variables?: Record<string, unknown>; businessKey?: string } = {};
  if (c.start?.variables) opts.variables = structuredClone(c.start.variables);
  if (c.start?.businessKey !== undefined) opts.businessKey = c.start.businessKey;
  const instance = await engine.start(key, opts);
  return { engine, clock, instanceId: instance.id, calls, historyComplete: true, label };
}

/** Save → restore on a fresh engine and store (same clock time, same service counters) → continue. */
export async function hop(run: RunState, c: ConformanceCase, file: string): Promise<void> {
  const snapshot = await run.engine.exportSnapshot(run.instanceId);
  const json: unknown = JSON.parse(JSON.stringify(snapshot));
  expect(json, `${run.label}: snapshot is plain JSON`).toEqual(snapshot);
  const before = await run.engine.getInstance(run.instanceId);
  await run.engine.close();
  const clock = new ManualClock(run.clock.now());
  const { engine } = await newEngine(c, file, clock, run.calls);
  const restored = await engine.importSnapshot(json);
  expect(restored.id, `${run.label}: restored instance id`).toBe(run.instanceId);
  expect(restored, `${run.label}: restored instance equals the exported one`).toEqual(before);
  Object.assign(run, { engine, clock, historyComplete: false });
}

async function findUserTask(run: RunState, elementId: string) {
  const tasks = (await run.engine.listUserTasks({ instanceId: run.instanceId })).filter((t) => t.elementId === elementId);
  expect(tasks.map((t) => t.elementId), `${run.label}: one open user task on ${elementId}`).toEqual([elementId]);
  return tasks[0]!;
}

async function drainTimers(run: RunState): Promise<void> {
  // Bounded: a case that keeps scheduling due work forever is a bug worth a clear failure.
  for (let i = 0; i < 100; i++) if ((await run.engine.runDueTimers()) === 0) return;
  throw new Error(`${run.label}: runDueTimers still firing after 100 rounds`);
}

async function expectRejection(run: RunState, p: Promise<unknown>, want: ExpectedError, what: string): Promise<void> {
  const code = typeof want === 'string' ? want : want.code;
  const err: unknown = await p.then(
    () => new Error(`${run.label}: ${what} succeeded but ${code} was expected`),
    (e: unknown) => e,
  );
  expect(err, `${run.label}: ${what} rejects`).toMatchObject({ code });
  if (typeof want !== 'string' && want.fields) {
    const fields = ((err as { fields?: { field: string }[] }).fields ?? []).map((f) => f.field).sort();
    expect(fields, `${run.label}: ${what} rejected fields`).toEqual([...want.fields].sort());
  }
}

export async function runStep(run: RunState, step: Step, index: number): Promise<void> {
  const e = run.engine;
  const id = run.instanceId;
  const where = `${run.label} step ${index + 1} (${stepAction(step)})`;
  if ('expect' in step) return checkExpectation(run, step.expect, where);
  if ('expectWaiting' in step) return checkExpectation(run, { activeElementIds: step.expectWaiting }, where);
  if ('expectUserTask' in step) {
    const t = await findUserTask(run, step.expectUserTask);
    if (step.assignee !== undefined) expect(t.assignee ?? null, `${where}: assignee`).toBe(step.assignee);
    if (step.candidateUsers) expect([...t.candidateUsers].sort(), `${where}: candidateUsers`).toEqual([...step.candidateUsers].sort());
    if (step.candidateGroups) expect([...t.candidateGroups].sort(), `${where}: candidateGroups`).toEqual([...step.candidateGroups].sort());
    if (step.formFields) expect(t.form?.fields.map((f) => f.id), `${where}: form fields`).toEqual(step.formFields);
    return;
  }
  if ('expectUserTaskQuery' in step) {
    const found = await e.listUserTasks({ ...step.expectUserTaskQuery, instanceId: id });
    expect(found.map((t) => t.elementId).sort(), `${where}: tasks matching ${JSON.stringify(step.expectUserTaskQuery)}`).toEqual([...step.elementIds].sort());
    return;
  }
  if ('claimUserTask' in step) {
    const t = await findUserTask(run, step.claimUserTask);
    await e.claimUserTask(t.id, step.user);
    return;
  }
  if ('completeUserTask' in step) {
    const t = await findUserTask(run, step.completeUserTask);
    const values = structuredClone(step.values ?? {});
    const opts = step.user !== undefined ? { user: step.user } : {};
    if (step.expectError === undefined) return void (await e.completeUserTask(t.id, values, opts));
    const before = await e.getInstance(id);
    const p = e.completeUserTask(t.id, values, opts);
    await expectRejection(run, p, step.expectError, `${where}: completeUserTask`);
    expect(await e.getInstance(id), `${where}: a rejected completion changes nothing`).toEqual(before);
    return;
  }
  if ('fetchAndComplete' in step || 'fetchAndFail' in step) {
    const topic = 'fetchAndComplete' in step ? step.fetchAndComplete : step.fetchAndFail;
    const locked = await e.fetchAndLock({ workerId: WORKER, maxTasks: 10, topics: [{ topic, lockDurationMs: 60_000 }] });
    const mine = locked.filter((t) => t.instanceId === id);
    expect(mine.map((t) => t.topic), `${where}: one external task on topic ${topic}`).toEqual([topic]);
    const task = mine[0]!;
    if ('fetchAndFail' in step) {
      const opts = { message: step.message, retries: step.retries, ...(step.retryTimeoutMs !== undefined ? { retryTimeoutMs: step.retryTimeoutMs } : {}) };
      await e.failExternalTask(task.id, WORKER, opts);
      return;
    }
    if (step.expectVariables) expect(task.variables, `${where}: variables given to the worker`).toMatchObject(step.expectVariables);
    await e.completeExternalTask(task.id, WORKER, structuredClone(step.variables ?? {}));
    return;
  }
  if ('setVariables' in step) return void (await e.setVariables(id, structuredClone(step.setVariables)));
  if ('retryIncident' in step) {
    const inst = await e.getInstance(id);
    const incident = inst?.incidents.find((i) => i.elementId === step.retryIncident);
    expect(incident, `${where}: an incident on ${step.retryIncident}`).toBeDefined();
    await e.retryIncident(incident!.id, step.retries !== undefined ? { retries: step.retries } : {});
    return;
  }
  if ('advanceClock' in step) {
    run.clock.advance(durationMs(step.advanceClock));
    return drainTimers(run);
  }
  if ('runDueTimers' in step) return drainTimers(run);
  throw new Error(`${where}: unhandled step`);
}
