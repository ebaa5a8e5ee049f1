import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/engine/state.js';
import type { PostgresStore } from '../../src/store/postgres/index.js';
import { orderSnapshot } from './snapshot-fixture.js';
import { freshPostgresStore } from './postgres-test-db.js';

// The store side of many engine processes: lease heart-beats, the next due time, instance pages,
// external-task claims, the message buffer and message ids. Each is asked of the tables only.

const NOW = new Date('2024-05-01T12:00:00.000Z');
const at = (ms: number): Date => new Date(NOW.getTime() + ms);

function withWork(instanceId: string, change: (s: Snapshot) => void): Snapshot {
  const s = orderSnapshot(instanceId, 1);
  s.userTasks = [];
  change(s);
  return s;
}

describe('PostgresStore scale-out queries', () => {
  let store: PostgresStore;
  freshPostgresStore((s) => {
    store = s;
  });

  it('keeps a claim past its lease while its holder renews it, and no longer once it stops', async () => {
    await store.saveInstance(withWork('o1', (s) => s.jobs.push({ id: 'o1:j1', kind: 'async', elementId: 'a', tokenId: 't1', attempt: 0, dueAt: NOW.toISOString() })), undefined);
    const [claimed] = await store.dueJobs(NOW, 10, { owner: 'p1', leaseMs: 1000 });

    await store.extendClaims([{ kind: 'job', instanceId: 'o1', id: 'o1:j1' }], at(900), 1000, 'p1');
    const whileRenewed = await store.dueJobs(at(1500), 10, { owner: 'p2' });
    await store.extendClaims([{ kind: 'job', instanceId: 'o1', id: 'o1:j1' }], at(1500), 1000, 'p2');
    const afterHolderDied = await store.dueJobs(at(1901), 10, { owner: 'p2' });

    expect(claimed?.jobId).toBe('o1:j1');
    expect(whileRenewed).toEqual([]);
    expect(afterHolderDied.map((j) => [j.jobId, j.leaseOwner])).toEqual([['o1:j1', 'p2']]);
  });

  it('says when work falls due next: a future job or timer, or the end of a lease on work due now', async () => {
    await store.saveInstance(withWork('o1', (s) => s.timers.push({ id: 'o1:tm1', elementId: 'w', tokenId: 't1', dueAt: at(60_000).toISOString() })), undefined);
    await store.saveInstance(withWork('o2', (s) => s.jobs.push({ id: 'o2:j1', kind: 'async', elementId: 'a', tokenId: 't1', attempt: 0, dueAt: at(30_000).toISOString() })), undefined);
    await store.saveInstance(withWork('o3', (s) => s.jobs.push({ id: 'o3:j1', kind: 'service', elementId: 'mail', tokenId: 't1', type: 'mail', attempt: 0, dueAt: at(10_000).toISOString() })), undefined);

    const forEveryType = await store.nextDue(NOW);
    const withoutMail = await store.nextDue(NOW, { handledTypes: ['charge'] });
    await store.saveInstance(withWork('o4', (s) => s.jobs.push({ id: 'o4:j1', kind: 'async', elementId: 'a', tokenId: 't1', attempt: 0 })), undefined);
    await store.dueJobs(NOW, 10, { owner: 'p1', leaseMs: 5000 });
    const leased = await store.nextDue(NOW, { handledTypes: ['charge'] });

    expect(forEveryType).toBe(at(10_000).toISOString());
    expect(withoutMail).toBe(at(30_000).toISOString());
    expect(leased).toBe(at(5000).toISOString());
  });

  it('pages instances newest first with a cursor that instances started meanwhile do not shift', async () => {
    for (let i = 0; i < 5; i++) await store.saveInstance({ ...orderSnapshot(`o${i}`), startedAt: `2024-05-01T10:00:0${i}.000Z` }, undefined);

    const first = await store.pageInstances({ limit: 2 });
    await store.saveInstance({ ...orderSnapshot('late'), startedAt: '2024-05-01T11:00:00.000Z' }, undefined);
    const second = await store.pageInstances({ limit: 2, after: first.last! });
    const third = await store.pageInstances({ limit: 2, after: second.last! });

    expect(first.snapshots.map((s) => s.instanceId)).toEqual(['o4', 'o3']);
    expect(second.snapshots.map((s) => s.instanceId)).toEqual(['o2', 'o1']);
    expect(third).toMatchObject({ more: false });
    expect(third.snapshots.map((s) => s.instanceId)).toEqual(['o0']);
  });

  it('claims external tasks of the asked topics only, not those a handler of this process runs', async () => {
    await store.saveInstance(
      withWork('o1', (s) => {
        s.jobs.push({ id: 'o1:j1', kind: 'service', elementId: 'ship', tokenId: 't1', type: 'ship', attempt: 0 });
        s.jobs.push({ id: 'o1:j2', kind: 'service', elementId: 'mail', tokenId: 't2', type: 'mail', attempt: 0 });
        s.jobs.push({ id: 'o1:j3', kind: 'service', elementId: 'charge', tokenId: 't3', type: 'charge', attempt: 1, dueAt: NOW.toISOString() });
      }),
      undefined,
    );

    const claimed = await store.claimExternalJobs(['ship', 'charge'], NOW, 10, { handledTypes: ['charge'] });
    const again = await store.claimExternalJobs(['ship', 'charge'], NOW, 10, { handledTypes: ['charge'], owner: 'other' });

    expect(claimed.map((j) => j.jobId)).toEqual(['o1:j1']);
    expect(again).toEqual([]);
  });

  it('hands a buffered message to the subscription it matches, once, oldest first', async () => {
    const expiresAt = at(60_000).toISOString();
    await store.bufferMessage({ name: 'paid', correlationKey: 'order-1', variables: { n: 1 }, expiresAt });
    await store.bufferMessage({ name: 'paid', variables: { n: 2 }, expiresAt });
    await store.bufferMessage({ name: 'paid', correlationKey: 'order-2', variables: { n: 3 }, expiresAt });
    await store.bufferMessage({ name: 'paid', correlationKey: 'order-1', variables: { n: 4 }, expiresAt: at(-1).toISOString() });

    const until = await store.bufferedUntil(NOW);
    const taken = await store.takeBufferedMessages([{ name: 'paid', correlationKey: 'order-1' }], NOW, 10);
    const again = await store.takeBufferedMessages([{ name: 'paid', correlationKey: 'order-1' }], NOW, 10);
    const unkeyed = await store.takeBufferedMessages([{ name: 'paid' }], NOW, 10);

    expect(until).toBe(expiresAt);
    expect(taken.map((m) => m.variables.n)).toEqual([1, 2]);
    expect(again).toEqual([]);
    // a subscription without a key takes only messages without one
    expect(unkeyed).toEqual([]);
  });

  it('accepts a message id once until it expires, and answers repeats with the recorded result', async () => {
    const first = await store.claimMessageId('m-1', NOW, 60_000);
    const whileRunning = await store.claimMessageId('m-1', NOW, 60_000);
    await store.recordMessageResult('m-1', { instanceIds: ['o1'], buffered: false });
    const repeat = await store.claimMessageId('m-1', at(59_999), 60_000);
    const afterExpiry = await store.claimMessageId('m-1', at(60_000), 60_000);

    expect(first).toEqual({ claimed: true });
    expect(whileRunning).toEqual({ claimed: false });
    expect(repeat).toEqual({ claimed: false, result: { instanceIds: ['o1'], buffered: false } });
    expect(afterExpiry).toEqual({ claimed: true });
  });
});
