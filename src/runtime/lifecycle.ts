import { InvalidStateError, NotFoundError, TimeoutError } from '../errors/index.js';
import type { InstanceStatus } from '../engine/state.js';
import { Deployments } from './deployments.js';
import type { EngineCore } from './engine-core.js';
import { toInstance } from './instance-view.js';
import { LocalJobLoop } from './local-job-loop.js';
import { SharedJobLoop } from './shared-job-loop.js';
import { StartTimers } from './start-timers.js';
import type { Deployment, Instance } from './types.js';

const TERMINAL: ReadonlySet<InstanceStatus> = new Set(['COMPLETED', 'TERMINATED', 'FAILED']);

/**
 * Opening and closing the engine, lifecycle commands, and the choice of job loop that fires due jobs
 * (async continuations, retry back-offs) — by itself on an automatic clock, through `runDueTimers()`
 * on a manual one.
 */
export class Lifecycle {
  private closed = false;
  private readonly startTimers: StartTimers;
  /** The job loop when other processes share the store (claims in the database instead of the index). */
  private loop: SharedJobLoop | undefined;
  /** The job loop otherwise; it stays idle once `loop` is set. */
  private readonly local: LocalJobLoop;
  private readonly deployments: Deployments;

  constructor(
    private readonly core: EngineCore,
    private readonly ready: () => Promise<void>,
  ) {
    this.startTimers = new StartTimers(core);
    this.local = new LocalJobLoop(core, this.startTimers);
    this.deployments = new Deployments(core, this.startTimers, (atMs) => this.arm(atMs));
  }

  async open(): Promise<void> {
    await this.core.store.open();
    await this.deployments.adoptAll(await this.core.store.loadDeployments());
    const shared = this.core.shared;
    if (shared) {
      // Nothing to index: every read goes to the store. Work due while no engine ran is found by the loop.
      this.core.onUnknownVersion = () => this.deployments.sync();
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

  /** Every poll interval of the shared job loop: deployments made elsewhere, then due start timers. */
  private async housekeeping(): Promise<number> {
    await this.deployments.sync();
    return this.startTimers.fireDue();
  }

  deploy(xml: string, name: string | undefined): Promise<Deployment> {
    return this.deployments.deploy(xml, name);
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
