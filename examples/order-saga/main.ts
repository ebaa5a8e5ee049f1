/**
 * order-saga — the saga pattern: each step that changed the world has an undo, and when a later step
 * fails for a business reason the completed steps are undone in reverse order. Known from Temporal's
 * saga samples (retry policy + `compensations.reverse()`), Camunda's trip-booking example and
 * durabletask's "compensating transactions".
 *
 * - retries with back-off: the card gateway times out twice; the engine retries the charge 10 s and
 *   then 20 s later (`retryByType`: first interval 10 s, coefficient 2) and the third attempt succeeds;
 * - a BPMN error path: shipping throws `BpmnError('NO_CARRIER')` for a destination nobody delivers to,
 *   caught by the error boundary on "Ship order";
 * - compensation: the compensation throw event runs "Refund payment", then "Release stock".
 * Order A ships; order B (to Antarctica) is compensated. The diagram is `order-saga.bpmn` beside this file.
 */
import { fileURLToPath } from 'node:url';
import { BpmnError, Engine, ManualClock } from '../../src/index.js';
import { defaultLog, pathOf, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

export const DIAGRAM = fileURLToPath(new URL('./order-saga.bpmn', import.meta.url));
const SECOND = 1_000;

export interface OrderOutcome {
  orderId: string;
  status: string;
  path: string[];
  /** Seconds after the start at which "Charge payment" was attempted. */
  chargeAttemptsAt: number[];
}
export interface OrderSagaResult {
  shipped: OrderOutcome;
  compensated: OrderOutcome;
  /** Every handler call of both orders, in the order they happened. */
  calls: string[];
  /** Retries that fired at +29 s, one second before the doubled interval ran out. */
  dueTooEarly: number;
}

export async function run(opts: ExampleOptions = {}): Promise<OrderSagaResult> {
  const log = opts.log ?? defaultLog;
  const clock = opts.clock ?? new ManualClock(new Date('2026-05-04T10:00:00Z'));
  const startedAt = clock.now().getTime();
  const engine = new Engine({
    clock,
    retryByType: { chargePayment: { maxAttempts: 4, firstRetryIntervalMs: 10 * SECOND, backoffCoefficient: 2 } },
  });
  const calls: string[] = [];
  const attempts = new Map<string, number[]>();
  const step = (name: string) => ({ variables }: { variables: Readonly<Record<string, unknown>> }) => {
    calls.push(`${name} ${String(variables.orderId)}`);
    log(`+${(clock.now().getTime() - startedAt) / SECOND}s ${name} ${String(variables.orderId)}`);
  };
  try {
    engine.registerService('reserveStock', step('reserveStock'));
    engine.registerService('releaseStock', step('releaseStock'));
    engine.registerService('refundPayment', step('refundPayment'));
    engine.registerService('chargePayment', ({ variables, attempt }) => {
      const orderId = String(variables.orderId);
      attempts.set(orderId, [...(attempts.get(orderId) ?? []), (clock.now().getTime() - startedAt) / SECOND]);
      if (attempt < 3) {
        log(`+${(clock.now().getTime() - startedAt) / SECOND}s chargePayment ${orderId}: attempt ${attempt} timed out`);
        throw new Error('card gateway timed out'); // not a BpmnError: retried per the retry policy
      }
      step('chargePayment')({ variables });
      return { paymentId: `pay-${orderId}` };
    });
    engine.registerService('shipOrder', ({ variables }) => {
      step('shipOrder')({ variables });
      if (variables.destination === 'Antarctica') throw new BpmnError('NO_CARRIER', 'no carrier delivers to Antarctica');
      return { trackingNumber: `track-${String(variables.orderId)}` };
    });

    await engine.deployFile(DIAGRAM);
    const a = await engine.start('order_saga', { businessKey: 'A', variables: { orderId: 'A', destination: 'Lisbon' } });
    const b = await engine.start('order_saga', { businessKey: 'B', variables: { orderId: 'B', destination: 'Antarctica' } });

    // Both charges failed once; the retries fall due 10 s and then another 20 s later.
    clock.advance(10 * SECOND);
    await engine.runDueTimers();
    // Back-off: the second retry waits twice as long, so nothing is due one second early.
    clock.advance(19 * SECOND);
    const dueTooEarly = await engine.runDueTimers();
    clock.advance(1 * SECOND);
    await engine.runDueTimers();

    const outcome = async (id: string, orderId: string): Promise<OrderOutcome> => {
      const inst = (await engine.getInstance(id))!;
      log(`order ${orderId}: ${inst.status}, ended at ${(await pathOf(engine, id)).at(-1)}`);
      return { orderId, status: inst.status, path: await pathOf(engine, id), chargeAttemptsAt: attempts.get(orderId) ?? [] };
    };
    return { shipped: await outcome(a.id, 'A'), compensated: await outcome(b.id, 'B'), calls, dueTooEarly };
  } finally {
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
