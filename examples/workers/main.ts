/**
 * workers — Zeebe-style job workers and "run process with result", as known from Camunda 8
 * (`zbc.createWorker({ taskType, taskHandler })`, `createProcessInstanceWithResult`).
 *
 * The process (Camunda 8 flavour, built in code) has two service tasks whose types have no registered
 * handler, so they wait as jobs. Two workers, each its own async loop (`job-worker.ts`), fetch and lock
 * those jobs, complete them with variables, or fail them: the card charge of order "B-2" fails once,
 * comes back with one retry fewer, and succeeds on the second try. The caller starts three orders and
 * awaits each one's final variables with `waitForCompletion` — the engine's "with result".
 */
import { process } from '../../src/builder/index.js';
import { Engine, ManualClock } from '../../src/index.js';
import { defaultLog, runIfMain, type ExampleOptions } from '../shared/example-kit.js';
import { startJobWorker } from './job-worker.js';

export const ORDERS = [
  { orderId: 'A-1', items: 2 },
  { orderId: 'B-2', items: 1 },
  { orderId: 'C-3', items: 5 },
];

export interface WorkersResult {
  results: { orderId: string; status: string; reserved: unknown; receipt: unknown }[];
  inventoryJobsCompleted: number;
  paymentJobsCompleted: number;
  paymentJobsFailed: number;
  /** Retries the failed job came back with (the worker decides: 3 − 1). */
  retriesAfterFailure: number | undefined;
  /** Retries the job carried when first fetched (the diagram says `retries="3"`). */
  retriesOnFirstActivation: number | undefined;
}

export async function run(opts: ExampleOptions = {}): Promise<WorkersResult> {
  const log = opts.log ?? defaultLog;
  const engine = new Engine({ clock: opts.clock ?? new ManualClock() });
  await process('order_with_workers', { name: 'Order handled by job workers', flavour: 'camunda8' })
    .start()
    .serviceTask('ReserveItems', { name: 'Reserve items', type: 'inventory', retries: 3 })
    .serviceTask('ChargeCard', { name: 'Charge card', type: 'payment', retries: 3 })
    .end()
    .deploy(engine);

  const inventory = startJobWorker(engine, {
    type: 'inventory',
    workerId: 'inventory-worker',
    handler: (job) => ({ reserved: Number(job.variables.items) }),
  });
  let firstTry = true;
  let retriesAfterFailure: number | undefined;
  let retriesOnFirstActivation: number | undefined;
  const payment = startJobWorker(engine, {
    type: 'payment',
    workerId: 'payment-worker',
    handler: async (job) => {
      if (job.variables.orderId === 'B-2') {
        if (firstTry) {
          firstTry = false;
          retriesOnFirstActivation = job.retries;
          log(`payment-worker: B-2 declined by a flaky gateway (job retries: ${job.retries ?? 'not set on first activation'})`);
          throw new Error('gateway unavailable');
        }
        retriesAfterFailure = job.retries;
      }
      return { receipt: `rcpt-${String(job.variables.orderId)}` };
    },
  });

  try {
    // "Run process with result": start, then await the end state with its variables.
    const started = await Promise.all(ORDERS.map((o) => engine.start('order_with_workers', { businessKey: o.orderId, variables: o })));
    const finished = await Promise.all(started.map((i) => engine.waitForCompletion(i.id, { timeoutMs: 10_000 })));
    const results = finished.map((i) => ({ orderId: String(i.variables.orderId), status: i.status, reserved: i.variables.reserved, receipt: i.variables.receipt }));
    for (const r of results) log(`${r.orderId}: ${r.status} reserved=${String(r.reserved)} receipt=${String(r.receipt)}`);
    // A worker counts a job once its complete call has returned, which can be just after the instance ended.
    await Promise.all([inventory.close(), payment.close()]);
    return {
      results,
      inventoryJobsCompleted: inventory.completed,
      paymentJobsCompleted: payment.completed,
      paymentJobsFailed: payment.failed,
      retriesAfterFailure,
      retriesOnFirstActivation,
    };
  } finally {
    await Promise.all([inventory.close(), payment.close()]);
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
