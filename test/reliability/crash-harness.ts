import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Engine, FileStore, ManualClock, MemoryStore, StoreError, type Snapshot } from '../../src/index.js';
import {
  CLOCK_START,
  CRASH_PROCESS,
  HOUR,
  OUTPUT_OF,
  PROCESS_KEY,
  approval,
  crashServices,
  driveInstances,
  instanceIdOf,
  startVariables,
  type Ack,
} from './fixtures/crash-process.js';

const REPO = resolve(import.meta.dirname, '../..');
const CHILD = join(import.meta.dirname, 'fixtures/crash-child.ts');

/** Small, seedable, good enough to place kills: mulberry32. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Final variables per instance id of a run that never stopped (MemoryStore, no delays). */
export async function uninterruptedFinals(count: number): Promise<Map<string, Record<string, unknown>>> {
  const clock = new ManualClock(CLOCK_START);
  const engine = new Engine({ store: new MemoryStore(), clock, services: crashServices(() => undefined, 0) });
  await engine.deploy(CRASH_PROCESS);
  await driveInstances(engine, (ms) => clock.advance(ms), count, 50, () => undefined);
  const finals = new Map<string, Record<string, unknown>>();
  for (let n = 0; n < count; n++) finals.set(instanceIdOf(n), (await engine.getInstance(instanceIdOf(n)))!.variables);
  await engine.close();
  return finals;
}

export interface CrashRoundOptions {
  root: string;
  round: number;
  seed: number;
  count: number;
  batch?: number;
  serviceDelayMs?: number;
  expected: Map<string, Record<string, unknown>>;
}

export interface CrashRoundReport {
  label: string;
  acks: number;
  killedAfterLines: number;
  childFinished: boolean;
  /** The message a second Engine got while the child held the directory (undefined if it opened!). */
  lockRefusal: string | undefined;
  instancesOnDisk: number;
  /** Service calls that had begun in the child but whose result was not stored when it died. */
  inFlightCalls: number;
  /** Of those, how many the recovering engine made again. */
  retriedCalls: number;
  childMs: number;
  recoveryMs: number;
  /** Every broken promise, each naming seed and round; empty when the round passed. */
  violations: string[];
}

