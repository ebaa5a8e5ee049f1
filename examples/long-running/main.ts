/**
 * long-running — query a workflow while it runs, cancel it, and let the running activity see the
 * cancellation: Temporal's query handlers, `handle.cancel()`/`terminate()` and an activity's
 * cancellation signal (`Context.current().cancellationSignal`) for cleanup.
 *
 * The import runs one service call per batch. Between batches the example queries the instance
 * (status, where it is, rows imported so far); while batch "b2" is in flight it terminates the instance.
 * The handler's `signal` aborts, the handler rolls back its half-written batch and rejects. The
 * diagram is `long-running.bpmn` beside this file; the batches "take" as long as the example says
 * (each waits for a gate the example opens), so the run is deterministic.
 */
import { fileURLToPath } from 'node:url';
import { Engine, ManualClock, type InstanceStatus } from '../../src/index.js';
import { defaultLog, runIfMain, type ExampleOptions } from '../shared/example-kit.js';

export const DIAGRAM = fileURLToPath(new URL('./long-running.bpmn', import.meta.url));
export const BATCHES = ['b1', 'b2', 'b3'];

export interface LongRunningResult {
  /** What a query saw while batch b2 was running. */
  query: { status: InstanceStatus; activeElementIds: string[]; rowsImported: unknown };
  final: { status: InstanceStatus; rowsImported: unknown };
  /** Batches whose handler saw its AbortSignal fire while it ran, and rolled back. */
  rolledBack: string[];
  /** Calls the engine made to the handler after the abort, with the signal already aborted. */
  callsAfterAbort: number;
  /** Batches that finished. */
  completedBatches: string[];
  historyTypes: string[];
}

export async function run(opts: ExampleOptions = {}): Promise<LongRunningResult> {
  const log = opts.log ?? defaultLog;
  const engine = new Engine({ clock: opts.clock ?? new ManualClock() });
  const gates = new Map<string, () => void>();
  let announce: (batch: string) => void = () => {};
  const nextCall = () => new Promise<string>((resolve) => (announce = resolve));
  const rolledBack: string[] = [];
  const completedBatches: string[] = [];
  let callsAfterAbort = 0;

  engine.registerService('importBatch', ({ variables, signal }) => {
    const batch = String(variables.batch);
    if (signal.aborted) {
      callsAfterAbort++;
      throw signal.reason;
    }
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      // Cancellation handler: undo what this batch wrote so far, then give up.
      signal.addEventListener('abort', () => {
        rolledBack.push(batch);
        log(`importBatch ${batch}: cancelled (${String((signal.reason as Error).message)}), rolled back`);
        reject(signal.reason);
      });
      gates.set(batch, () => {
        completedBatches.push(batch);
        resolve({ rowsImported: Number(variables.rowsImported ?? 0) + 1000 });
      });
      announce(batch);
    });
  });

  try {
    await engine.deployFile(DIAGRAM);
    let running = nextCall();
    const started = await engine.start('long_import', { instanceId: 'import-42', variables: { batches: BATCHES } });
    log(`started ${started.id}: ${started.status}, waiting at ${started.activeElementIds.join()}`);

    // The job loop picks up the asynchronous continuation and runs the batches.
    const jobs = engine.runDueTimers();
    log(`batch ${await running} running`);
    running = nextCall();
    gates.get('b1')!();
    log(`batch ${await running} running`);

    const seen = (await engine.getInstance('import-42'))!;
    const query = { status: seen.status, activeElementIds: seen.activeElementIds, rowsImported: seen.variables.rowsImported };
    log(`query: ${query.status} at ${query.activeElementIds.join()}, ${String(query.rowsImported)} rows so far`);

    const ended = await engine.terminate('import-42', 'operator cancelled the import');
    await jobs;
    log(`terminated: ${ended.status}`);
    const historyTypes = (await engine.history('import-42')).map((h) => h.type);
    return {
      query,
      final: { status: ended.status, rowsImported: ended.variables.rowsImported },
      rolledBack,
      callsAfterAbort,
      completedBatches,
      historyTypes,
    };
  } finally {
    await engine.close();
  }
}

runIfMain(import.meta.url, () => run());
