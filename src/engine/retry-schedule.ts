import type { RetrySpec } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { JobState } from './state.js';
import { DEFAULT_RETRY_POLICY } from './types.js';

/**
 * After a failed attempt (`job.attempt` counts it already): how many attempts are left (set on the job)
 * and how long to wait before the next one. The element's cycle (Camunda 7 failedJobRetryTimeCycle,
 * Zeebe retries) wins over the engine's policy for the job's type.
 */
export function retryDelay(ctx: StepContext, job: JobState, cycle: RetrySpec | undefined): number {
  const policy = ctx.env.retryPolicyFor(job.type);
  const maxAttempts = cycle?.maxAttempts ?? policy.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts;
  job.retries = Math.max(0, maxAttempts - job.attempt);
  let delayMs: number;
  const intervals = cycle?.intervalsMs;
  if (intervals && intervals.length > 0) {
    delayMs = intervals[Math.min(job.attempt - 1, intervals.length - 1)]!;
  } else {
    delayMs = policy.firstRetryIntervalMs * Math.pow(policy.backoffCoefficient, job.attempt - 1);
    if (policy.maxRetryIntervalMs !== undefined) delayMs = Math.min(delayMs, policy.maxRetryIntervalMs);
  }
  if (policy.retryTimeoutMs !== undefined && job.firstAttemptAt !== undefined) {
    const elapsed = Date.parse(ctx.now) - Date.parse(job.firstAttemptAt);
    if (elapsed + delayMs > policy.retryTimeoutMs) job.retries = 0;
  }
  return delayMs;
}
