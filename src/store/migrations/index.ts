import { v0ToV1 } from './v0-to-v1.js';

/**
 * One step of the snapshot format, SpiffWorkflow-style: a stored snapshot of schema `from` is rewritten
 * into schema `to` (= from + 1) by a pure function over parsed JSON, and old versions reach the current
 * one by running the steps in order. Each step is frozen once released: a later format change is a new
 * step, never an edit of an old one, and each step has a golden file in `test/store/golden/`.
 */
export interface SnapshotMigration {
  readonly from: number;
  readonly to: number;
  /**
   * Rewrite parsed JSON of schema `from` into schema `to`; must not mutate `raw`. `fail` throws the
   * StoreError for input it cannot migrate (with the file name the caller knows).
   */
  migrate(raw: Record<string, unknown>, fail: (message: string) => never): Record<string, unknown>;
}

export const SNAPSHOT_MIGRATIONS: readonly SnapshotMigration[] = [v0ToV1];

/** Run the chain from `from` up to `to`; the result's `schemaVersion` is `to`. */
export function migrateSnapshot(
  raw: Record<string, unknown>,
  from: number,
  to: number,
  fail: (message: string) => never,
): Record<string, unknown> {
  let current = raw;
  for (let version = from; version < to; ) {
    const step = SNAPSHOT_MIGRATIONS.find((m) => m.from === version);
    if (step === undefined || step.to !== version + 1) {
      fail(`snapshot schemaVersion ${version} cannot be migrated: no migration from it`);
    }
    current = step.migrate(current, fail);
    if (current.schemaVersion !== step.to) {
      fail(`migration ${step.from} -> ${step.to} produced schemaVersion ${String(current.schemaVersion)}`);
    }
    version = step.to;
  }
  return current;
}
