import { describe, expect, it } from 'vitest';
import { run } from '../../examples/lifecycle/main.js';

describe('example lifecycle (Dapr Workflow management)', () => {
  it('start, raise, suspend (event kept), resume, terminate, purge, reuse the id; terminating a parent ends its child', async () => {
    // given / when
    const result = await run({ log: () => {} });
    // then: each management call leaves the instance where Dapr would
    expect(result.timeline.map((t) => [t.action, t.status, t.waitingAt.join()])).toEqual([
      ['start (schedule new workflow)', 'RUNNING', 'WaitForApproval'],
      ['raise event "approval"', 'RUNNING', 'WaitForPayment'],
      ['suspend', 'SUSPENDED', 'WaitForPayment'],
      ['raise event "payment" (suspended)', 'SUSPENDED', 'WaitForPayment'],
      ['resume (kept event delivered)', 'RUNNING', 'WaitForDelivery'],
      ['terminate', 'TERMINATED', ''],
      ['purge', 'PURGED', ''],
      ['start again with the same id', 'RUNNING', 'WaitForApproval'],
      ['raise approval, payment, delivered', 'COMPLETED', ''],
    ]);
    expect(result.shipCallsWhileSuspended).toBe(0);
    expect(result.paymentKeptAndDelivered).toBe(true);
    expect(result.reuseBeforePurge).toBe('CONFLICT');
    expect(result.rerun).toEqual({ status: 'COMPLETED', historyStartsFresh: true });
    expect(result.parentWithChild).toEqual({ parent: 'TERMINATED', child: 'TERMINATED', openChildTasks: 0 });
  });
});
