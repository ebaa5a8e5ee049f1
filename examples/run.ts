/**
 * `npm run example -- <name>`: runs one example by name and prints what its run() returned.
 * Without a name (or with an unknown one) it lists the examples.
 */
import { isMain } from './shared/example-kit.js';

/** Each example's module, loaded on demand so one example's imports never slow another. */
export const EXAMPLES: Record<string, { pattern: string; load: () => Promise<{ run: (opts?: { log?: (line: string) => void }) => Promise<unknown> }> }> = {
  'hello-cities': { pattern: 'Durable Functions chaining and fan-out/fan-in', load: () => import('./hello-cities/main.js') },
  'approval-with-timeout': { pattern: 'Durable Functions human interaction: event or 24 h timer', load: () => import('./approval-with-timeout/main.js') },
  'order-saga': { pattern: 'saga: retries with back-off, BPMN error, compensation', load: () => import('./order-saga/main.js') },
  lifecycle: { pattern: 'Dapr Workflow management: raise, suspend, resume, terminate, purge', load: () => import('./lifecycle/main.js') },
  workers: { pattern: 'Zeebe job workers and run-with-result', load: () => import('./workers/main.js') },
  'nightly-report': { pattern: 'Airflow cron DAG with HTTP tasks and a manual trigger', load: () => import('./nightly-report/main.js') },
  'long-running': { pattern: 'Temporal query and cancellation', load: () => import('./long-running/main.js') },
  canvas: { pattern: 'Celery chain / group / chord', load: () => import('./canvas/main.js') },
  'job-application': { pattern: 'Camunda Modeler forms (C7 and C8) completed from code', load: () => import('./job-application/main.js') },
  'embed-express': { pattern: 'form flows inside your Express app', load: () => import('./embed-express/main.js') },
};

export async function runExample(name: string, opts: { log?: (line: string) => void } = {}): Promise<unknown> {
  const example = EXAMPLES[name];
  if (!example) throw new Error(`unknown example "${name}"; one of: ${Object.keys(EXAMPLES).join(', ')}`);
  return (await example.load()).run(opts);
}

if (isMain(import.meta.url)) {
  const name = process.argv[2];
  if (name === undefined || !(name in EXAMPLES)) {
    if (name !== undefined) console.error(`unknown example "${name}"`);
    console.log('usage: npm run example -- <name>\n');
    for (const [n, e] of Object.entries(EXAMPLES)) console.log(`  ${n.padEnd(24)} ${e.pattern}`);
    process.exitCode = name === undefined ? 0 : 1;
  } else {
    runExample(name).then(
      (result) => console.log(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'function' ? undefined : v), 2)),
      (err: unknown) => {
        console.error(err);
        process.exitCode = 1;
      },
    );
  }
}
