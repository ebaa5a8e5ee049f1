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

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string') throw new Error(`handler expected string variable "${name}", got ${JSON.stringify(v)}`);
  return v;
};

const list = (v: unknown, name: string): unknown[] => {
  if (!Array.isArray(v)) throw new Error(`handler expected list variable "${name}", got ${JSON.stringify(v)}`);
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

  /** Multi-instance body over cities (element variable `city`): one forecast per call. */
  forecast: ({ variables }) => ({ forecast: `${str(variables.city, 'city')}: sunny` }),

  /** Camunda 7 has no output collection: the body appends to a list the process started with. */
  appendForecast: ({ variables }) => ({ forecasts: [...list(variables.forecasts, 'forecasts'), `${str(variables.city, 'city')}: sunny`] }),

  /** Chord header: one thumbnail per image (element variable `image`). */
  resizeImage: ({ variables }) => ({ thumb: `thumb-${str(variables.image, 'image')}` }),

  appendThumb: ({ variables }) => ({ thumbs: [...list(variables.thumbs, 'thumbs'), `thumb-${str(variables.image, 'image')}`] }),

  /** Chord body: runs once over everything the header collected. */
  zipThumbs: ({ variables }) => ({ archive: list(variables.thumbs, 'thumbs').join('+') }),

  /** Resolves on a later macrotask, so the engine must really await async handlers. */
  reserveStockAsync: async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return { reserved: true };
  },
};
