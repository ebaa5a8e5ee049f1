import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
/**
 * Drives one conformance case through the public API only (API.md), on one engine or — in "hop"
 * mode — on a brand-new engine + store (conformance-store.ts) after `start` and after every step, moved there by
 * exportSnapshot / importSnapshot. What a case expects must hold either way.
 */
import { expect } from 'vitest';
import { BpmnError, Engine, ManualClock } from '../../src/index.js';
import type { ServiceHandler } from '../../src/index.js';
import { durationMs, stepAction, type ConformanceCase, type ExpectedError, type ServiceBehaviour, type Step } from './case-format.js';
import { conformanceStore } from './conformance-store.js';
import { handlers } from './handlers.js';
import { checkExpectation } from './expectations.js';

const WORKER = 'conformance-worker';
export const START_TIME = new Date('2026-01-01T00:00:00Z');

export interface RunState {
  engine: Engine;
  clock: ManualClock;
  /** The instance steps address now (see `switchTo`). */
  instanceId: string;
  /** Every instance the case follows, by alias; the started one is "main". All of them move on a hop. */
  instances: Map<string, string>;
  /**
   * Moving steps still to run before hops resume. A step that leaves state in the engine rather than in
   * an instance (a buffered message, a remembered message id) sets it to 1: a snapshot carries one
   * instance, so hops wait until the next step that moves an instance (and may consume it) has run.
   */
  holdMoves: number;
  lastCorrelationHeld?: boolean;
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
    if ('bpmnError' in b) throw new BpmnError(b.bpmnError, b.message, b.variables !== undefined ? structuredClone(b.variables) : undefined);
    return b.returns !== undefined ? structuredClone(b.returns) : undefined;
  };
}

async function newEngine(c: ConformanceCase, file: string, clock: ManualClock, calls: Map<string, number>): Promise<{ engine: Engine; key: string }> {
  const engine = new Engine({ store: conformanceStore(), clock });
  for (const [type, b] of Object.entries(c.services ?? {})) engine.registerService(type, serviceHandler(type, b, calls));
  // Decisions beside the diagrams are deployed first, as `serve` does.
  const dir = dirname(file);
  for (const dmn of readdirSync(dir).filter((f) => f.endsWith('.dmn'))) await engine.deployFile(join(dir, dmn));
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
  const instanceId = await startMain(engine, key, c, label);
  return { engine, clock, instanceId, instances: new Map([['main', instanceId]]), holdMoves: 0, calls, historyComplete: true, label };
}

async function startMain(engine: Engine, key: string, c: ConformanceCase, label: string): Promise<string> {
  const start = c.start ?? {};
  if (start.message !== undefined) {
    const r = await engine.correlateMessage(start.message, {
      ...(start.correlationKey !== undefined ? { correlationKey: start.correlationKey } : {}),
      ...(start.variables ? { variables: structuredClone(start.variables) } : {}),
    });
    expect(r.instanceIds, `${label}: message ${start.message} starts exactly one instance`).toHaveLength(1);
    return r.instanceIds[0]!;
  }
  const opts: { variables?: Record<string, unknown>; businessKey?: string } = {};
  if (start.variables) opts.variables = structuredClone(start.variables);
  if (start.businessKey !== undefined) opts.businessKey = start.businessKey;
  return (await engine.start(key, opts)).id;
}

/**
 * Save → restore on a fresh engine and store (same clock time, same service counters) → continue.
 * Every followed instance moves; skipped once when the last step left state in the engine itself.
 */
export async function hop(run: RunState, c: ConformanceCase, file: string): Promise<void> {
  if (run.holdMoves > 0) return;
  const moving: { id: string; json: unknown; before: unknown }[] = [];
  for (const id of run.instances.values()) {
    const snapshot = await run.engine.exportSnapshot(id);
    const json: unknown = JSON.parse(JSON.stringify(snapshot));
    expect(json, `${run.label}: snapshot of ${id} is plain JSON`).toEqual(snapshot);
    moving.push({ id, json, before: await run.engine.getInstance(id) });
  }
  await run.engine.close();
  const clock = new ManualClock(run.clock.now());
  const { engine } = await newEngine(c, file, clock, run.calls);
  for (const m of moving) {
    const restored = await engine.importSnapshot(m.json);
    expect(restored.id, `${run.label}: restored instance id`).toBe(m.id);
    expect(restored, `${run.label}: restored instance ${m.id} equals the exported one`).toEqual(m.before);
  }
  Object.assign(run, { engine, clock, historyComplete: false });
}

