import type { RetrySpec } from '../spec/types.js';

const DURATION = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;
// Years and months have no fixed length; for a retry delay 365 and 30 days are close enough.
const UNIT_MS = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000];

/** ISO 8601 duration (`PT10S`, `P1DT2H`) in ms, or undefined when it is not one. */
export function isoDurationMs(text: string): number | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || /T$/i.test(text.trim())) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const v = m[i + 1];
    if (v !== undefined) ms += Number(v) * (UNIT_MS[i] as number);
  }
  return Math.round(ms);
}

/**
 * `camunda:failedJobRetryTimeCycle`: `R3/PT10S` or a comma list `PT1M,PT5M,PT10M`.
 * Camunda 7 sets a job's retries to the repeat count at its first failure and counts the failed first
 * execution against it, so `R3/PT10S` is 3 executions in all. A list gives one delay per retry, so a
 * list of n durations is n + 1 executions. Expressions (`${…}`) are kept as source only: the engine's
 * default policy applies.
 */
export function parseRetryCycle(source: string): RetrySpec | undefined {
  const text = source.trim();
  if (text === '') return undefined;
  if (/[$#]\{/.test(text)) return { source: text };
  const repeat = /^R(\d+)\/(.+)$/i.exec(text);
  if (repeat) {
    const interval = isoDurationMs(repeat[2] as string);
    if (interval === undefined) return undefined;
    return { maxAttempts: Number(repeat[1]), intervalsMs: [interval], source: text };
  }
  const intervals = text.split(',').map((p) => isoDurationMs(p));
  if (intervals.some((i) => i === undefined)) return undefined;
  return { maxAttempts: intervals.length + 1, intervalsMs: intervals as number[], source: text };
}
