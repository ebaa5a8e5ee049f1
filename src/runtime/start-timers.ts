import { BpmnRunnerError, ConflictError } from '../errors/index.js';
import { checkedPriority } from '../engine/job-priority.js';
import { planCycle, planTimer } from '../engine/timer-schedule.js';
import type { SharedStore } from '../store/shared-store.js';
import type { StoredDeployment, StartTimerState } from '../store/types.js';
import type { EngineCore } from './engine-core.js';
import type { DeployedVersion } from './registry.js';

/**
 * Timer start events belong to a deployment, not an instance: their next due time is kept in the
 * deployment record, so a restarted engine fires what fell due while it was down — once, because the
 * record is saved with the next due time before the instance it started is reported.
 * Only the latest version of a process keeps its start timers, as in Camunda.
 */
export class StartTimers {
  private readonly deployments = new Map<string, StoredDeployment>();

  constructor(private readonly core: EngineCore) {}

  /** Remember a stored deployment (at open, and after each deploy). */
  track(d: StoredDeployment): void {
    this.deployments.set(d.id, d);
  }

  /** Plan the timer start events of freshly deployed versions; drop older versions' timers. */
  plan(versions: DeployedVersion[]): StartTimerState[] {
    const now = this.core.clock.now().toISOString();
    const timers: StartTimerState[] = [];
    for (const v of versions) {
      const spec = v.prepared.spec;
      for (const id of spec.childIds) {
        const el = spec.elements[id];
        if (el?.kind !== 'startEvent') continue;
        // No instance exists yet: a priority expression sees no variables (Camunda evaluates it without an execution).
        const priorityExpr = el.jobPriority ?? spec.jobPriority;
        const priority = priorityExpr ? checkedPriority(priorityExpr.evaluate({}), `jobPriority of ${id}`) : 0;
        for (const def of el.eventDefinitions) {
          if (def.type !== 'timer') continue;
          const p = planTimer(def, now, spec.flavour, (e) => e.evaluate({}));
          timers.push({
            processKey: v.prepared.key, version: v.prepared.version, elementId: id, dueAt: p.dueAt,
            ...(p.repeat !== undefined ? { repeat: p.repeat } : {}), ...(p.cycle !== undefined ? { cycle: p.cycle } : {}), ...(priority !== 0 ? { priority } : {}),
          });
        }
      }
    }
    return timers;
  }

  /** Older deployments lose the start timers of keys that `latest` now owns. */
  async supersede(latest: StoredDeployment): Promise<void> {
    const keys = new Set(latest.processes.map((p) => p.key));
    const shared = this.core.shared;
    if (shared) await this.refreshShared(shared);
    for (const d of this.deployments.values()) {
      if (d.id === latest.id || !d.startTimers?.some((t) => keys.has(t.processKey))) continue;
      const kept = d.startTimers.filter((t) => !keys.has(t.processKey));
      const next: StoredDeployment = { ...d, startTimers: kept };
      if (shared) {
        await this.dropShared(shared, d.id, keys);
        continue;
      }
      await this.core.store.saveDeployment(next);
      this.deployments.set(d.id, next);
    }
  }

  /** A compare-and-set, so that a firing by another process meanwhile is not written back over. */
  private async dropShared(store: SharedStore, deploymentId: string, keys: ReadonlySet<string>): Promise<void> {
    for (let tries = 0; tries < 10; tries++) {
      const d = this.deployments.get(deploymentId)!;
      const current = d.startTimers ?? [];
      const kept = current.filter((t) => !keys.has(t.processKey));
      if (await store.replaceStartTimers(deploymentId, current, kept)) {
        this.deployments.set(deploymentId, { ...d, startTimers: kept });
        return;
      }
      await this.refreshShared(store);
    }
    throw new ConflictError(`start timers of deployment ${deploymentId} kept changing underneath; deploy again`);
  }

