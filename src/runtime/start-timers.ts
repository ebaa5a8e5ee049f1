import { BpmnRunnerError } from '../errors/index.js';
import { planCycle, planTimer } from '../engine/timer-schedule.js';
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
        for (const def of el.eventDefinitions) {
          if (def.type !== 'timer') continue;
          const p = planTimer(def, now, spec.flavour, (e) => e.evaluate({}));
          timers.push({ processKey: v.prepared.key, version: v.prepared.version, elementId: id, dueAt: p.dueAt, ...(p.repeat !== undefined ? { repeat: p.repeat } : {}), ...(p.cycle !== undefined ? { cycle: p.cycle } : {}) });
        }
      }
    }
    return timers;
  }

  /** Older deployments lose the start timers of keys that `latest` now owns. */
  async supersede(latest: StoredDeployment): Promise<void> {
    const keys = new Set(latest.processes.map((p) => p.key));
    for (const d of this.deployments.values()) {
      if (d.id === latest.id || !d.startTimers?.some((t) => keys.has(t.processKey))) continue;
      const kept = d.startTimers.filter((t) => !keys.has(t.processKey));
      const next: StoredDeployment = { ...d, startTimers: kept };
      await this.core.store.saveDeployment(next);
      this.deployments.set(d.id, next);
    }
  }

  nextDue(): number {
    let next = Number.POSITIVE_INFINITY;
    for (const d of this.deployments.values()) for (const t of d.startTimers ?? []) next = Math.min(next, Date.parse(t.dueAt));
    return next;
  }

  /** Start an instance for every start timer due at the clock's now. Returns how many fired. */
  async fireDue(): Promise<number> {
    const now = this.core.clock.now();
    let fired = 0;
    for (const d of [...this.deployments.values()]) {
      const timers = d.startTimers ?? [];
      if (!timers.some((t) => Date.parse(t.dueAt) <= now.getTime())) continue;
      const remaining: StartTimerState[] = [];
      const due: StartTimerState[] = [];
      for (const t of timers) {
        if (Date.parse(t.dueAt) > now.getTime()) {
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
      const next: StoredDeployment = { ...d, startTimers: remaining };
      // Saved first: a crash after this point loses at most this firing, never repeats it.
      await this.core.store.saveDeployment(next);
      this.deployments.set(d.id, next);
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
    }
    return fired;
  }
}
