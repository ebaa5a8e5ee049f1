/**
 * lifecycle — managing a running workflow from outside, the way Dapr Workflow's management API
 * (and the durabletask client under it) does: schedule with your own instance id, raise an event,
 * suspend (pause) — an event raised meanwhile is kept, not lost — resume, terminate, purge, and
 * schedule again under the same instance id once the old one is purged. Plus what Dapr does to
 * child workflows: terminating the parent terminates the child it started (here a call activity).
 *
 * "Raise event" is `correlateMessage(name, { correlationKey })`; in the Camunda 7 flavour the key
 * is matched against the instance's business key, so the example uses the instance id as business key.
 * The diagrams are in `lifecycle.bpmn` beside this file.
 */
import { fileURLToPath } from 'node:url';
import { BpmnRunnerError, Engine, ManualClock, type InstanceStatus } from '../../src/index.js';
import { defaultLog, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

export const DIAGRAM = fileURLToPath(new URL('./lifecycle.bpmn', import.meta.url));
const ID = 'order-1';

export interface LifecycleResult {
  /** Status and waiting element after each management call, in order. */
  timeline: { action: string; status: InstanceStatus | 'PURGED'; waitingAt: string[] }[];
  /** "Ship" calls made while the instance was suspended (the kept event must not move it). */
  shipCallsWhileSuspended: number;
  paymentKeptAndDelivered: boolean;
  /** Error code when the id is reused before purge. */
  reuseBeforePurge: string | undefined;
  /** The second run under the same id, driven to its end. */
  rerun: { status: InstanceStatus; historyStartsFresh: boolean };
  parentWithChild: { parent: InstanceStatus; child: InstanceStatus; openChildTasks: number };
}

export async function run(opts: ExampleOptions = {}): Promise<LifecycleResult> {
  const log = opts.log ?? defaultLog;
  const engine = new Engine({ clock: opts.clock ?? new ManualClock() });
  let shipCalls = 0;
  engine.registerService('ship', () => (shipCalls++, { shipped: true }));
  const timeline: LifecycleResult['timeline'] = [];
  const note = async (action: string) => {
    const inst = await engine.getInstance(ID);
    const entry = { action, status: inst?.status ?? ('PURGED' as const), waitingAt: inst?.activeElementIds ?? [] };
    timeline.push(entry);
    log(`${action.padEnd(34)} → ${entry.status} ${entry.waitingAt.join(', ')}`);
  };
  const raise = (name: string, variables?: Record<string, unknown>) => engine.correlateMessage(name, { correlationKey: ID, ...(variables ? { variables } : {}) });
  try {
    await engine.deployFile(DIAGRAM);

    await engine.start('order_lifecycle', { instanceId: ID, businessKey: ID });
    await note('start (schedule new workflow)');
    await raise('approval', { approvedBy: 'mia' });
    await note('raise event "approval"');
    await engine.suspend(ID, 'waiting for stock audit');
    await note('suspend');
    const shipBefore = shipCalls;
    await raise('payment', { amount: 12 });
    const shipCallsWhileSuspended = shipCalls - shipBefore;
    await note('raise event "payment" (suspended)');
    await engine.resume(ID);
    await note('resume (kept event delivered)');
    const paymentKeptAndDelivered = (await engine.getInstance(ID))?.variables.amount === 12;
    await engine.terminate(ID, 'customer cancelled');
    await note('terminate');

    let reuseBeforePurge: string | undefined;
    try {
      await engine.start('order_lifecycle', { instanceId: ID, businessKey: ID });
    } catch (e) {
      if (!(e instanceof BpmnRunnerError)) throw e;
      reuseBeforePurge = e.code;
      log(`${'start again before purge'.padEnd(34)} → rejected with ${e.code}`);
    }
    await engine.purge(ID);
    await note('purge');

    await engine.start('order_lifecycle', { instanceId: ID, businessKey: ID });
    await note('start again with the same id');
    const historyStartsFresh = !(await engine.history(ID)).some((h) => h.type === 'instance.terminated');
    for (const name of ['approval', 'payment', 'delivered']) await raise(name);
    await note('raise approval, payment, delivered');
    const rerunStatus = (await engine.getInstance(ID))!.status;

    // Terminating a parent reaches the child it started through a call activity.
    const parent = await engine.start('fulfilment');
    const [packTask] = await engine.listUserTasks({ processKey: 'packing' });
    const childId = packTask!.instanceId;
    await engine.terminate(parent.id, 'order withdrawn');
    const child = (await engine.getInstance(childId))!;
    const openChildTasks = (await engine.listUserTasks({ instanceId: childId })).length;
    log(`${'terminate parent with running child'.padEnd(34)} → child ${child.status}, ${openChildTasks} open task(s)`);

    return {
      timeline,
      shipCallsWhileSuspended,
      paymentKeptAndDelivered,
      reuseBeforePurge,
      rerun: { status: rerunStatus, historyStartsFresh },
      parentWithChild: { parent: (await engine.getInstance(parent.id))!.status, child: child.status, openChildTasks },
    };
  } finally {
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