async function findUserTask(run: RunState, elementId: string, nth?: number) {
  const tasks = (await run.engine.listUserTasks({ instanceId: run.instanceId })).filter((t) => t.elementId === elementId);
  if (nth === undefined) {
    expect(tasks.map((t) => t.elementId), `${run.label}: one open user task on ${elementId}`).toEqual([elementId]);
    return tasks[0]!;
  }
  // Multi-instance: several tasks on one element, in the order the engine lists them (creation order).
  expect(tasks.length, `${run.label}: more than ${nth} open user tasks on ${elementId}`).toBeGreaterThan(nth);
  return tasks[nth]!;
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

const OBSERVING = new Set(['expect', 'expectWaiting', 'expectUserTask', 'expectUserTaskQuery', 'switchTo']);

export async function runStep(run: RunState, step: Step, index: number): Promise<void> {
  await runOneStep(run, step, index);
  if (run.holdMoves > 0 && !OBSERVING.has(stepAction(step))) run.holdMoves--;
  if ('correlateMessage' in step && run.lastCorrelationHeld) run.holdMoves = 1;
}

async function runOneStep(run: RunState, step: Step, index: number): Promise<void> {
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
    const t = await findUserTask(run, step.completeUserTask, step.nth);
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
  return runEventStep(run, step, where);
}

/** Events from outside, lifecycle commands and the instances a case follows. */
async function runEventStep(run: RunState, step: Step, where: string): Promise<void> {
  const e = run.engine;
  const id = run.instanceId;
  if ('correlateMessage' in step) {
    const known = new Set(run.instances.values());
    const r = await e.correlateMessage(step.correlateMessage, {
      ...(step.correlationKey !== undefined ? { correlationKey: step.correlationKey } : {}),
      ...(step.variables !== undefined ? { variables: structuredClone(step.variables) } : {}),
      ...(step.ttlMs !== undefined ? { ttlMs: step.ttlMs } : {}),
      ...(step.messageId !== undefined ? { messageId: step.messageId } : {}),
    });
    if (step.expectInstances !== undefined) expect(r.instanceIds.length, `${where}: instances reached (${JSON.stringify(r)})`).toBe(step.expectInstances);
    if (step.expectBuffered !== undefined) expect(r.buffered, `${where}: buffered`).toBe(step.expectBuffered);
    if (step.as !== undefined) {
      const started = r.instanceIds.filter((x) => !known.has(x));
      expect(started, `${where}: one new instance to follow as ${step.as}`).toHaveLength(1);
      run.instances.set(step.as, started[0]!);
    }
    // The buffer and the seen message ids live in the engine, not in any instance snapshot.
    run.lastCorrelationHeld = r.buffered || step.messageId !== undefined;
    return;
  }
  if ('broadcastSignal' in step) {
    const r = await e.broadcastSignal(step.broadcastSignal, step.variables !== undefined ? { variables: structuredClone(step.variables) } : {});
    if (step.expectInstances !== undefined) expect(r.instanceIds.length, `${where}: instances reached (${JSON.stringify(r)})`).toBe(step.expectInstances);
    return;
  }
  if ('suspend' in step) return void (await e.suspend(id, step.reason));
  if ('resume' in step) return void (await e.resume(id));
  if ('terminate' in step) return void (await e.terminate(id, step.reason));
  if ('startInstance' in step) {
    expect(run.instances.has(step.startInstance), `${where}: alias ${step.startInstance} is new`).toBe(false);
    const key = step.processKey ?? (await e.getInstance(run.instances.get('main')!))!.processKey;
    const opts = {
      ...(step.variables !== undefined ? { variables: structuredClone(step.variables) } : {}),
      ...(step.businessKey !== undefined ? { businessKey: step.businessKey } : {}),
    };
    run.instances.set(step.startInstance, (await e.start(key, opts)).id);
    return;
  }
  if ('switchTo' in step) {
    const target = run.instances.get(step.switchTo);
    expect(target, `${where}: an instance followed as ${step.switchTo}`).toBeDefined();
    run.instanceId = target!;
    return;
  }
  throw new Error(`${where}: unhandled step`);
}
