import { randomUUID } from 'node:crypto';
import { BpmnRunnerError, InvalidStateError, NotFoundError, StoreError, TimeoutError } from '../errors/index.js';
import type { InstanceStatus } from '../engine/state.js';
import { assertRunnable } from '../engine/capabilities.js';
import { parseDefinitions } from '../parse/index.js';
import type { DefinitionsSpec } from '../spec/types.js';
import { isDmn } from './decision-registry.js';
import { EngineCore } from './engine-core.js';
import { toInstance } from './instance-view.js';
import { StartTimers } from './start-timers.js';
import type { StoredDeployment } from '../store/types.js';
import type { Deployment, Instance } from './types.js';

const TERMINAL: ReadonlySet<InstanceStatus> = new Set(['COMPLETED', 'TERMINATED', 'FAILED']);

/** XML → runnable spec, or the typed error that says why not. */
export async function parseRunnable(xml: string, file: string | undefined): Promise<DefinitionsSpec> {
  const defs = await parseDefinitions(xml, file !== undefined ? { file } : {});
  assertRunnable(defs);
  return defs;
}

/**
 * Opening and closing the engine, deployments, lifecycle commands and the job loop that fires due
 * jobs (async continuations, retry back-offs) — by itself on an automatic clock, through
 * `runDueTimers()` on a manual one.
 */
export class Lifecycle {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private closed = false;
  private readonly startTimers: StartTimers;

  constructor(
    private readonly core: EngineCore,
    private readonly ready: () => Promise<void>,
  ) {
    this.startTimers = new StartTimers(core);
  }

  async open(): Promise<void> {
    await this.core.store.open();
    const deployments = await this.core.store.loadDeployments();
    deployments.sort((a, b) => (a.deployedAt < b.deployedAt ? -1 : a.deployedAt > b.deployedAt ? 1 : 0));
    for (const d of deployments) {
      // The stored text must still be what was deployed: an edited file would silently change
      // what running instances execute.
      if (EngineCore.hash(d.source) !== d.hash) {
        throw new StoreError(`stored deployment ${d.id} (${d.name ?? 'unnamed'}) was changed on disk: its content no longer matches its hash`);
      }
      if (isDmn(d.source)) {
        this.core.decisions.register(this.core.decisions.parse(d.source, d.name), d.hash, d.id, d.decisions ?? []);
        continue;
      }
      let defs: DefinitionsSpec;
      try {
        defs = await parseRunnable(d.source, d.name);
      } catch (e) {
        throw new StoreError(`stored deployment ${d.id} (${d.name ?? 'unnamed'}) no longer deploys: ${e instanceof Error ? e.message : String(e)}`, {}, { cause: e });
      }
      this.core.registry.register(defs, d.hash, d.id, d.processes);
      this.startTimers.track(d);
    }
    for (const s of await this.core.store.loadAllInstances()) this.core.refreshIndex(s);
    this.core.onDue = (at) => this.arm(Date.parse(at));
    // Jobs that fell due while no engine ran fire now (durable timers / retries / continuations).
    if (this.core.clock.automatic) this.arm(Math.min(this.core.clock.now().getTime(), this.startTimers.nextDue()));
  }

  async deploy(xml: string, name: string | undefined): Promise<Deployment> {
    if (isDmn(xml)) return this.deployDecisions(xml, name);
    const defs = await parseRunnable(xml, name);
    const hash = EngineCore.hash(xml);
    return this.core.mutex.run('\0deploy', async () => {
      const plan = this.core.registry.plan(defs, hash);
      if (!plan) {
        const same = this.core.registry.describeHash(hash)!;
        return { id: same.deploymentId, ...(name !== undefined ? { name } : {}), processes: same.processes };
      }
      this.core.registry.checkMessageStarts(defs);
      const id = randomUUID();
      const record: StoredDeployment = {
        id,
        ...(name !== undefined ? { name } : {}),
        source: xml,
        hash,
        deployedAt: this.core.clock.now().toISOString(),
        processes: plan,
      };
      const processes = this.core.registry.register(defs, hash, id, plan);
      const timers = this.startTimers.plan(plan.map((p) => this.core.registry.get(p.key, p.version)));
      if (timers.length > 0) record.startTimers = timers;
      await this.core.store.saveDeployment(record);
      this.startTimers.track(record);
      await this.startTimers.supersede(record);
      if (timers.length > 0) this.arm(this.startTimers.nextDue());
      return { id, ...(name !== undefined ? { name } : {}), processes };
    });
  }

