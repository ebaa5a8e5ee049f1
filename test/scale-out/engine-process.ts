/**
 * One engine process of the scale-out test (and of bench/pg-scale-out.ts): an Engine over a
 * PostgresStore on the schema it is given, driven by its parent over IPC.
 *
 *   parent → child: { cmd: 'start', indexes: number[], approvers: string[] }   start those orders
 *                   { cmd: 'approve', assignee }   keep completing the tasks of that assignee
 *                   { cmd: 'measure', assignee, count }   complete that many of its tasks one at a time, timed
 *                   { cmd: 'usage' }               report the CPU time used so far
 *                   { cmd: 'stop' }                close the engine and exit
 *   child → parent: { type: 'ready' } | { type: 'started', count, skipped } | { type: 'measured', latenciesMs }
 *                   | { type: 'usage' | 'stopped', cpuMs } | { type: 'failed', message }
 *
 * Every service call is appended to `<callsDir>/calls-<pid>.log` as `instanceId element attempt pid`
 * before the handler returns: a write(2) to the page cache, so it survives a kill -9 of this process.
 */
import { appendFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, Engine, NotFoundError, PostgresStore } from '../../src/index.js';
import type { ServiceHandler } from '../../src/index.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`engine-process needs ${name}`);
  return v;
};

const url = env('SCALE_OUT_PG_URL');
const schema = env('SCALE_OUT_SCHEMA');
const callsDir = env('SCALE_OUT_CALLS_DIR');
/** Orders whose index is a multiple of this fail their first charge attempt (a retry across processes). */
const failEvery = Number(process.env.SCALE_OUT_FAIL_EVERY ?? '0');
const log = join(callsDir, `calls-${process.pid}.log`);

const send = (m: Record<string, unknown>): void => {
  process.send?.(m);
};

const record = (element: string): ServiceHandler => (ctx) => {
  appendFileSync(log, `${ctx.instanceId} ${element} ${ctx.attempt} ${process.pid}\n`);
  if (element === 'charge' && failEvery > 0 && ctx.attempt === 1 && Number(ctx.instanceId.slice(3)) % failEvery === 0) {
    throw new Error('card declined (first attempt, on purpose)');
  }
  return element === 'charge' ? { charged: true } : undefined;
};

const engine = new Engine({
  store: new PostgresStore({ connectionString: url, schema, migrate: false, maxConnections: 12 }),
  services: { charge: record('charge'), ship: record('ship'), notify: record('notify') },
  // A failed charge is retried by the job loop of whichever process claims it, 200 ms later.
  retryByType: { charge: { maxAttempts: 3, firstRetryIntervalMs: 200 } },
  jobExecutor: {
    pollIntervalMs: Number(process.env.SCALE_OUT_POLL_MS ?? '500'),
    lockDurationMs: Number(process.env.SCALE_OUT_LOCK_MS ?? '3000'),
    batchSize: 32,
    concurrency: 16,
  },
});

const approving = new Set<string>();
let stopping = false;

async function startAll(indexes: number[], approvers: string[], wait: string): Promise<void> {
  let count = 0;
  let skipped = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indexes.length) {
      const i = indexes[next]!;
      const approver = approvers[next]!;
      next++;
      try {
        await engine.start('scale_out_order', { instanceId: `so-${i}`, variables: { wait, approver } });
        count++;
      } catch (e) {
        // Started already (by a process that died after storing it, and whose range we took over).
        if (!(e instanceof ConflictError)) throw e;
        skipped++;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  send({ type: 'started', count, skipped });
}

/** Complete the approval tasks assigned to `assignee`, again and again, until stopped. */
async function approveLoop(assignee: string): Promise<void> {
  while (!stopping) {
    const tasks = await engine.listUserTasks({ assignee });
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < tasks.length && !stopping) {
        const t = tasks[next++]!;
        try {
          await engine.completeUserTask(t.id, { approved: 'true' });
        } catch (e) {
          // Completed meanwhile by a process that took this assignee over too.
          if (!(e instanceof NotFoundError || e instanceof ConflictError)) throw e;
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    if (tasks.length === 0) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Latency of one completion at a time, as a user clicking "complete" sees it (the bench). */
async function measure(assignee: string, count: number): Promise<void> {
  let tasks = await engine.listUserTasks({ assignee });
  while (tasks.length < count) {
    await new Promise((r) => setTimeout(r, 50));
    tasks = await engine.listUserTasks({ assignee });
  }
  const latenciesMs: number[] = [];
  for (const t of tasks.slice(0, count)) {
    const t0 = performance.now();
    await engine.completeUserTask(t.id, { approved: 'true' });
    latenciesMs.push(performance.now() - t0);
  }
  send({ type: 'measured', latenciesMs });
}

function fail(e: unknown): void {
  send({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  setTimeout(() => process.exit(1), 50);
}

process.on('message', (m: { cmd: string; indexes?: number[]; approvers?: string[]; assignee?: string; wait?: string; count?: number }) => {
  if (m.cmd === 'measure') void measure(m.assignee!, m.count!).catch(fail);
  else if (m.cmd === 'usage') {
    const cpu = process.cpuUsage();
    send({ type: 'usage', cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  else if (m.cmd === 'start') void startAll(m.indexes!, m.approvers!, m.wait ?? 'PT1S').catch(fail);
  else if (m.cmd === 'approve' && !approving.has(m.assignee!)) {
    approving.add(m.assignee!);
    void approveLoop(m.assignee!).catch(fail);
  } else if (m.cmd === 'stop') {
    stopping = true;
    void engine.close().then(
      () => {
        const cpu = process.cpuUsage();
        send({ type: 'stopped', cpuMs: (cpu.user + cpu.system) / 1000 });
        setTimeout(() => process.exit(0), 20);
      },
      (e: unknown) => fail(e),
    );
  }
});
process.on('disconnect', () => process.exit(0));

try {
  await engine.deploy(await readFile(new URL('./scale-out.bpmn', import.meta.url), 'utf8'), { name: 'scale-out.bpmn' });
  send({ type: 'ready', pid: process.pid });
} catch (e) {
  fail(e);
}