/** One round: run the child on a fresh FileStore dir, kill -9 it at a seeded moment, recover, verify. */
export async function runCrashRound(o: CrashRoundOptions): Promise<CrashRoundReport> {
  const label = `seed=${o.seed} round=${o.round}`;
  const random = seededRandom(o.seed * 1000 + o.round);
  const dir = join(o.root, `round-${o.round}`);
  const callLog = join(o.root, `calls-${o.round}.log`);
  const delay = o.serviceDelayMs ?? 2;
  // Per instance: two calls and three acks (started, approved, completed); kill somewhere inside that span,
  // at most one service delay after a line, so many kills land while a handler is running.
  const killedAfterLines = 2 + Math.floor(random() * o.count * 5);
  const killDelayMs = random() * delay;

  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, callLog, String(o.count), String(o.batch ?? 20), String(delay)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const acks: Ack[] = [];
  let lines = 0;
  let childFinished = false;
  let lockRefusal: string | undefined;
  let killing = false;
  for await (const line of createInterface({ input: child.stdout })) {
    lines++;
    const [kind, id, step, version] = line.split(' ');
    if (kind === 'ready') lockRefusal = await secondEngineRefusal(dir);
    else if (kind === 'ack') acks.push({ id: id!, step: step as Ack['step'], version: Number(version) });
    else if (kind === 'done') childFinished = true;
    else if (kind !== 'call') continue;
    if (lines >= killedAfterLines && !killing) {
      killing = true;
      setTimeout(() => child.kill('SIGKILL'), killDelayMs);
    }
  }
  await exited;
  const t1 = performance.now();
  const violations: string[] = [];
  const fail = (msg: string): void => void violations.push(`${label}: ${msg}`);
  if (lines === 0) fail(`child printed nothing; stderr: ${stderr.slice(0, 2000)}`);
  if (lockRefusal === undefined) fail('a second Engine opened the directory while the child held it');

  // No JSON file may be torn (instance files in the one-file-per-instance layout, deployments in every
  // layout); a journal checks its own groups when the recovering engine opens it below.
  const files = existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')) : [];
  for (const f of files) {
    try {
      JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      fail(`stored file ${f} is corrupt: ${String(e)}`);
    }
  }

  const calledAgain: string[] = [];
  const clock = new ManualClock(new Date(CLOCK_START.getTime() + 10_000 * HOUR));
  // The recovering engine's own durability is not under test: skip its fsyncs to keep the round short.
  const engine = new Engine({ store: new FileStore({ dir, fsync: false }), clock, services: crashServices((id, el) => calledAgain.push(`${id} ${el}`), 0) });
  let inFlight = new Set<string>();
  let instancesOnDisk = 0;
  try {
    await engine.deploy(CRASH_PROCESS, { name: 'crash.bpmn' });
    const stored = new Map<string, Snapshot>();
    for (let n = 0; n < o.count; n++) {
      const id = instanceIdOf(n);
      if (await engine.getInstance(id)) stored.set(id, await engine.exportSnapshot(id));
    }
    for (const a of acks) {
      const s = stored.get(a.id);
      if (!s) fail(`acknowledged ${a.step} of ${a.id} (v${a.version}) but the instance is gone`);
      else if (s.version < a.version) fail(`acknowledged ${a.step} of ${a.id} at v${a.version} but v${s.version} is stored`);
      else if (a.step === 'completed' && s.status !== 'COMPLETED') fail(`acknowledged completion of ${a.id} but it is ${s.status}`);
    }
    instancesOnDisk = stored.size;
    inFlight = unsavedCalls(callLog, stored);
    await recover(engine, clock, o.count);
    for (let n = 0; n < o.count; n++) {
      const id = instanceIdOf(n);
      const after = await engine.getInstance(id);
      if (after?.status !== 'COMPLETED') fail(`${id} did not complete after recovery: ${after?.status ?? 'missing'}`);
      else if (JSON.stringify(sortKeys(after.variables)) !== JSON.stringify(sortKeys(o.expected.get(id)!))) {
        fail(`${id} ended with ${JSON.stringify(after.variables)}, an uninterrupted run with ${JSON.stringify(o.expected.get(id))}`);
      }
      await engine.history(id);
    }
    for (const call of inFlight) if (!calledAgain.includes(call)) fail(`service call ${call} was in flight at the kill and never made again`);
    for (const call of calledAgain) {
      const [id, el] = call.split(' ');
      const s = stored.get(id!);
      if (s && el && OUTPUT_OF[el] && OUTPUT_OF[el]! in s.variables) fail(`service call ${call} was repeated although its result was stored`);
    }
  } catch (e) {
    fail(`recovery threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  } finally {
    await engine.close();
  }
  return {
    label,
    acks: acks.length,
    killedAfterLines,
    childFinished,
    lockRefusal,
    childMs: Math.round(t1 - t0),
    recoveryMs: Math.round(performance.now() - t1),
    instancesOnDisk,
    inFlightCalls: inFlight.size,
    retriedCalls: [...inFlight].filter((c) => calledAgain.includes(c)).length,
    violations,
  };
}

/** Open a second Engine on a held directory; the StoreError message it gets, or undefined if it opened. */
async function secondEngineRefusal(dir: string): Promise<string | undefined> {
  const intruder = new Engine({ store: new FileStore({ dir }) });
  try {
    await intruder.listInstances();
    return undefined;
  } catch (e) {
    return e instanceof StoreError ? e.message : `not a StoreError: ${String(e)}`;
  } finally {
    await intruder.close();
  }
}

/** Calls the child began whose output variable the stored snapshot lacks (or whose instance was never stored). */
function unsavedCalls(callLog: string, stored: Map<string, Snapshot>): Set<string> {
  const out = new Set<string>();
  if (!existsSync(callLog)) return out;
  for (const line of readFileSync(callLog, 'utf8').split('\n')) {
    const [id, el] = line.split(' ');
    if (!id || !el) continue;
    const s = stored.get(id);
    if (!s || !(OUTPUT_OF[el]! in s.variables)) out.add(line);
  }
  return out;
}

/** Take every instance to its end the way the child would have: start what is missing, approve, fire timers. */
async function recover(engine: Engine, clock: ManualClock, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    const id = instanceIdOf(n);
    if (!(await engine.getInstance(id))) await engine.start(PROCESS_KEY, { instanceId: id, variables: startVariables(n) });
    const [task] = await engine.listUserTasks({ instanceId: id });
    if (task) await engine.completeUserTask(task.id, approval(n));
  }
  clock.advance(2 * HOUR);
  await engine.runDueTimers();
}

function sortKeys(v: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)));
}
