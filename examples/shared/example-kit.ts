/**
 * What every example shares: its options (an injected clock and logger, so a test can drive time and
 * keep the console quiet) and the "run me as a script" check that lets `npx tsx examples/x/main.ts` work.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ManualClock } from '../../src/index.js';

export type Log = (line: string) => void;

export interface ExampleOptions {
  /** Examples where time matters move this clock themselves; without one they make their own. */
  clock?: ManualClock;
  /** Where the narration goes; default console.log. */
  log?: Log;
}

export const defaultLog: Log = (line) => console.log(line);

/** True when `moduleUrl` is the file node was asked to run (not imported by a test or by run.ts). */
export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Runs an example's `run()` when its file is the entry point, printing the result as JSON. */
export function runIfMain(moduleUrl: string, run: () => Promise<unknown>): void {
  if (!isMain(moduleUrl)) return;
  run().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/** The elements an instance entered, in order: how the examples show the path taken. */
export async function pathOf(engine: { history(id: string): Promise<{ type: string; elementId?: string }[]> }, instanceId: string): Promise<string[]> {
  return (await engine.history(instanceId)).filter((h) => h.type === 'element.entered').map((h) => h.elementId ?? '');
}
