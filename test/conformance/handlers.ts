/**
 * Named service handlers that `*.expect.json` files refer to with `{ "handler": "<name>" }`.
 * They only read what API.md promises a handler gets (variables, attempt), so a case documents the
 * contract it relies on. Kept structural (no import from src/) so this file compiles on its own.
 */
export interface ConformanceHandlerContext {
  variables: Readonly<Record<string, unknown>>;
  attempt: number;
}

export type ConformanceHandler = (
  ctx: ConformanceHandlerContext,
) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

const num = (v: unknown, name: string): number => {
  if (typeof v !== 'number') throw new Error(`handler expected number variable "${name}", got ${JSON.stringify(v)}`);
  return v;
};

export const handlers: Readonly<Record<string, ConformanceHandler>> = {
  /** Loop body: counter + 1. */
  increment: ({ variables }) => ({ counter: num(variables.counter ?? 0, 'counter') + 1 }),

  creditCheck: ({ variables }) => ({ creditOk: num(variables.amount, 'amount') <= 1000 }),

  /** Reads only task-local input mappings (net, shipping, currency). */
  quote: ({ variables }) => ({
    total: num(variables.net, 'net') + num(variables.shipping, 'shipping'),
    quotedCurrency: variables.currency,
  }),

  /** Fails on attempts 1 and 2; API.md: `attempt` counts calls of this job, the first being 1. */
  failTwice: ({ attempt }) => {
    if (attempt < 3) throw new Error(`transient failure on attempt ${attempt}`);
    return { succeededOnAttempt: attempt };
  },

  assignApproverGroup: ({ variables }) => ({
    approverGroup: num(variables.amount, 'amount') > 1000 ? 'management' : 'accounting',
  }),

  validateOrder: ({ variables }) => {
    const items = variables.items;
    if (!Array.isArray(items)) throw new Error('order has no items');
    return { itemCount: items.length };
  },

  chargePayment: ({ variables }) => ({ paymentId: `P-${String(variables.orderId)}` }),

  /** Resolves on a later macrotask, so the engine must really await async handlers. */
  reserveStockAsync: async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return { reserved: true };
  },
};
