import { BpmnRunnerError } from '../errors/index.js';
import type { EngineCore } from './engine-core.js';
import { byPriorityThenDue } from './runtime-index.js';
import type { StartTimers } from './start-timers.js';

/**
 * The job loop of an engine that owns its store: due jobs come from the in-memory index, and one
 * Node timer is armed for the earliest of them (on an automatic clock only).
 */
export class LocalJobLoop {
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly core: EngineCore,
    private readonly startTimers: StartTimers,
  ) {}

  /**
   * Fire every internal job due at the clock's now, repeatedly, until none is left due: highest priority
   * first, then the longest due. Start timers take their place in that order by their own priority
   * (before instance work of the same priority), in the first round only.
   */
  async runDue(): Promise<number> {
    let fired = 0;
    for (let round = 0; round < 1000; round++) {
      const now = this.core.clock.now().toISOString();
      const due = [...this.core.index.jobs.values()].filter((j) => !j.external && (j.dueAt === undefined || j.dueAt <= now)).sort(byPriorityThenDue);
      const starts = round === 0 ? this.startTimers.duePriorities() : [];
      let s = 0;
      let firedThisRound = 0;
      for (const j of due) {
        while (s < starts.length && starts[s]! >= (j.priority ?? 0)) firedThisRound += await this.startTimers.fireDue(starts[s++]);
        try {
          await this.core.command(j.instanceId, j.kind === 'timer' ? { type: 'fireTimer', timerId: j.jobId } : { type: 'fireDueJob', jobId: j.jobId });
          firedThisRound++;
        } catch (e) {
          // Gone meanwhile, or the instance is suspended: its job waits for resume.
          if (!(e instanceof BpmnRunnerError)) throw e;
        }
      }
      while (s < starts.length) firedThisRound += await this.startTimers.fireDue(starts[s++]);
      fired += firedThisRound;
      if (firedThisRound === 0) break;
    }
    return fired;
  }

  arm(atMs: number): void {
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
      await this.runDue();
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

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
