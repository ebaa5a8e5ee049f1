/** What each engine adapter offers the scenarios; both adapters run the same diagrams and check outcomes. */

export type ImplName = 'bpmn-runner' | 'bpmn-engine';

/**
 * A scenario run calls `begin()` right before its timed part; work before that (preparing waiting
 * instances, writing a store) is setup and not timed.
 */
export interface Timing {
  begin(): void;
}

export interface Impl {
  readonly name: ImplName;
  /** start → 3 sync service tasks → end, n instances one after the other. */
  seq(n: number, t: Timing): Promise<void>;
  /** n instances waiting on a user task, then every task completed. */
  user(n: number, t: Timing): Promise<void>;
  /** parallel fork, 5 service branches, join. */
  fanout(n: number, t: Timing): Promise<void>;
  /** exclusive-gateway loop around a service task, `iterations` passes per instance. */
  loop(n: number, iterations: number, t: Timing): Promise<void>;
  /** n waiting instances: export, JSON text, import elsewhere, complete. Returns bytes of one snapshot. */
  snapshot(n: number, t: Timing): Promise<{ snapshotBytes: number }>;
  /** parallel multi-instance service task with `branches` instances of the body. */
  multiInstance(n: number, branches: number, t: Timing): Promise<void>;
  /** seq with each instance persisted in `dir`, at most `concurrency` instances in flight. */
  durableSeq(n: number, dir: string, t: Timing, concurrency: number): Promise<void>;
  /**
   * untimed: n instances waiting on a user task persisted in `dir`; timed: a new engine opens the store
   * and completes them, at most `concurrency` completions in flight.
   */
  recover(n: number, dir: string, t: Timing, concurrency: number): Promise<void>;
  /** n evaluations of the 20-rule decision table `decision.dmn` (no BPMN around it). */
  decision(n: number, t: Timing): Promise<void>;
  /** n waiting instances kept reachable through the returned value (heap measurement). */
  holdWaiting(n: number): Promise<unknown>;
  /** why a scenario cannot run on this engine (shown in the table instead of a number). */
  unsupported(scenario: string): Promise<string | undefined>;
}

export function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`outcome check failed: ${what}`);
}
