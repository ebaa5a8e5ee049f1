import { Cron } from 'croner';
import { ExpressionError } from '../errors/index.js';
import type { Flavour, TimerDefinition } from '../spec/types.js';

/** A timer's next due time and, for cycles, what is left to repeat. Pure: `now` comes in. */
export interface TimerPlan {
  dueAt: string;
  /** Remaining firings after this one (`-1` = unbounded). Absent for one-shot timers. */
  repeat?: number;
  /** The evaluated cycle text, kept to compute the following due time. */
  cycle?: string;
}

const DURATION = /^(-)?P(?:(\d+(?:[.,]\d+)?)Y)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** ISO 8601 duration added to `from` (calendar-aware for years and months, like java.time). */
export function addDuration(from: Date, text: string): Date {
  const m = DURATION.exec(text.trim());
  if (!m || text.trim() === 'P' || /T$/.test(text.trim())) throw new ExpressionError(`"${text}" is not an ISO 8601 duration (e.g. PT5M, P1DT2H)`);
  const n = (i: number): number => (m[i] ? Number(m[i]!.replace(',', '.')) : 0);
  const sign = m[1] ? -1 : 1;
  const d = new Date(from.getTime());
  if (n(2) || n(3)) d.setUTCMonth(d.getUTCMonth() + sign * (n(2) * 12 + n(3)));
  const ms = (n(4) * 7 * 86400 + n(5) * 86400 + n(6) * 3600 + n(7) * 60 + n(8)) * 1000;
  return new Date(d.getTime() + sign * ms);
}

export function parseDate(text: string): Date {
  const t = text.trim();
  // A date-time without offset is taken as UTC: the engine has no local zone (it must be deterministic).
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t}Z` : t;
  const d = new Date(withZone);
  if (!/^\d{4}-\d{2}-\d{2}/.test(t) || Number.isNaN(d.getTime())) throw new ExpressionError(`"${text}" is not an ISO 8601 date-time`);
  return d;
}

function asText(v: unknown, what: string): string {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  throw new ExpressionError(`timer ${what} evaluated to ${v === null ? 'null' : typeof v}, expected text`);
}

/** Plan the first firing of a timer definition; `evaluate` resolves its expression. */
export function planTimer(def: TimerDefinition, now: string, flavour: Flavour, evaluate: (e: NonNullable<TimerDefinition['timeDate']>) => unknown): TimerPlan {
  const from = new Date(now);
  if (def.timeDate) return { dueAt: parseDate(asText(evaluate(def.timeDate), 'date')).toISOString() };
  if (def.timeDuration) return { dueAt: addDuration(from, asText(evaluate(def.timeDuration), 'duration')).toISOString() };
  if (def.timeCycle) {
    const cycle = asText(evaluate(def.timeCycle), 'cycle');
    return planCycle(cycle, from, flavour, undefined);
  }
  throw new ExpressionError('timer has no timeDate, timeDuration or timeCycle');
}

/**
 * A cycle: ISO repeating interval `R[n]/[start/]duration` (or `R[n]/duration/end`), or a cron
 * expression (Camunda 7: Quartz with seconds first; Camunda 8: Spring-style 6 fields).
 * `remaining` is the count left from an earlier firing.
 */
export function planCycle(cycle: string, from: Date, flavour: Flavour, remaining: number | undefined): TimerPlan {
  if (/^R\d*\//.test(cycle)) {
    const [r, a, b] = cycle.split('/');
    const total = r === 'R' ? -1 : Number(r!.slice(1));
    const left = remaining ?? total;
    if (left === 0) throw new ExpressionError(`cycle ${cycle} has no repetitions left`);
    let due: Date;
    if (b !== undefined && a!.startsWith('P')) due = addDuration(from, a!); // R/duration/end
    else if (b !== undefined) {
      // R/start/duration: first at start, then every duration.
      const start = parseDate(a!);
      due = remaining === undefined && start.getTime() >= from.getTime() ? start : addDuration(remaining === undefined ? start : from, b);
      while (remaining === undefined && due.getTime() < from.getTime()) due = addDuration(due, b);
    } else due = addDuration(from, a!);
    return { dueAt: due.toISOString(), repeat: left < 0 ? -1 : left - 1, cycle };
  }
  const next = cronNext(cycle, from, flavour);
  return { dueAt: next.toISOString(), repeat: -1, cycle };
}

function cronNext(expr: string, from: Date, flavour: Flavour): Date {
  let fields = expr.trim().split(/\s+/);
  if (fields.length === 7) {
    if (fields[6] !== '*' && fields[6] !== '?') throw new ExpressionError(`cron year field "${fields[6]}" is not supported`);
    fields = fields.slice(0, 6);
  }
  if (fields.length !== 6) throw new ExpressionError(`"${expr}" is neither an ISO 8601 cycle (R3/PT10S) nor a 6-field cron expression`);
  // Quartz '?' means "no specific value"; croner would read it as "now".
  fields = fields.map((f) => (f === '?' ? '*' : f));
  // Quartz numbers weekdays 1-7 from Sunday; croner 0-6 from Sunday.
  if (flavour !== 'camunda8') fields[5] = fields[5]!.replace(/(?<!#)\b\d+/g, (d) => String(Number(d) - 1));
  let cron: Cron;
  try {
    cron = new Cron(fields.join(' '), { timezone: 'UTC', legacyMode: true });
  } catch (e) {
    throw new ExpressionError(`cron "${expr}": ${e instanceof Error ? e.message : String(e)}`);
  }
  const next = cron.nextRun(from);
  if (!next) throw new ExpressionError(`cron "${expr}" never fires after ${from.toISOString()}`);
  return next;
}
