/**
 * bpmn-engine 25 adapter. One bpmn-engine `Engine` is one running instance, so n instances are n engines.
 * Each diagram is parsed once into a moddle-context-serializer `sourceContext` (bpmn-engine's documented
 * fast path) and shared, so the peer pays no XML parsing per instance.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import * as elements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { Engine as PeerEngine } from 'bpmn-engine';
import { diagram } from './diagrams.js';
import { check, type Impl, type Timing } from './impl-types.js';
import { inFlight } from './pool.js';

type Next = (err: Error | null, result?: unknown) => void;
type PeerCtx = { environment: { variables: Record<string, number> } };
type PeerOptions = ConstructorParameters<typeof PeerEngine>[0];
type Source = NonNullable<PeerOptions>['sourceContext'];

const contexts = new Map<string, Promise<Source>>();

function sourceContext(name: string): Promise<Source> {
  let ctx = contexts.get(name);
  if (!ctx) {
    const moddle = new BpmnModdle();
    ctx = moddle.fromXML(diagram(name)).then((parsed: unknown) =>
      serializer(parsed as never, TypeResolver({ ...elements } as never)) as Source,
    );
    contexts.set(name, ctx);
  }
  return ctx;
}

let calls = 0;
const sync = (_ctx: unknown, next: Next): void => {
  calls++;
  next(null);
};
const services = {
  step1: sync, step2: sync, step3: sync,
  branch1: sync, branch2: sync, branch3: sync, branch4: sync, branch5: sync,
  each: sync,
  inc(ctx: PeerCtx, next: Next): void {
    calls++;
    ctx.environment.variables.count = (ctx.environment.variables.count ?? 0) + 1;
    next(null);
  },
};

async function create(name: string): Promise<PeerEngine> {
  return new PeerEngine({ name, sourceContext: await sourceContext(name), services });
}

async function runToEnd(name: string, variables?: Record<string, unknown>): Promise<PeerEngine> {
  const engine = await create(name);
  const ended = engine.waitFor('end');
  await engine.execute(variables ? { variables } : {});
  await ended;
  return engine;
}

async function startWaiting(): Promise<PeerEngine> {
  const engine = await create('user');
  const execution = await engine.execute();
  check(execution.getPostponed().length === 1, 'bpmn-engine user instance waits on one task');
  return engine;
}

async function completeTask(engine: PeerEngine): Promise<void> {
  const ended = engine.waitFor('end');
  engine.execution.signal({ id: 'UserTask' });
  await ended;
}

async function completedRuns(n: number, name: string, perRun: number, run: () => Promise<unknown>): Promise<void> {
  const before = calls;
  for (let i = 0; i < n; i++) await run();
  check(calls - before === n * perRun, `${name}: ${n * perRun} service calls, saw ${calls - before}`);
}

export const peerImpl: Impl = {
  name: 'bpmn-engine',

  async seq(n: number, t: Timing) {
    await sourceContext('seq');
    t.begin();
    await completedRuns(n, 'seq', 3, () => runToEnd('seq'));
  },

  async user(n: number, t: Timing) {
    await sourceContext('user');
    t.begin();
    const engines: PeerEngine[] = [];
    for (let i = 0; i < n; i++) engines.push(await startWaiting());
    for (const engine of engines) await completeTask(engine);
  },

  async fanout(n: number, t: Timing) {
    await sourceContext('fanout');
    t.begin();
    await completedRuns(n, 'fanout', 5, () => runToEnd('fanout'));
  },

  async loop(n: number, iterations: number, t: Timing) {
    await sourceContext('xor-loop.peer');
    t.begin();
    await completedRuns(n, 'loop', iterations, () => runToEnd('xor-loop.peer', { count: 0, limit: iterations }));
  },

  async snapshot(n: number, t: Timing) {
    const waiting: PeerEngine[] = [];
    for (let i = 0; i < n; i++) waiting.push(await startWaiting());
    t.begin();
    let bytes = 0;
    for (const engine of waiting) {
      const text = JSON.stringify(await engine.getState());
      bytes = Buffer.byteLength(text);
      const restored = new PeerEngine({ services }).recover(JSON.parse(text));
      const ended = restored.waitFor('end');
      const execution = await restored.resume();
      execution.signal({ id: 'UserTask' });
      await ended;
    }
    return { snapshotBytes: bytes };
  },

  async multiInstance(n: number, branches: number, t: Timing) {
    await sourceContext('multi-instance.peer');
    t.begin();
    await completedRuns(n, 'multi-instance', branches, () => runToEnd('multi-instance.peer', { branches }));
  },

  // bpmn-engine has no store: the closest equivalent is writing getState() of each finished instance.
  async durableSeq(n: number, dir: string, t: Timing, concurrency: number) {
    await sourceContext('seq');
    await mkdir(dir, { recursive: true });
    t.begin();
    await inFlight(n, concurrency, async (i) => {
      const engine = await runToEnd('seq');
      await writeFile(join(dir, `${i}.json`), JSON.stringify(await engine.getState()));
    });
  },

  // Untimed: waiting instances saved as getState() files; timed: read, recover, resume, complete each.
  async recover(n: number, dir: string, t: Timing, concurrency: number) {
    await mkdir(dir, { recursive: true });
    for (let i = 0; i < n; i++) {
      const engine = await startWaiting();
      await writeFile(join(dir, `${i}.json`), JSON.stringify(await engine.getState()));
      await engine.stop();
    }
    t.begin();
    const files = await readdir(dir);
    check(files.length === n, `recover: ${n} saved states`);
    await inFlight(files.length, concurrency, async (i) => {
      const state: unknown = JSON.parse(await readFile(join(dir, files[i]!), 'utf8'));
      const engine = new PeerEngine({ services }).recover(state);
      const ended = engine.waitFor('end');
      const execution = await engine.resume();
      execution.signal({ id: 'UserTask' });
      await ended;
    });
  },

  async decision() {
    throw new Error('bpmn-engine has no DMN');
  },

  async holdWaiting(n: number) {
    const engines: PeerEngine[] = [];
    for (let i = 0; i < n; i++) engines.push(await startWaiting());
    return engines;
  },

  async unsupported(scenario: string) {
    return scenario === 'dmn' ? 'no DMN in bpmn-engine (business rule tasks need a service)' : undefined;
  },
};
