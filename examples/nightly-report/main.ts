/**
 * nightly-report — an Airflow-style scheduled pipeline: a DAG with `schedule="0 2 * * *"` whose tasks
 * call HTTP APIs and hand values to each other through XCom, and which can also be triggered by hand
 * (`airflow dags trigger --conf '{"reportDate": …}'`, e.g. to backfill a day).
 *
 * In BPMN: a timer start event with a (Quartz) cron cycle plus a none start event for the manual trigger;
 * the HTTP tasks are service tasks run by one generic `http` handler configured by `camunda:field`s;
 * values pass between tasks as process variables (`reportDate` → `sales` → `total`/`topRegion` → POST).
 * The HTTP server is a local stub on 127.0.0.1 (port 0), closed at the end. Time is a ManualClock:
 * the example moves it to 02:00 on two nights. The diagram is `nightly-report.bpmn` beside this file.
 */
import { fileURLToPath } from 'node:url';
import { Engine, ManualClock, type ServiceHandler } from '../../src/index.js';
import { defaultLog, pathOf, runIfMain, type ExampleOptions } from '../shared/example-kit.js';
import { startStubServer } from './stub-server.js';

export const DIAGRAM = fileURLToPath(new URL('./nightly-report.bpmn', import.meta.url));
const MINUTE = 60_000;

export interface ReportRun {
  trigger: 'schedule' | 'manual';
  startedAt: string;
  status: string;
  reportDate: unknown;
  total: unknown;
  topRegion: unknown;
  reportId: unknown;
}
export interface NightlyReportResult {
  /** Start timers that fired at 01:59 on the first night (none: it is not 02:00 yet). */
  firedBeforeTwo: number;
  runs: ReportRun[];
  /** What the stub server received by POST /reports. */
  published: Record<string, unknown>[];
}

/** One handler for every HTTP task; `path` may name variables as `{name}`, `body` lists the variables to send. */
function httpHandler(baseUrl: string): ServiceHandler {
  return async ({ headers, variables, signal }) => {
    const path = (headers.path ?? '/').replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(variables[name])));
    const method = headers.method ?? 'GET';
    const body = headers.body !== undefined ? JSON.stringify(Object.fromEntries(headers.body.split(',').map((n) => [n, variables[n]]))) : undefined;
    const res = await fetch(`${baseUrl}${path}`, { method, signal, ...(body !== undefined ? { body, headers: { 'content-type': 'application/json' } } : {}) });
    // A non-2xx answer throws: the engine retries the task, then raises an incident.
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
    return { [headers.resultVariable ?? 'response']: await res.json() };
  };
}

export async function run(opts: ExampleOptions = {}): Promise<NightlyReportResult> {
  const log = opts.log ?? defaultLog;
  const clock = opts.clock ?? new ManualClock(new Date('2026-06-01T00:00:00Z'));
  const server = await startStubServer();
  const engine = new Engine({ clock });
  try {
    engine.registerService('http', httpHandler(server.baseUrl));
    // The scheduled run reports on the day that just ended; a manual run may name its day.
    engine.registerService('reportDate', ({ variables }) => ({
      reportDate: typeof variables.reportDate === 'string' ? variables.reportDate : new Date(clock.now().getTime() - 24 * 60 * MINUTE).toISOString().slice(0, 10),
    }));
    await engine.deployFile(DIAGRAM);

    clock.set(new Date('2026-06-01T01:59:00Z'));
    const firedBeforeTwo = await engine.runDueTimers();
    log(`${clock.now().toISOString()} ${firedBeforeTwo} run(s) started`);
    for (const at of ['2026-06-01T02:00:00Z', '2026-06-02T02:00:00Z']) {
      clock.set(new Date(at));
      log(`${clock.now().toISOString()} ${await engine.runDueTimers()} run(s) started by the schedule`);
    }

    // Manual trigger with a parameter, Airflow's `dags trigger --conf`: backfill 15 May.
    clock.advance(3 * 60 * MINUTE);
    // Camunda 7 allows one none-or-timer start event per process, so the manual trigger is a message start.
    const { instanceIds } = await engine.correlateMessage('runReportNow', { variables: { reportDate: '2026-05-15' } });
    const manual = await engine.getInstance(instanceIds[0]!);
    log(`${clock.now().toISOString()} manual run for 2026-05-15: ${manual?.status}`);

    const { items } = await engine.listInstances({ processKey: 'nightly_report' });
    const runs: ReportRun[] = [];
    for (const i of items) {
      // Which start event it entered first tells the scheduled runs from the manual one.
      const [startEvent] = await pathOf(engine, i.id);
      runs.push({
        trigger: startEvent === 'RunNow' ? 'manual' : 'schedule',
        startedAt: i.startedAt,
        status: i.status,
        reportDate: i.variables.reportDate,
        total: i.variables.total,
        topRegion: i.variables.topRegion,
        reportId: (i.variables.published as { reportId?: string } | undefined)?.reportId,
      });
    }
    runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (const r of runs) log(`${r.trigger} run for ${String(r.reportDate)}: ${r.status}, total ${String(r.total)}, top ${String(r.topRegion)}, ${String(r.reportId)}`);
    return { firedBeforeTwo, runs, published: [...server.reports] };
  } finally {
    await engine.close();
    await server.close();
  }
}

runIfMain(import.meta.url, () => run());
