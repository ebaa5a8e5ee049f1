import { randomUUID } from 'node:crypto';
import { InvalidStateError, NotFoundError, StoreError, TimeoutError } from '../errors/index.js';
import type { InstanceStatus } from '../engine/state.js';
import { assertRunnable } from '../engine/capabilities.js';
import { parseDefinitions } from '../parse/index.js';
import type { DefinitionsSpec } from '../spec/types.js';
import { isDmn } from './decision-registry.js';
import { EngineCore } from './engine-core.js';
import { toInstance } from './instance-view.js';
import { LocalJobLoop } from './local-job-loop.js';
import { SharedJobLoop } from './shared-job-loop.js';
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
  private closed = false;
  private readonly startTimers: StartTimers;
  /** The job loop when other processes share the store (claims in the database instead of the index). */
  private loop: SharedJobLoop | undefined;
  /** The job loop otherwise; it stays idle once `loop` is set. */
  private readonly local: LocalJobLoop;
  /** Deployments this process has registered, by id (a shared store may hold more: see syncDeployments). */
  private readonly known = new Set<string>();
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly core: EngineCore,
    private readonly ready: () => Promise<void>,
  ) {
    this.startTimers = new StartTimers(core);
    this.local = new LocalJobLoop(core, this.startTimers);
  }

  async open(): Promise<void> {
    await this.core.store.open();
    await this.adoptAll(await this.core.store.loadDeployments());
    const shared = this.core.shared;
    if (shared) {
      // Nothing to index: every read goes to the store. Work due while no engine ran is found by the loop.
      this.core.onUnknownVersion = () => this.syncDeployments();
      this.loop = new SharedJobLoop(this.core, shared, () => this.housekeeping(), () => this.startTimers.nextDue(), this.core.opts.jobExecutor);
      this.core.onDue = (at) => this.loop!.created(at);
      await this.loop.start();
      return;
    }
    for (const s of await this.core.store.loadAllInstances()) this.core.refreshIndex(s);
    this.core.onDue = (at) => this.arm(Date.parse(at));
    // Jobs that fell due while no engine ran fire now (durable timers / retries / continuations).
    if (this.core.clock.automatic) this.arm(Math.min(this.core.clock.now().getTime(), this.startTimers.nextDue()));
  }

  /** Register stored deployments not known yet, oldest first. */
  private async adoptAll(deployments: StoredDeployment[]): Promise<void> {
    deployments.sort((a, b) => (a.deployedAt < b.deployedAt ? -1 : a.deployedAt > b.deployedAt ? 1 : 0));
    for (const d of deployments) {
      if (this.known.has(d.id)) continue;
      // The stored text must still be what was deployed: an edited file would silently change
      // what running instances execute.
      if (EngineCore.hash(d.source) !== d.hash) {
        throw new StoreError(`stored deployment ${d.id} (${d.name ?? 'unnamed'}) was changed on disk: its content no longer matches its hash`);
      }
      this.known.add(d.id);
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
  }

  /** Shared store: register what other processes deployed since we looked (one cheap query when nothing is new). */
  private syncDeployments(): Promise<void> {
    const shared = this.core.shared;
    if (!shared) return Promise.resolve();
    this.syncing ??= (async () => {
      try {
        const ids = await shared.deploymentIds();
        if (ids.some((id) => !this.known.has(id))) await this.adoptAll(await shared.loadDeployments());
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /** Every poll interval of the shared job loop: deployments made elsewhere, then due start timers. */
  private async housekeeping(): Promise<number> {
    await this.syncDeployments();
    return this.startTimers.fireDue();
  }

  /**
   * A deploy on a shared store runs under a lock across processes, after loading their deployments:
   * engines that deploy the same folder at boot must agree on versions, not each make version 1.
   */
  private deployLocked<T>(work: () => Promise<T>): Promise<T> {
    const shared = this.core.shared;
    if (!shared) return work();
    return shared.withLock('deploy', async () => {
      await this.syncDeployments();
      return work();
    });
  }

  async deploy(xml: string, name: string | undefined): Promise<Deployment> {
    if (isDmn(xml)) return this.deployDecisions(xml, name);
    const defs = await parseRunnable(xml, name);
    const hash = EngineCore.hash(xml);
    return this.core.mutex.run('\0deploy', () => this.deployLocked(async () => {
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
      this.known.add(id);
      this.startTimers.track(record);
      await this.startTimers.supersede(record);
      if (timers.length > 0) this.arm(this.startTimers.nextDue());
      return { id, ...(name !== undefined ? { name } : {}), processes };
    }));
  }

  /** A DMN file: its decisions are compiled now and versioned like processes. */
  private async deployDecisions(xml: string, name: string | undefined): Promise<Deployment> {
    const compiled = this.core.decisions.parse(xml, name);
    const hash = EngineCore.hash(xml);
    return this.core.mutex.run('\0deploy', () => this.deployLocked(async () => {
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
      this.known.add(id);
      this.core.decisions.register(compiled, hash, id, plan);
      return { id, ...(name !== undefined ? { name } : {}), processes: [], decisions: plan };
    }));
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

  /** Fire internal jobs due at the clock's now: claimed in the store when it is shared, from the index otherwise. */
  async runDueJobs(): Promise<number> {
    if (this.loop) return this.loop.runDue();
    return this.local.runDue();
  }

  private arm(atMs: number): void {
    if (this.loop) {
      if (atMs < Number.POSITIVE_INFINITY) this.loop.created(new Date(atMs).toISOString());
      return;
    }
    this.local.arm(atMs);
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
      let settled = false;
      offs.push(() => (settled = true));
      // On a shared store the instance may end in another process, whose events never reach this bus:
      // look at the store again, less and less often (50 ms up to 1 s).
      const look = (delayMs: number): void => {
        this.core.store.loadInstance(instanceId).then(
          (s) => {
            if (!s) done(new NotFoundError(`instance ${instanceId} not found`, { instanceId }));
            else if (TERMINAL.has(s.status)) done(undefined, toInstance(s));
            else if (this.core.shared && !settled && !this.closed) setTimeout(() => !settled && look(Math.min(delayMs * 2, 1000)), delayMs);
          },
          (e: unknown) => done(e),
        );
      };
      look(50);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.local.close();
    await this.loop?.close();
    await this.core.mutex.drain();
    await this.core.disposeSandbox();
    await this.core.store.close();
  }
}
