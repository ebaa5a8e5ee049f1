import { BpmnRunnerError, ConflictError } from '../errors/index.js';
import type { ClaimKey, ClaimedJob, ClaimedTimer, SharedStore } from '../store/shared-store.js';
import type { EngineCore } from './engine-core.js';
import { handledServiceTypes } from './external-tasks.js';
import type { JobExecutorOptions } from './types.js';
import { traceEvent } from '../store/postgres/query-trace.js';

/** The claim changed before we ran it (fired, rescheduled or removed by another process): nothing to do. */
class StaleClaim extends Error {}

const MAX_ROUNDS = 1000;
const NOTIFIED_MIN_GAP_MS = 10;

/**
 * The job loop when several engine processes share one store: due jobs and timers are claimed in the
 * database (FOR UPDATE SKIP LOCKED + a lease), so each runs in one process at a time; a process that
 * dies loses its leases after `lockDurationMs` and the others take the work over. The loop wakes when
 * this process stores work due, when another process notifies (LISTEN/NOTIFY), at the next due time it
 * read from the store, and every `pollIntervalMs` as a safety net. While a claimed job runs, its lease
 * is renewed, so a slow handler is not run a second time elsewhere.
 */
export class SharedJobLoop {
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Number.POSITIVE_INFINITY;
  private poller: NodeJS.Timeout | undefined;
  private heart: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private idle: Promise<void> = Promise.resolve();
  private closed = false;
  private lastHousekeeping = 0;
  private lastTickAt = Number.NEGATIVE_INFINITY;
  private lookAhead = true;
  /** Due times this process knows of beyond the armed one. */
  private readonly later = new DueTimes();
  private readonly held = new Map<string, ClaimKey>();
  private unlisten: (() => Promise<void>) | undefined;

  constructor(
    private readonly core: EngineCore,
    private readonly store: SharedStore,
    /** Start timers and deployments made elsewhere: looked at every poll interval, not every round. */
    private readonly housekeeping: () => Promise<number>,
    /** When the next start timer this process knows of falls due (ms; Infinity: none). */
    private readonly startTimersDueAt: () => number,
    opts: JobExecutorOptions = {},
  ) {
    this.pollMs = opts.pollIntervalMs ?? 2000;
    this.leaseMs = opts.lockDurationMs ?? 30_000;
    this.batch = opts.batchSize ?? 32;
    this.concurrency = opts.concurrency ?? 8;
  }

  /** On an automatic clock: listen, poll, renew leases, and look for work that fell due while down. */
  async start(): Promise<void> {
    if (!this.core.clock.automatic) return;
    this.unlisten = await this.store.listenForWork((e) => {
      if (e.kind === 'due') this.wakeAt(e.dueAt, true);
    });
    this.poller = setInterval(() => {
      this.lookAhead = true;
      this.wakeAt(undefined);
    }, this.pollMs);
    this.poller.unref?.();
    this.heart = setInterval(() => void this.renew(), Math.max(50, this.leaseMs / 3));
    this.heart.unref?.();
    this.wakeAt(undefined);
  }

  /** This process stored work due at `at`: run it then, and tell the other processes. */
  created(at: string): void {
    this.store.notifyWork({ kind: 'due', dueAt: at });
    this.wakeAt(at);
  }

  /**
   * Run the loop at `at` (undefined: now). A notification from another process is only a hint, and a
   * busy cluster sends many: those wake the loop at most once per NOTIFIED_MIN_GAP_MS.
   */
  private wakeAt(at: string | undefined, notified = false): void {
    if (this.closed || !this.core.clock.automatic) return;
    const now = this.core.clock.now().getTime();
    let ms = at === undefined ? now : Math.max(now, Date.parse(at));
    if (notified) ms = Math.max(ms, this.lastTickAt + NOTIFIED_MIN_GAP_MS);
    if (!(ms < this.timerAt)) {
      // Later than the wake-up already armed: remembered, armed after that one has run.
      if (ms > this.timerAt && !this.later.add(ms)) this.lookAhead = true;
      return;
    }
    if (this.timerAt < Number.POSITIVE_INFINITY && !this.later.add(this.timerAt)) this.lookAhead = true;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = ms;
    this.timer = setTimeout(() => void this.tick(), Math.min(ms - now, 2_147_483_647));
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    if (this.closed) return;
    this.lastTickAt = this.core.clock.now().getTime();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    let done!: () => void;
    this.idle = new Promise((r) => (done = r));
    try {
      do {
        this.again = false;
        await this.runDue(false).catch((e: unknown) => process.emitWarning(`bpmn-runner job loop: ${e instanceof Error ? e.message : String(e)}`));
      } while (this.again && !this.closed);
      // What falls due later: this process arms what it stores itself and hears of the others' work, so
      // the store is asked only at start and each poll interval (and that also finds expired leases).
      if (!this.closed && this.lookAhead) {
        this.lookAhead = false;
        await this.armNext();
      }
      // Times up to this tick's start were claimed by it; what fell due while it ran is armed now.
      const next = this.later.next(this.lastTickAt);
      if (next !== undefined) this.wakeAt(new Date(next).toISOString());
    } finally {
      this.running = false;
      done();
    }
    if (this.again) this.wakeAt(undefined);
  }

