/**
 * What a Camunda 7 conformance case sees: a fresh engine on a ManualClock, the corpus on disk, and a few
 * query helpers phrased like the Java tests (task names sorted, as `orderByTaskName().asc()` does).
 * Assertions throw plain Errors so a case reads like its JUnit original.
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine, ManualClock, BpmnRunnerError } from '../src/index.js';
import type { Deployment, Instance, ServiceHandler, UserTask } from '../src/index.js';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'corpus', 'camunda7-engine-tests');

export interface Camunda7Case {
  /** Path inside the corpus folder, e.g. `gateway/ExclusiveGatewayTest.testForkJoin.bpmn20.xml`. */
  file: string;
  /** The JUnit test it mirrors, `Class#method`. */
  javaTest: string;
  /** Other corpus files the case deploys (the Java `@Deployment(resources = …)`); they count as covered. */
  resources?: readonly string[];
  run(ctx: CaseContext): Promise<void>;
}

export interface Camunda7Skip {
  file: string;
  javaTest: string;
  reason: string;
}

export class CaseFailure extends Error {}

export class CaseContext {
  readonly clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
  readonly engine: Engine;

  constructor(readonly file: string, services: Record<string, ServiceHandler> = {}) {
    this.engine = new Engine({ clock: this.clock, services, history: true });
  }

  /** Deploys the case's own file, or other corpus files (call activities, shared resources). */
  async deploy(...files: string[]): Promise<Deployment[]> {
    const out: Deployment[] = [];
    for (const f of files.length > 0 ? files : [this.file]) {
      out.push(await this.engine.deploy(readFileSync(join(CORPUS_DIR, f), 'utf8'), { name: f }));
    }
    return out;
  }

  service(type: string, handler: ServiceHandler): void {
    this.engine.registerService(type, handler);
  }

  start(key: string, variables: Record<string, unknown> = {}, businessKey?: string): Promise<Instance> {
    return this.engine.start(key, businessKey === undefined ? { variables } : { variables, businessKey });
  }

  async instance(id: string): Promise<Instance> {
    const i = await this.engine.getInstance(id);
    if (i === undefined) throw new CaseFailure(`instance ${id} not found`);
    return i;
  }

  /** Open user tasks ordered by name, like `createTaskQuery().orderByTaskName().asc()`. */
  async tasks(instanceId?: string): Promise<UserTask[]> {
    const list = await this.engine.listUserTasks(instanceId === undefined ? {} : { instanceId });
    return [...list].sort((a, b) => (a.name ?? a.elementId).localeCompare(b.name ?? b.elementId));
  }

  async taskNames(instanceId?: string): Promise<string[]> {
    return (await this.tasks(instanceId)).map((t) => t.name ?? t.elementId);
  }

  async taskIds(instanceId?: string): Promise<string[]> {
    return (await this.tasks(instanceId)).map((t) => t.elementId).sort();
  }

  /** Completes the single open task whose name or element id matches. */
  async complete(nameOrId: string, values: Record<string, unknown> = {}, instanceId?: string): Promise<Instance> {
    const matching = (await this.tasks(instanceId)).filter((t) => t.name === nameOrId || t.elementId === nameOrId);
    if (matching.length === 0) throw new CaseFailure(`no open task "${nameOrId}" (open: ${(await this.taskNames(instanceId)).join(', ')})`);
    return this.engine.completeUserTask(matching[0]!.id, values);
  }

  async completeAll(instanceId?: string): Promise<void> {
    for (const t of await this.tasks(instanceId)) await this.engine.completeUserTask(t.id, {});
  }

  async active(instanceId: string): Promise<string[]> {
    return [...(await this.instance(instanceId)).activeElementIds].sort();
  }

  async ended(instanceId: string): Promise<boolean> {
    const i = await this.engine.getInstance(instanceId);
    return i === undefined || i.status === 'COMPLETED' || i.status === 'TERMINATED';
  }

  async assertEnded(instanceId: string): Promise<void> {
    const i = await this.instance(instanceId);
    if (i.status !== 'COMPLETED') throw new CaseFailure(`expected instance to be ended, is ${i.status} at [${i.activeElementIds.join(', ')}]`);
  }

  /** Advances the clock and fires what fell due (timers, async continuations, retries) until nothing is due. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.runJobs();
  }

  async runJobs(): Promise<number> {
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const n = await this.engine.runDueTimers();
      total += n;
      if (n === 0) break;
    }
    return total;
  }
}

export function eq(actual: unknown, expected: unknown, what = 'value'): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new CaseFailure(`${what}: expected ${e}, got ${a}`);
}

export function ok(condition: unknown, what: string): void {
  if (!condition) throw new CaseFailure(`expected ${what}`);
}

/** The call must reject with one of our typed errors (Camunda throws a ProcessEngineException/ParseException). */
export async function rejects(p: Promise<unknown>, code?: string, what = 'call'): Promise<BpmnRunnerError> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof BpmnRunnerError)) throw new CaseFailure(`${what} rejected with an untyped error: ${String(err)}`);
    if (code !== undefined && err.code !== code) throw new CaseFailure(`${what} rejected with ${err.code}, expected ${code}: ${err.message}`);
    return err;
  }
  throw new CaseFailure(`expected ${what} to be rejected`);
}

/** Camunda rejects the deployment: the file must not deploy here either. */
export function deployFails(file: string, javaTest: string, code?: string): Camunda7Case {
  return { file, javaTest, run: async (ctx) => { await rejects(ctx.deploy(), code, 'deploy'); } };
}

/**
 * Camunda throws from the API call and rolls the transaction back; our engine reports the same runtime
 * failure as an incident on the element (API.md: failures become incidents, the instance keeps running).
 * Either counts; a silent success does not.
 */
export async function failsAtRuntime(p: Promise<Instance>, what = 'call'): Promise<void> {
  let instance: Instance;
  try {
    instance = await p;
  } catch (err) {
    if (err instanceof BpmnRunnerError) return;
    throw new CaseFailure(`${what} rejected with an untyped error: ${String(err)}`);
  }
  if (instance.incidents.length > 0 || instance.status === 'FAILED') return;
  throw new CaseFailure(`expected ${what} to fail (reject or incident), instance is ${instance.status} at [${instance.activeElementIds.join(', ')}]`);
}
