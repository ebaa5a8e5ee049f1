import { describe, expect, it } from 'vitest';
import { camunda7DmnCases } from '../../conformance/dmn/camunda7-dmn-cases.js';
import { judgeDmnCase } from '../../conformance/dmn/run-dmn-conformance.js';

/*
 * Camunda 7's own DMN engine tests, ported as data (conformance/dmn/camunda7-dmn-cases.ts) so that this
 * suite and `conformance/camunda7-dmn-results.json` judge every case the same way.
 */
const runnable = camunda7DmnCases.filter((c) => !c.skip);
const skipped = camunda7DmnCases.filter((c) => c.skip);

describe('Camunda 7 DMN engine tests', () => {
  it.each(runnable.map((c, i) => [`${c.javaTest} [${i}] ${c.file}`, c] as const))('%s', (_name, c) => {
    // given the corpus file and the Java test's variables, when it is parsed and evaluated
    const result = judgeDmnCase(c);
    // then the outcome is the one the Java test asserts
    expect(result.reason ?? 'pass').toBe('pass');
    expect(result.status).toBe('pass');
  });

  it('says why each skipped case is skipped', () => {
    expect(skipped.length).toBeLessThan(10);
    for (const c of skipped) expect(c.skip).toMatch(/\w{10,}/);
  });

  it('covers every hit policy and aggregator Camunda 7 tests', () => {
    const files = new Set(runnable.map((c) => c.file));
    for (const p of ['unique', 'first', 'any', 'ruleOrder', 'collect', 'collect.sum', 'collect.min', 'collect.max', 'collect.count', 'priority', 'outputOrder']) {
      expect([...files].some((f) => f.includes(`HitPolicyTest.${p}.`))).toBe(true);
    }
  });
});
