/**
 * A Zeebe-style job worker: its own async loop that polls for jobs of one type, runs a handler and
 * reports back — complete with variables, or fail with one retry fewer (at 0 the engine raises an
 * incident). It talks to the engine only through fetchAndLock / completeExternalTask /
 * failExternalTask, so it could as well run in another process over the same store.
 */
import type { Engine, ExternalTask } from '../../src/index.js';

export interface JobWorkerOptions {
  type: string;
  workerId: string;
  handler: (job: ExternalTask) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
  /** Jobs locked per poll (Zeebe's maxJobsActive). */
  maxJobs?: number;
  lockDurationMs?: number;
  /** Pause between polls that found nothing. */
  pollIntervalMs?: number;
}

export interface JobWorker {
  readonly completed: number;
  readonly failed: number;
  /** Ends the loop after the poll in progress; resolves once it has. */
  close(): Promise<void>;
}

export function startJobWorker(engine: Engine, opts: JobWorkerOptions): JobWorker {
  let running = true;
  let completed = 0;
  let failed = 0;
  const loop = (async () => {
    while (running) {
      const jobs = await engine.fetchAndLock({
        workerId: opts.workerId,
        maxTasks: opts.maxJobs ?? 10,
        topics: [{ topic: opts.type, lockDurationMs: opts.lockDurationMs ?? 30_000 }],
      });
      // Jobs of one poll run concurrently, as a Zeebe worker runs its active jobs.
      await Promise.all(
        jobs.map(async (job) => {
          try {
            const variables = (await opts.handler(job)) ?? {};
            await engine.completeExternalTask(job.id, opts.workerId, variables);
            completed++;
          } catch (e) {
            failed++;
            // A job fetched for the first time may carry no retries yet; count from Zeebe's default 3.
            const retries = Math.max(0, (job.retries ?? 3) - 1);
            await engine.failExternalTask(job.id, opts.workerId, { message: e instanceof Error ? e.message : String(e), retries });
          }
        }),
      );
      if (jobs.length === 0) await new Promise((resolve) => setTimeout(resolve, opts.pollIntervalMs ?? 5));
    }
  })();
  return {
    get completed() {
      return completed;
    },
    get failed() {
      return failed;
    },
    close: async () => {
      running = false;
      await loop;
    },
  };
}
