import type { Snapshot } from '../../engine/state.js';
import { ALL_PROJECTIONS, PROJECTIONS } from './save-sql.js';

/** What the projection rows of an instance are made of, as JSON texts to compare. */
export interface ProjectionInputs {
  /** Instance columns copied into projection rows: status, process key, business key. */
  copied: string;
  /** userTasks, jobs (with the job ids incidents hold), timers, subscriptions. */
  lists: [string, string, string, string];
  empty: [boolean, boolean, boolean, boolean];
}

const BITS = [PROJECTIONS.userTasks, PROJECTIONS.jobs, PROJECTIONS.timers, PROJECTIONS.subscriptions] as const;
const LIMIT = 20_000;

export function projectionInputs(s: Snapshot): ProjectionInputs {
  const lists = [s.userTasks ?? [], s.jobs ?? [], s.timers ?? [], s.subscriptions ?? []] as const;
  return {
    copied: `${s.status}\u0000${s.process?.key}\u0000${s.businessKey ?? ''}`,
    lists: [
      JSON.stringify(lists[0]),
      JSON.stringify(lists[1]) + JSON.stringify((s.incidents ?? []).map((i) => i.jobId ?? null)),
      JSON.stringify(lists[2]),
      JSON.stringify(lists[3]),
    ],
    empty: [lists[0].length === 0, lists[1].length === 0, lists[2].length === 0, lists[3].length === 0],
  };
}

/**
 * The projection inputs of each instance at the version this process last loaded or saved, so a save
 * rewrites only the projection tables whose rows can differ (a typical command changes one or two of
 * the four lists; rewriting all four was most of a save's cost). Anything not remembered, or
 * remembered at another version than the save expects, rewrites everything: the rows in the database
 * are those of the expected version, which this memory then describes exactly.
 */
export class ProjectionMemory {
  private readonly seen = new Map<string, { version: number; inputs: ProjectionInputs }>();

  remember(id: string, version: number, inputs: ProjectionInputs): void {
    this.seen.delete(id);
    if (this.seen.size >= LIMIT) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(id, { version, inputs });
  }

  forget(id: string): void {
    this.seen.delete(id);
  }

  /** The projections a save of `next` over `expectedVersion` must write (undefined: a new instance). */
  mask(id: string, expectedVersion: number | undefined, next: ProjectionInputs): number {
    let mask = 0;
    if (expectedVersion === undefined) {
      for (let i = 0; i < 4; i++) if (!next.empty[i]) mask |= BITS[i]!;
      return mask;
    }
    const prev = this.seen.get(id);
    if (prev === undefined || prev.version !== expectedVersion) return ALL_PROJECTIONS;
    const copiedChanged = prev.inputs.copied !== next.copied;
    for (let i = 0; i < 4; i++) {
      const rowsExist = !prev.inputs.empty[i] || !next.empty[i];
      if (prev.inputs.lists[i] !== next.lists[i] || (copiedChanged && rowsExist)) mask |= BITS[i]!;
    }
    return mask;
  }
}
