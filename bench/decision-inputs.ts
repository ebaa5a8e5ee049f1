/**
 * Inputs for the `dmn` scenario and, independently of the engine, which rule of `diagrams/decision.dmn`
 * each should hit: rule r (1-based) covers amounts [50(r-1) .. 50(r-1)+49]; rules 1, 4, 7, … accept any
 * category, the others two categories; odd rules need tier gold or silver. Hit policy FIRST.
 */
const CATEGORIES = ['books', 'toys', 'food', 'tools', 'garden'] as const;
const TIERS = ['gold', 'silver', 'bronze'] as const;

// A type alias, not an interface: it must be assignable to the engine's Record<string, unknown>.
export type DecisionInput = { amount: number; category: string; tier: string };

export function decisionInput(i: number): DecisionInput {
  return { amount: (i * 37) % 1000, category: CATEGORIES[i % 5]!, tier: TIERS[i % 3]! };
}

/** The rate the table should return for `input`, or undefined when no rule matches. */
export function expectedRate({ amount, category, tier }: DecisionInput): string | undefined {
  const r = Math.floor(amount / 50);
  if (r < 0 || r > 19) return undefined;
  const categoryOk = r % 3 === 0 || category === CATEGORIES[r % 5] || category === CATEGORIES[(r + 1) % 5];
  const tierOk = r % 2 !== 0 || tier === 'gold' || tier === 'silver';
  return categoryOk && tierOk ? `rate-${r + 1}` : undefined;
}
