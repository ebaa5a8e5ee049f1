/**
 * Cost of one evaluation of a 20-rule, 3-input decision table (ranges, string lists, comparisons, dates,
 * `-` cells), compiled once. Run: `node --import tsx test/dmn/decision-table-bench.ts`.
 */
import { compileDecisions, evaluateDecision, parseDmn } from '../../src/dmn/index.js';
import { dmn, table } from './dmn-text.js';

const categories = ['"books"', '"toys"', '"food"', '"tools"', '"garden"'];
const rules: string[][] = [];
for (let r = 0; r < 20; r++) {
  const low = r * 50;
  rules.push([
    `[${low}..${low + 49}]`,
    r % 3 === 0 ? '-' : `${categories[r % 5]},${categories[(r + 1) % 5]}`,
    r % 2 === 0 ? `< date("2026-0${(r % 9) + 1}-15")` : '-',
    `"rate-${r}"`,
    `${r / 100}`,
  ]);
}
const spec = (id: string, hitPolicy: string) => table(id, { hitPolicy, inputs: [['amount', 'order.amount'], ['category', 'category'], ['day', 'orderDate']], outputs: ['rate', 'discount'], rules });
const compiled = compileDecisions(parseDmn(dmn(spec('first', 'FIRST') + spec('collect', 'COLLECT'))));

const inputs = Array.from({ length: 1000 }, (_, i) => ({
  order: { amount: (i * 37) % 1000 },
  category: categories[i % 5]!.slice(1, -1),
  orderDate: `2026-0${(i % 9) + 1}-0${(i % 9) + 1}`,
}));

function measure(key: string, n: number): { us: number; hits: number } {
  let hits = 0;
  for (let i = 0; i < 20_000; i++) hits += evaluateDecision(compiled, key, inputs[i % 1000]!).resultList.length;
  hits = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) hits += evaluateDecision(compiled, key, inputs[i % 1000]!).resultList.length;
  const ns = Number(process.hrtime.bigint() - start);
  return { us: ns / n / 1000, hits };
}

for (const key of ['first', 'collect']) {
  const { us, hits } = measure(key, 200_000);
  console.log(`${key.padEnd(8)} 20 rules x 3 inputs: ${us.toFixed(2)} µs per evaluation (${(1e6 / us / 1000).toFixed(0)}k/s, ${hits} rows)`);
}
