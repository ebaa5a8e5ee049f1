import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/engine/state.js';
import type { PostgresStore } from '../../src/store/postgres/index.js';
import { orderSnapshot } from './snapshot-fixture.js';
import { freshPostgresStore } from './postgres-test-db.js';

// Job priorities in the claim queries of many engine processes: highest first, then due time.

const NOW = new Date('2024-05-01T12:00:00.000Z');
const at = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();

function withWork(instanceId: string, change: (s: Snapshot) => void): Snapshot {
  const s = orderSnapshot(instanceId, 1);
  s.userTasks = [];
  change(s);
  return s;
}

describe('PostgresStore claims by priority', () => {
  let store: PostgresStore;
  freshPostgresStore((s) => {
    store = s;
  });

  it('claims due jobs highest priority first, then the longest due, and says each one\'s priority', async () => {
    const job = (id: string, dueMs: number, priority?: number) => withWork(id, (s) =>
      s.jobs.push({ id: `${id}:j1`, kind: 'async', elementId: 'a', tokenId: 't1', attempt: 0, dueAt: at(dueMs), ...(priority !== undefined ? { priority } : {}) }));
    await store.saveInstance(job('old', -60_000), undefined);
    await store.saveInstance(job('urgent', -1000, 50), undefined);
    await store.saveInstance(job('newer', -30_000), undefined);
    await store.saveInstance(job('low', -90_000, -5), undefined);
    await store.saveInstance(job('future', 60_000, 99), undefined);

    const first = await store.dueJobs(NOW, 2, { owner: 'p1' });
    const rest = await store.dueJobs(NOW, 10, { owner: 'p1' });

    expect(first.map((j) => [j.instanceId, j.priority ?? 0])).toEqual([['urgent', 50], ['old', 0]]);
    expect(rest.map((j) => j.instanceId)).toEqual(['newer', 'low']);
  });

  it('claims due timers the same way, and keeps a priority past 2^53 at the end of the long range', async () => {
    const timer = (id: string, dueMs: number, priority?: number) => withWork(id, (s) =>
      s.timers.push({ id: `${id}:tm1`, elementId: 'w', tokenId: 't1', dueAt: at(dueMs), ...(priority !== undefined ? { priority } : {}) }));
    await store.saveInstance(timer('plain', -60_000), undefined);
    await store.saveInstance(timer('huge', -1000, 2 ** 63), undefined);
    await store.saveInstance(timer('some', -2000, 7), undefined);

    const claimed = await store.dueTimers(NOW, 10, { owner: 'p1' });

    expect(claimed.map((t) => [t.instanceId, t.priority ?? 0])).toEqual([['huge', 2 ** 63], ['some', 7], ['plain', 0]]);
  });

  it('fetches external tasks by priority with usePriority, in due order without it', async () => {
    const task = (id: string, dueMs: number, priority: number) => withWork(id, (s) =>
      s.jobs.push({ id: `${id}:j1`, kind: 'service', elementId: 'x', tokenId: 't1', type: 'work', attempt: 0, dueAt: at(dueMs), priority }));
    await store.saveInstance(task('a', -3000, 1), undefined);
    await store.saveInstance(task('b', -2000, 9), undefined);
    await store.saveInstance(task('c', -1000, 4), undefined);

    const byPriority = await store.claimExternalJobs(['work'], new Date(NOW), 2, { owner: 'p1', leaseMs: 1000, usePriority: true });
    const byDue = await store.claimExternalJobs(['work'], new Date(NOW.getTime() + 2000), 3, { owner: 'p2', leaseMs: 1000, usePriority: false });

    expect(byPriority.map((j) => j.instanceId)).toEqual(['b', 'c']);
    expect(byDue.map((j) => j.instanceId)).toEqual(['a', 'b', 'c']);
  });
});
