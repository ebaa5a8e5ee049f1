/**
 * bpmn-runner adapter over the public API only. BENCH_ENGINE_ENTRY may point at another build of
 * src/index (e.g. a checked-out commit) to compare engine versions with the same bench.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Api from '../src/index.js';
import { decisionInput, expectedRate } from './decision-inputs.js';
import { diagram } from './diagrams.js';
import { check, type Impl, type Timing } from './impl-types.js';
import { inFlight } from './pool.js';

const entry = process.env.BENCH_ENGINE_ENTRY;
const api = (await import(entry ? pathToFileURL(resolve(entry)).href : '../src/index.js')) as typeof Api;

let calls = 0;
const sync = (): void => {
  calls++;
};
const services: Record<string, Api.ServiceHandler> = {
  step1: sync, step2: sync, step3: sync,
  branch1: sync, branch2: sync, branch3: sync, branch4: sync, branch5: sync,
  each: sync,
  inc: ({ variables }) => {
    calls++;
    return { count: (variables.count as number) + 1 };
  },
};

const keys: Record<string, string> = {
  seq: 'bench_seq',
  user: 'bench_user',
  fanout: 'bench_fanout',
  'xor-loop.runner': 'bench_xor_loop',
  'multi-instance.runner': 'bench_multi_instance',
};

async function engineWith(names: string[], store?: Api.Store): Promise<Api.Engine> {
  const engine = new api.Engine(store ? { services, store } : { services });
  for (const name of names) await engine.deploy(diagram(name), { name });
  return engine;
}

async function runAll(
  engine: Api.Engine, name: string, n: number, perRun: number, variables?: Record<string, unknown>, concurrency = 1,
) {
  const before = calls;
  const key = keys[name] as string;
  await inFlight(n, concurrency, async () => {
    const inst = await engine.start(key, variables ? { variables } : {});
    check(inst.status === 'COMPLETED', `${name}: instance ${inst.id} is ${inst.status}, active ${inst.activeElementIds.join(',')}`);
  });
  check(calls - before === n * perRun, `${name}: ${n * perRun} service calls, saw ${calls - before}`);
}

async function startWaiting(engine: Api.Engine, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const inst = await engine.start('bench_user');
    check(inst.activeElementIds.length === 1 && inst.activeElementIds[0] === 'UserTask', `user: waits on UserTask`);
    ids.push(inst.id);
  }
  return ids;
}

async function completeAll(engine: Api.Engine, n: number, concurrency = 1): Promise<void> {
  const tasks = await engine.listUserTasks({ processKey: 'bench_user' });
  check(tasks.length === n, `user: ${n} open tasks, saw ${tasks.length}`);
  await inFlight(tasks.length, concurrency, async (i) => {
    const inst = await engine.completeUserTask(tasks[i]!.id, {});
    check(inst.status === 'COMPLETED', `user: instance ${inst.id} is ${inst.status}`);
  });
}

export const runnerImpl: Impl = {
  name: 'bpmn-runner',

  async seq(n: number, t: Timing) {
    const engine = await engineWith(['seq']);
    t.begin();
    await runAll(engine, 'seq', n, 3);
  },

  async user(n: number, t: Timing) {
    const engine = await engineWith(['user']);
    t.begin();
    await startWaiting(engine, n);
    await completeAll(engine, n);
  },

  async fanout(n: number, t: Timing) {
    const engine = await engineWith(['fanout']);
    t.begin();
    await runAll(engine, 'fanout', n, 5);
  },

  async loop(n: number, iterations: number, t: Timing) {
    const engine = await engineWith(['xor-loop.runner']);
    t.begin();
    await runAll(engine, 'xor-loop.runner', n, iterations, { count: 0, limit: iterations });
  },

  async snapshot(n: number, t: Timing) {
    const source = await engineWith(['user']);
    const target = await engineWith(['user']);
    // The ids from start(), not listInstances: its pages stop at 1,000.
    const ids = await startWaiting(source, n);
    t.begin();
    let bytes = 0;
    for (const id of ids) {
      const text = JSON.stringify(await source.exportSnapshot(id));
      bytes = Buffer.byteLength(text);
      await target.importSnapshot(JSON.parse(text));
      const [task] = await target.listUserTasks({ instanceId: id });
      check(task !== undefined, `snapshot: imported ${id} has its user task`);
      const inst = await target.completeUserTask(task!.id, {});
      check(inst.status === 'COMPLETED', `snapshot: instance ${id} is ${inst.status}`);
    }
    return { snapshotBytes: bytes };
  },

  async multiInstance(n: number, branches: number, t: Timing) {
    const engine = await engineWith(['multi-instance.runner']);
    t.begin();
    await runAll(engine, 'multi-instance.runner', n, branches, { branches });
  },

  async durableSeq(n: number, dir: string, t: Timing, concurrency: number) {
    await mkdir(dir, { recursive: true });
    const engine = await engineWith(['seq'], new api.FileStore({ dir }));
    t.begin();
    await runAll(engine, 'seq', n, 3, undefined, concurrency);
    await engine.close();
  },

  async recover(n: number, dir: string, t: Timing, concurrency: number) {
    await mkdir(dir, { recursive: true });
    // Setup only: page-cache writes are enough to have the files to recover from.
    const first = await engineWith(['user'], new api.FileStore({ dir, fsync: false }));
    await startWaiting(first, n);
    await first.close();
    t.begin();
    const engine = new api.Engine({ services, store: new api.FileStore({ dir }) });
    await completeAll(engine, n, concurrency);
    await engine.close();
  },

  async decision(n: number, t: Timing) {
    const engine = new api.Engine({ services });
    await engine.deploy(diagram('decision', 'dmn'), { name: 'decision.dmn' });
    const inputs = Array.from({ length: 1000 }, (_, i) => decisionInput(i));
    let hits = 0;
    let expected = 0;
    t.begin();
    for (let i = 0; i < n; i++) {
      const input = inputs[i % 1000]!;
      const { resultList } = await engine.evaluateDecision('bench_discount', input);
      const want = expectedRate(input);
      if (want !== undefined) expected++;
      if (resultList.length === 1 && resultList[0]!.rate === want) hits++;
      else check(resultList.length === 0 && want === undefined, `dmn: ${JSON.stringify(input)} gave ${JSON.stringify(resultList)}, expected ${want}`);
    }
    check(hits === expected && hits > 0, `dmn: ${expected} hits, saw ${hits}`);
  },

  async holdWaiting(n: number) {
    const engine = await engineWith(['user']);
    await startWaiting(engine, n);
    return engine;
  },

  async unsupported(scenario: string) {
    if (!scenario.startsWith('multi-instance')) return undefined;
    try {
      await engineWith(['multi-instance.runner']);
      return undefined;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return `not supported yet (${e.code ?? 'error'}: ${e.message ?? String(err)})`;
    }
  },
};
