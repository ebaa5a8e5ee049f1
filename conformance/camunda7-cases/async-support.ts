/**
 * Helpers shared by the async/ case modules: the test package's Java delegates as handlers, and the job
 * count `managementService.createJobQuery().count()` reads (async continuations, retried calls and timers
 * are all jobs in Camunda; here they are the snapshot's jobs and timers).
 */
import type { CaseContext } from '../camunda7-harness.js';

export const PKG = 'org.camunda.bpm.engine.test.bpmn.async';

/** AsyncListener sets `listener` to "listener invoked". */
export function asyncListener(t: CaseContext): void {
  t.service(`${PKG}.AsyncListener`, () => ({ listener: 'listener invoked' }));
}

/** AsyncService counts its calls (NUM_INVOCATIONS); FailingAsyncService always throws. */
export function asyncService(t: CaseContext): { invocations: number } {
  const c = { invocations: 0 };
  t.service(`${PKG}.AsyncService`, () => {
    c.invocations++;
  });
  t.service(`${PKG}.FailingAsyncService`, () => {
    throw new Error('FailingAsyncService');
  });
  return c;
}

export async function jobCount(t: CaseContext, instanceId: string): Promise<number> {
  const s = await t.engine.exportSnapshot(instanceId);
  return s.jobs.length + s.timers.length;
}

export async function variable(t: CaseContext, instanceId: string, name: string): Promise<unknown> {
  return (await t.instance(instanceId)).variables[name];
}
