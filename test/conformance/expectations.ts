/**
 * Checks an `Expectation` against the engine's public view of the instance. Each check names the
 * case, the run and the field, so a failing conformance case reads like a specific test failure.
 */
import { expect } from 'vitest';
import type { Expectation } from './case-format.js';
import type { RunState } from './case-driver.js';

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/** Element ids in the order the engine entered them (`element.entered` history events). */
export async function enteredPath(run: RunState): Promise<string[]> {
  const events = await run.engine.history(run.instanceId);
  return events.filter((e) => e.type === 'element.entered' && e.elementId !== undefined).map((e) => e.elementId!);
}

function countOf(path: readonly string[], id: string): number {
  return path.reduce((n, p) => (p === id ? n + 1 : n), 0);
}

export async function checkExpectation(run: RunState, want: Expectation, where: string): Promise<void> {
  const inst = await run.engine.getInstance(run.instanceId);
  expect(inst, `${where}: instance exists`).toBeDefined();
  const i = inst!;
  const summary = `status ${i.status}, active [${i.activeElementIds.join(', ')}], incidents ${JSON.stringify(i.incidents.map((x) => [x.elementId, x.message]))}`;

  if (want.status !== undefined) expect(i.status, `${where}: status (${summary})`).toBe(want.status);
  if (want.businessKey !== undefined) expect(i.businessKey, `${where}: businessKey`).toBe(want.businessKey);
  for (const [k, v] of Object.entries(want.variables ?? {})) {
    expect(i.variables[k], `${where}: variable ${k} (have ${JSON.stringify(i.variables)})`).toEqual(v);
  }
  for (const k of want.absentVariables ?? []) {
    expect(Object.keys(i.variables), `${where}: variable ${k} must not be set on the process`).not.toContain(k);
  }
  if (want.activeElementIds) {
    expect(sorted(i.activeElementIds), `${where}: activeElementIds (${summary})`).toEqual(sorted(want.activeElementIds));
  }
  if (want.incidents) {
    const have = i.incidents.map((x) => ({ elementId: x.elementId, message: x.message }));
    expect(have.length, `${where}: incident count (have ${JSON.stringify(have)})`).toBe(want.incidents.length);
    for (const w of want.incidents) {
      const match = have.find((h) => h.elementId === w.elementId && (w.messageIncludes === undefined || h.message.includes(w.messageIncludes)));
      expect(match, `${where}: incident on ${w.elementId}${w.messageIncludes ? ` mentioning "${w.messageIncludes}"` : ''} (have ${JSON.stringify(have)})`).toBeDefined();
    }
  }
  if (want.openUserTasks) {
    const tasks = await run.engine.listUserTasks({ instanceId: run.instanceId });
    expect(sorted(tasks.map((t) => t.elementId)), `${where}: open user tasks`).toEqual(sorted(want.openUserTasks));
  }
  for (const [type, n] of Object.entries(want.serviceCalls ?? {})) {
    expect(run.calls.get(type) ?? 0, `${where}: calls to service ${type}`).toBe(n);
  }

  const wantsPath = want.path || want.pathIncludes || want.pathExcludes || want.pathCounts;
  if (!wantsPath || !run.historyComplete) return;
  const path = await enteredPath(run);
  const shown = path.length > 40 ? `${path.slice(0, 40).join(' → ')} … (${path.length})` : path.join(' → ');
  if (want.path) expect(path, `${where}: path`).toEqual(want.path);
  for (const id of want.pathIncludes ?? []) expect(path, `${where}: path includes ${id} (path ${shown})`).toContain(id);
  for (const id of want.pathExcludes ?? []) expect(path, `${where}: path excludes ${id} (path ${shown})`).not.toContain(id);
  for (const [id, n] of Object.entries(want.pathCounts ?? {})) {
    expect(countOf(path, id), `${where}: times ${id} was entered (path ${shown})`).toBe(n);
  }
}