  private async armNext(): Promise<void> {
    try {
      const next = await this.store.nextDue(this.core.clock.now(), { handledTypes: handledServiceTypes(this.core) });
      if (next !== undefined) this.wakeAt(next);
      const timers = this.startTimersDueAt();
      if (timers < Number.POSITIVE_INFINITY) this.wakeAt(new Date(timers).toISOString());
    } catch {
      // the poll interval looks again
    }
  }

  /**
   * Claim and run everything due at the clock's now, round after round until a round fires nothing.
   * `runDueTimers()` calls it directly (manual clocks); housekeeping then always runs.
   */
  async runDue(always = true): Promise<number> {
    let fired = 0;
    const nowMs = this.core.clock.now().getTime();
    if (always || nowMs - this.lastHousekeeping >= this.pollMs || this.startTimersDueAt() <= nowMs) {
      this.lastHousekeeping = nowMs;
      fired += await this.housekeeping();
    }
    for (let round = 0; round < MAX_ROUNDS && !this.closed; round++) {
      const now = this.core.clock.now();
      const lease = { leaseMs: this.leaseMs };
      const [jobs, timers] = await Promise.all([
        this.store.dueJobs(now, this.batch, { ...lease, handledTypes: handledServiceTypes(this.core) }),
        this.store.dueTimers(now, this.batch, lease),
      ]);
      traceEvent(jobs.length === 0 && timers.length === 0 ? 'claim round, empty' : 'claim round, found work');
      if (jobs.length === 0 && timers.length === 0) break;
      const nowIso = now.toISOString();
      // Each claim comes highest priority first; timers and jobs then start in one such order (timers first on a tie).
      const work = [...timers.map((t) => ({ p: t.priority ?? 0, run: () => this.fireTimer(t, nowIso) })), ...jobs.map((j) => ({ p: j.priority ?? 0, run: () => this.fireJob(j, nowIso) }))]
        .sort((a, b) => b.p - a.p)
        .map((w) => w.run);
      const firedThisRound = await inParallel(work, this.concurrency);
      fired += firedThisRound;
      // A short batch took everything due: another round would come back empty. Work stored meanwhile
      // (by these very commands) has woken the loop again through created().
      // (runDueTimers on a manual clock has no such wake-up: it goes on until a round is empty.)
      if (firedThisRound === 0 || (!always && jobs.length < this.batch && timers.length < this.batch)) break;
    }
    return fired;
  }

  private fireJob(c: ClaimedJob, nowIso: string): Promise<boolean> {
    return this.runClaimed({ kind: 'job', instanceId: c.instanceId, id: c.jobId }, (s) => {
      const job = s.jobs.find((j) => j.id === c.jobId);
      if (!job || job.attempt !== c.attempt || (job.dueAt !== undefined && job.dueAt > nowIso) || s.incidents.some((i) => i.jobId === c.jobId)) {
        throw new StaleClaim();
      }
      return { type: 'fireDueJob', jobId: c.jobId };
    });
  }

  private fireTimer(c: ClaimedTimer, nowIso: string): Promise<boolean> {
    return this.runClaimed({ kind: 'timer', instanceId: c.instanceId, id: c.timerId }, (s) => {
      const timer = s.timers.find((t) => t.id === c.timerId);
      if (!timer || timer.dueAt > nowIso) throw new StaleClaim();
      return { type: 'fireTimer', timerId: c.timerId };
    });
  }

  /**
   * Run one claimed item. Its save changes or removes the row, which ends the lease by itself. A lost
   * race after a handler ran hands the claim back at once (the job is still due: it runs again); other
   * failures keep the lease, so the item is tried again only when it runs out.
   */
  private async runClaimed(key: ClaimKey, make: Parameters<EngineCore['command']>[1]): Promise<boolean> {
    const k = `${key.kind}\0${key.instanceId}\0${key.id}`;
    this.held.set(k, key);
    try {
      await this.core.command(key.instanceId, make);
      return true;
    } catch (e) {
      if (e instanceof StaleClaim || e instanceof ConflictError) {
        traceEvent(e instanceof StaleClaim ? 'stale claim' : 'claimed work lost a race');
        await this.store.releaseClaim(key.kind, key.instanceId, key.id).catch(() => false);
        return false;
      }
      if (e instanceof BpmnRunnerError) return false;
      throw e;
    } finally {
      this.held.delete(k);
    }
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    await this.store.extendClaims([...this.held.values()], this.core.clock.now(), this.leaseMs).catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    await this.idle;
    if (this.heart) clearInterval(this.heart);
    await this.unlisten?.().catch(() => {});
  }
}

/** Run `work` with at most `limit` at once; resolves to how many returned true. */
async function inParallel(work: (() => Promise<boolean>)[], limit: number): Promise<number> {
  let next = 0;
  let ok = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) if (await work[next++]!()) ok++;
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, work.length)) }, worker));
  return ok;
}

/**
 * Future due times, in order, without duplicates (to the millisecond). Bounded: past the bound a time
 * is not kept and the caller asks the store instead.
 */
class DueTimes {
  private readonly times: number[] = [];

  add(ms: number): boolean {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    if (this.times[lo] === ms) return true;
    if (this.times.length >= 10_000) return false;
    this.times.splice(lo, 0, ms);
    return true;
  }

  /** Drop the times up to `now` (their work was claimed at `now`) and give the first after it. */
  next(now: number): number | undefined {
    let i = 0;
    while (i < this.times.length && this.times[i]! <= now) i++;
    if (i > 0) this.times.splice(0, i);
    return this.times[0];
  }
}
