/**
 * Helpers shared by the message/signal/end-event case modules: Camunda's event subscription and
 * process instance queries, read through our public API (`exportSnapshot`, `listInstances`), and the
 * recording listeners and dummy delegates its tests register.
 */
import type { CaseContext } from '../camunda7-harness.js';

export interface SubscriptionView {
  kind: 'message' | 'signal' | 'conditional';
  name: string;
  elementId: string;
}

/** `createEventSubscriptionQuery()`: of one instance, or of every running instance. */
export async function subscriptions(t: CaseContext, instanceId?: string): Promise<SubscriptionView[]> {
  const ids = instanceId !== undefined ? [instanceId] : (await t.engine.listInstances({ status: 'RUNNING' })).items.map((i) => i.id);
  const out: SubscriptionView[] = [];
  for (const id of ids) {
    for (const s of (await t.engine.exportSnapshot(id)).subscriptions) out.push({ kind: s.kind, name: s.name, elementId: s.elementId });
  }
  return out;
}

/** Names of the message/signal subscriptions, sorted. */
export async function subscriptionNames(t: CaseContext, instanceId?: string): Promise<string[]> {
  return (await subscriptions(t, instanceId)).filter((s) => s.kind !== 'conditional').map((s) => s.name).sort();
}

/** `runtimeService.createProcessInstanceQuery().count()`: instances that have not ended. */
export async function runningCount(t: CaseContext): Promise<number> {
  return (await t.engine.listInstances({ status: 'RUNNING' })).items.length;
}

/**
 * Camunda's TestExecutionListener / RecorderExecutionListener: an execution listener class that records
 * `<activityId>-<event>` for every call. Ours is a handler registered under the class name.
 */
export function executionRecorder(t: CaseContext, className: string): string[] {
  const events: string[] = [];
  t.service(className, ({ elementId, headers }) => {
    events.push(`${elementId}-${headers['event'] ?? '?'}`);
  });
  return events;
}

/** A DummyServiceTask-like delegate: remembers that it ran. */
export function dummyDelegate(t: CaseContext, className: string): { wasExecuted: boolean; calls: number } {
  const d = { wasExecuted: false, calls: 0 };
  t.service(className, () => {
    d.wasExecuted = true;
    d.calls++;
  });
  return d;
}
