import { describe, expect, it } from 'vitest';
import { ORDERS, run } from '../../examples/workers/main.js';

describe('example workers (Zeebe job workers, run process with result)', () => {
  it('two worker loops complete every job; a failed payment job comes back with one retry fewer; each start resolves with its final variables', async () => {
    // given / when
    const result = await run({ log: () => {} });
    // then
    expect(result.results).toEqual(
      ORDERS.map((o) => ({ orderId: o.orderId, status: 'COMPLETED', reserved: o.items, receipt: `rcpt-${o.orderId}` })),
    );
    expect(result.inventoryJobsCompleted).toBe(3);
    expect(result.paymentJobsCompleted).toBe(3);
    expect(result.paymentJobsFailed).toBe(1);
    expect(result.retriesAfterFailure).toBe(2);
  });

  // Engine gap: Zeebe activates a job with the retries of its taskDefinition (3 here); our first
  // fetchAndLock of a Camunda 8 job reports `retries` undefined until the job has failed once.
  it('a Camunda 8 job carries its zeebe:taskDefinition retries on first activation', async () => {
    const result = await run({ log: () => {} });
    expect(result.retriesOnFirstActivation).toBe(3);
  });
});
