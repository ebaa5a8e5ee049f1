import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, runExample } from '../../examples/run.js';

const dirs = readdirSync('examples', { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'shared')
  .map((d) => d.name)
  .sort();

/** The engine each example's header must name, so people find the pattern they know. */
const ENGINE_IN_HEADER: Record<string, RegExp> = {
  'hello-cities': /Durable Functions/,
  'approval-with-timeout': /Durable Functions|durabletask/,
  'order-saga': /Temporal|Camunda/,
  lifecycle: /Dapr/,
  workers: /Zeebe|Camunda 8/,
  'nightly-report': /Airflow/,
  'long-running': /Temporal/,
  canvas: /Celery/,
  'job-application': /SpiffWorkflow|Camunda/,
  'embed-express': /Express/,
};

describe('examples/run.ts and the examples folder', () => {
  it('every example folder is runnable by name, has a test, and names its pattern and engine in its header', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(dirs);
    for (const name of dirs) {
      expect(existsSync(`test/examples/${name}.test.ts`), name).toBe(true);
      const header = readFileSync(`examples/${name}/main.ts`, 'utf8').split('*/')[0]!;
      expect(header, name).toMatch(ENGINE_IN_HEADER[name]!);
    }
  });

  it('runs an example by name and rejects an unknown name with the list', async () => {
    const result = (await runExample('canvas', { log: () => {} })) as { chain: { result: unknown } };
    expect(result.chain.result).toBe(32);
    await expect(runExample('nope')).rejects.toThrow(/unknown example "nope"; one of: hello-cities/);
  });
});