  nextDue(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const d of this.deployments.values()) for (const t of d.startTimers ?? []) next = Math.min(next, Date.parse(t.dueAt));
    return next;
  }

  /** The distinct priorities of the start timers due at the clock's now, highest first. */
  duePriorities(): number[] {
    const now = this.core.clock.now().getTime();
    const seen = new Set<number>();
    for (const d of this.deployments.values()) for (const t of d.startTimers ?? []) if (Date.parse(t.dueAt) <= now) seen.add(t.priority ?? 0);
    return [...seen].sort((a, b) => b - a);
  }

  /**
   * Start an instance for every start timer due at the clock's now (of that `priority` only, when given,
   * so that the job loop can put them in line with instance jobs). Returns how many fired.
   */
  async fireDue(priority?: number): Promise<number> {
    if (this.core.shared) return this.fireDueShared(this.core.shared);
    const now = this.core.clock.now();
    const fires = (t: StartTimerState): boolean => Date.parse(t.dueAt) <= now.getTime() && (priority === undefined || (t.priority ?? 0) === priority);
    let fired = 0;
    for (const d of [...this.deployments.values()]) {
      const timers = d.startTimers ?? [];
      if (!timers.some(fires)) continue;
      const { remaining, due } = this.split(timers, now, fires);
      const next: StoredDeployment = { ...d, startTimers: remaining };
      // Saved first: a crash after this point loses at most this firing, never repeats it.
      await this.core.store.saveDeployment(next);
      this.deployments.set(d.id, next);
      fired += await this.start(due);
    }
    return fired;
  }

  /**
   * Every process sees the same start timers fall due; the one whose compare-and-set on the stored
   * timers succeeds fires them, the others find the next due times in the store instead.
   */
  private async fireDueShared(store: SharedStore): Promise<number> {
    const now = this.core.clock.now();
    let fired = 0;
    for (const { deploymentId, startTimers } of await store.loadStartTimers()) {
      const d = this.deployments.get(deploymentId);
      if (d) this.deployments.set(deploymentId, { ...d, startTimers });
      if (!startTimers.some((t) => Date.parse(t.dueAt) <= now.getTime())) continue;
      const { remaining, due } = this.split(startTimers, now);
      if (!(await store.replaceStartTimers(deploymentId, startTimers, remaining))) continue;
      if (d) this.deployments.set(deploymentId, { ...d, startTimers: remaining });
      fired += await this.start(due);
    }
    return fired;
  }

  /** Reload every tracked deployment's start timers (before rewriting records another process may have fired). */
  async refreshShared(store: SharedStore): Promise<void> {
    const fresh = new Map((await store.loadStartTimers()).map((x) => [x.deploymentId, x.startTimers]));
    for (const [id, d] of this.deployments) this.deployments.set(id, { ...d, startTimers: fresh.get(id) ?? [] });
  }

  private split(timers: StartTimerState[], now: Date, fires = (t: StartTimerState): boolean => Date.parse(t.dueAt) <= now.getTime()): { remaining: StartTimerState[]; due: StartTimerState[] } {
    const remaining: StartTimerState[] = [];
    const due: StartTimerState[] = [];
    for (const t of timers) {
      if (!fires(t)) {
        remaining.push(t);
        continue;
      }
      due.push(t);
      if (t.cycle !== undefined && t.repeat !== 0) {
        const version = this.core.registry.find(t.processKey, t.version);
        const next = planCycle(t.cycle, new Date(t.dueAt), version?.flavour ?? 'bpmn', t.repeat !== undefined && t.repeat >= 0 ? t.repeat : -1);
        remaining.push({ ...t, dueAt: next.dueAt, ...(next.repeat !== undefined ? { repeat: next.repeat } : {}) });
      }
    }
    return { remaining, due };
  }

  private async start(due: StartTimerState[]): Promise<number> {
    let fired = 0;
    for (const t of due) {
      const version = this.core.registry.find(t.processKey, t.version);
      if (!version) continue;
      try {
        await this.core.create(version, {}, { type: 'start', startEventId: t.elementId });
        fired++;
      } catch (e) {
        if (!(e instanceof BpmnRunnerError)) throw e;
        process.emitWarning(`timer start event ${t.elementId} of ${t.processKey}: ${e.message}`);
      }
    }
    return fired;
  }
}