  /** A DMN file: its decisions are compiled now and versioned like processes. */
  private async deployDecisions(xml: string, name: string | undefined): Promise<Deployment> {
    const compiled = this.core.decisions.parse(xml, name);
    const hash = EngineCore.hash(xml);
    return this.core.mutex.run('\0deploy', async () => {
      const plan = this.core.decisions.plan(compiled, hash);
      const decisions = plan ?? this.core.decisions.keysOf(compiled).map((key) => ({ key, version: this.core.decisions.versionOf(key, hash) }));
      if (!plan) return { id: this.core.decisions.deploymentOf(hash) ?? '', ...(name !== undefined ? { name } : {}), processes: [], decisions };
      const id = randomUUID();
      await this.core.store.saveDeployment({
        id,
        ...(name !== undefined ? { name } : {}),
        source: xml,
        hash,
        deployedAt: this.core.clock.now().toISOString(),
        processes: [],
        decisions: plan,
      });
      this.core.decisions.register(compiled, hash, id, plan);
      return { id, ...(name !== undefined ? { name } : {}), processes: [], decisions: plan };
    });
  }

  async suspend(instanceId: string, reason?: string): Promise<Instance> {
    const s = await this.core.command(instanceId, { type: 'suspend' });
    void reason;
    const inst = toInstance(s);
    this.core.bus.emit('instance.suspended', { instance: inst });
    return inst;
  }

  async terminate(instanceId: string, reason?: string): Promise<Instance> {
    // Abort first: a handler in flight holds the instance's lock until it returns.
    this.core.aborts.get(instanceId)?.abort(new Error(`instance ${instanceId} is being terminated`));
    return toInstance(await this.core.command(instanceId, { type: 'terminate', ...(reason !== undefined ? { reason } : {}) }));
  }

  async purge(instanceId: string): Promise<void> {
    await this.core.mutex.run(instanceId, async () => {
      const s = await this.core.load(instanceId);
      if (!TERMINAL.has(s.status)) {
        throw new InvalidStateError(`instance ${instanceId} is ${s.status}; only ended instances can be purged`, { instanceId });
      }
      await this.core.store.deleteInstance(instanceId);
      await this.core.store.deleteHistory(instanceId);
      this.core.index.remove(instanceId);
    });
  }

  /** Fire every internal job due at the clock's now, repeatedly, until none is left due. */
  async runDueJobs(): Promise<number> {
    let fired = await this.startTimers.fireDue();
    for (let round = 0; round < 1000; round++) {
      const now = this.core.clock.now().toISOString();
      const due = [...this.core.index.jobs.values()].filter((j) => !j.external && (j.dueAt === undefined || j.dueAt <= now));
      let firedThisRound = 0;
      for (const j of due) {
        try {
          await this.core.command(j.instanceId, j.kind === 'timer' ? { type: 'fireTimer', timerId: j.jobId } : { type: 'fireDueJob', jobId: j.jobId });
          firedThisRound++;
        } catch (e) {
          // Gone meanwhile, or the instance is suspended: its job waits for resume.
          if (!(e instanceof BpmnRunnerError)) throw e;
        }
      }
      fired += firedThisRound;
      if (firedThisRound === 0) break;
    }
    return fired;
  }

  private arm(atMs: number): void {
    if (this.closed || !this.core.clock.automatic || atMs >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = atMs;
    const delay = Math.max(0, Math.min(atMs - this.core.clock.now().getTime(), 2_147_483_647));
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.closed) return;
    try {
      await this.runDueJobs();
    } catch (e) {
      process.emitWarning(`bpmn-runner job loop: ${e instanceof Error ? e.message : String(e)}`);
    }
    let next = Number.POSITIVE_INFINITY;
    for (const j of this.core.index.jobs.values()) {
      if (!j.external && j.dueAt !== undefined) next = Math.min(next, Date.parse(j.dueAt));
    }
    next = Math.min(next, this.startTimers.nextDue());
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }

  async waitForCompletion(instanceId: string, timeoutMs: number | undefined): Promise<Instance> {
    await this.ready();
    return new Promise<Instance>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const offs: (() => void)[] = [];
      const done = (err: unknown, inst?: Instance): void => {
        for (const off of offs) off();
        if (timer) clearTimeout(timer);
        if (inst) resolve(inst);
        else reject(err);
      };
      for (const name of ['instance.completed', 'instance.failed', 'instance.terminated'] as const) {
        offs.push(this.core.bus.on(name, ({ instance }) => instance.id === instanceId && done(undefined, instance)));
      }
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => done(new TimeoutError(`instance ${instanceId} did not end within ${timeoutMs} ms`, { instanceId })), timeoutMs);
      }
      this.core.store.loadInstance(instanceId).then(
        (s) => {
          if (!s) done(new NotFoundError(`instance ${instanceId} not found`, { instanceId }));
          else if (TERMINAL.has(s.status)) done(undefined, toInstance(s));
        },
        (e: unknown) => done(e),
      );
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.core.mutex.drain();
    await this.core.disposeSandbox();
    await this.core.store.close();
  }
}
