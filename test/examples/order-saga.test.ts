import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/index.js';
import { run } from '../../examples/order-saga/main.js';

describe('example order-saga (retries with back-off, BPMN error, compensation)', () => {
  it('retries the flaky charge at +10 s and +30 s; A ships; B fails with NO_CARRIER and is compensated in reverse order', async () => {
    // given
    const clock = new ManualClock(new Date('2026-05-04T10:00:00Z'));
    // when
    const result = await run({ clock, log: () => {} });
    // then: back-off 10 s, then 20 s
    expect(result.shipped.chargeAttemptsAt).toEqual([0, 10, 30]);
    expect(result.compensated.chargeAttemptsAt).toEqual([0, 10, 30]);
    expect(result.dueTooEarly).toBe(0);
    // then: the happy order
    expect(result.shipped.status).toBe('COMPLETED');
    expect(result.shipped.path.at(-1)).toBe('OrderShipped');
    expect(result.calls.filter((c) => c.endsWith(' A'))).toEqual(['reserveStock A', 'chargePayment A', 'shipOrder A']);
    // then: the compensated order undoes payment first, then stock
    expect(result.compensated.status).toBe('COMPLETED');
    expect(result.compensated.path.slice(-5)).toEqual(['NoCarrier', 'UndoCompletedSteps', 'RefundPayment', 'ReleaseStock', 'OrderCancelled']);
    expect(result.calls.filter((c) => c.endsWith(' B'))).toEqual(['reserveStock B', 'chargePayment B', 'shipOrder B', 'refundPayment B', 'releaseStock B']);
  });
});
