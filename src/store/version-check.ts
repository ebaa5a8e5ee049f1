import { ConflictError } from '../errors/index.js';
import type { StoredDeployment } from './types.js';

/**
 * The optimistic-concurrency rule shared by the stores: `expected` undefined means "create", which
 * fails when the id exists; otherwise the stored version must be exactly the one the caller read.
 */
export function checkExpectedVersion(id: string, stored: number | undefined, expected: number | undefined): void {
  if (expected === undefined) {
    if (stored !== undefined) {
      throw new ConflictError(`instance id already in use: ${id}`, { instanceId: id, storedVersion: stored });
    }
    return;
  }
  if (stored === expected) return;
  const why = stored === undefined ? 'it is not stored (deleted?)' : `the stored version is ${stored}`;
  throw new ConflictError(`instance ${id} changed underneath: expected version ${expected} but ${why}`, {
    instanceId: id,
    expectedVersion: expected,
    ...(stored !== undefined && { storedVersion: stored }),
  });
}

/** Deployment order both stores return: oldest first, so re-deploying them in turn rebuilds versions. */
export function byDeployedAt(a: StoredDeployment, b: StoredDeployment): number {
  return a.deployedAt < b.deployedAt ? -1 : a.deployedAt > b.deployedAt ? 1 : 0;
}
