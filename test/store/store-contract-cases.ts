import { afterEach, beforeEach, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors/index.js';
import type { HistoryEvent } from '../../src/engine/state.js';
import type { Store, StoredDeployment } from '../../src/store/index.js';
import { orderSnapshot } from './snapshot-fixture.js';

/** A store under test and how to throw it away. */
export interface Subject {
  store: Store;
  cleanup(): Promise<void>;
}

function deployment(id: string, deployedAt: string): StoredDeployment {
  return {
    id,
    name: `deployment ${id}`,
    source: '<definitions id="d"/>',
    hash: 'ab'.repeat(32),
    deployedAt,
    processes: [{ key: 'order', version: 1 }],
  };
}

export function event(seq: number, type: string): HistoryEvent {
  return { seq, at: `2024-05-01T10:00:0${seq}.000Z`, type, elementId: 'approve', data: { n: seq } };
}

/**
 * The Store contract (src/store/types.ts) as tests, registered inside the caller's describe, so every
 * store — Memory, File, Postgres — is held to the same cases.
 */
export function storeContract(make: () => Promise<Subject>): void {
  let subject: Subject;
  let store: Store;

  beforeEach(async () => {
    subject = await make();
    store = subject.store;
    await store.open();
  });

  afterEach(async () => {
    await store.close();
    await subject.cleanup();
  });

  it('loads what it saved, as a fresh object isolated from the caller', async () => {
    const snapshot = orderSnapshot('order-1');
    await store.saveInstance(snapshot, undefined);
    snapshot.variables.amount = 999;
    snapshot.tokens.length = 0;

    const loaded = await store.loadInstance('order-1');
    expect(loaded).toEqual(orderSnapshot('order-1'));

    loaded!.status = 'FAILED';
    expect((await store.loadInstance('order-1'))!.status).toBe('RUNNING');
  });

  it('gives undefined for an unknown instance', async () => {
    expect(await store.loadInstance('nope')).toBeUndefined();
  });

  it('accepts an update made from the stored version and rejects a stale one', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined);
    await store.saveInstance({ ...orderSnapshot('order-1', 2), status: 'SUSPENDED' }, 1);

    const stale = store.saveInstance({ ...orderSnapshot('order-1', 2), status: 'COMPLETED' }, 1);

    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT', details: { instanceId: 'order-1' } });
    const stored = await store.loadInstance('order-1');
    expect(stored).toMatchObject({ status: 'SUSPENDED', version: 2 });
  });

  it('rejects a new instance whose id is already in use', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined);

    const again = store.saveInstance(orderSnapshot('order-1', 1), undefined);

    await expect(again).rejects.toThrow(/instance id already in use/);
    await expect(again).rejects.toBeInstanceOf(ConflictError);
  });

  it('rejects an update of an instance that was never saved', async () => {
    await expect(store.saveInstance(orderSnapshot('ghost', 4), 3)).rejects.toBeInstanceOf(ConflictError);
  });

  it('lets exactly one of two racing updates from the same version win', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined);

    const results = await Promise.allSettled([
      store.saveInstance({ ...orderSnapshot('order-1', 2), businessKey: 'first' }, 1),
      store.saveInstance({ ...orderSnapshot('order-1', 2), businessKey: 'second' }, 1),
    ]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((await store.loadInstance('order-1'))!.businessKey).toBe('first');
  });

  it('deletes an instance, after which its id can be used again', async () => {
    await store.saveInstance(orderSnapshot('order-1', 5), undefined);

    await store.deleteInstance('order-1');
    await store.deleteInstance('never-there');

    expect(await store.loadInstance('order-1')).toBeUndefined();
    await store.saveInstance(orderSnapshot('order-1', 1), undefined);
    expect((await store.loadInstance('order-1'))!.version).toBe(1);
  });

  it('loads every stored instance', async () => {
    for (const id of ['b', 'a', 'c']) await store.saveInstance(orderSnapshot(id), undefined);
    await store.deleteInstance('c');

    const all = await store.loadAllInstances();

    expect(all.map((s) => s.instanceId).sort()).toEqual(['a', 'b']);
    expect(all.find((s) => s.instanceId === 'a')).toEqual(orderSnapshot('a'));
  });

  it('reads history back in append order, per instance', async () => {
    await store.appendHistory('order-1', [event(1, 'instance.started'), event(2, 'element.entered')]);
    await store.appendHistory('order-2', [event(1, 'instance.started')]);
    await store.appendHistory('order-1', []);
    await store.appendHistory('order-1', [event(3, 'userTask.created')]);

    expect(await store.readHistory('order-1')).toEqual([
      event(1, 'instance.started'),
      event(2, 'element.entered'),
      event(3, 'userTask.created'),
    ]);
    expect(await store.readHistory('order-2')).toEqual([event(1, 'instance.started')]);
    expect(await store.readHistory('order-3')).toEqual([]);
  });

  it('keeps appended history safe from later mutation of the events', async () => {
    const e = event(1, 'instance.started');
    await store.appendHistory('order-1', [e]);
    e.data!.n = 42;

    expect((await store.readHistory('order-1'))[0]!.data).toEqual({ n: 1 });
  });

  it('deletes history', async () => {
    await store.appendHistory('order-1', [event(1, 'instance.started')]);

    await store.deleteHistory('order-1');
    await store.deleteHistory('never-there');

    expect(await store.readHistory('order-1')).toEqual([]);
    await store.appendHistory('order-1', [event(1, 'again')]);
    expect(await store.readHistory('order-1')).toEqual([event(1, 'again')]);
  });

  it('appends the history given to a save, after history appended before it', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined, [event(1, 'instance.started')]);
    await store.appendHistory('order-1', [event(2, 'element.entered')]);

    await store.saveInstance(orderSnapshot('order-1', 2), 1, [event(3, 'userTask.created'), event(4, 'userTask.completed')]);
    await store.saveInstance(orderSnapshot('order-1', 3), 2, []);

    expect((await store.loadInstance('order-1'))!.version).toBe(3);
    expect((await store.readHistory('order-1')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('writes neither snapshot nor history when a save with history conflicts', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined, [event(1, 'instance.started')]);
    await store.saveInstance({ ...orderSnapshot('order-1', 2), status: 'SUSPENDED' }, 1, [event(2, 'instance.suspended')]);

    const stale = store.saveInstance({ ...orderSnapshot('order-1', 2), status: 'COMPLETED' }, 1, [event(3, 'stale')]);
    const reused = store.saveInstance(orderSnapshot('order-1', 1), undefined, [event(4, 'reused id')]);
    const ghost = store.saveInstance(orderSnapshot('ghost', 4), 3, [event(5, 'ghost')]);

    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(reused).rejects.toBeInstanceOf(ConflictError);
    await expect(ghost).rejects.toBeInstanceOf(ConflictError);
    expect(await store.loadInstance('order-1')).toMatchObject({ status: 'SUSPENDED', version: 2 });
    expect((await store.readHistory('order-1')).map((e) => e.type)).toEqual(['instance.started', 'instance.suspended']);
    expect(await store.loadInstance('ghost')).toBeUndefined();
    expect(await store.readHistory('ghost')).toEqual([]);
  });

  it('stores exactly one history batch when two saves with history race from the same version', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined);

    const results = await Promise.allSettled([
      store.saveInstance({ ...orderSnapshot('order-1', 2), businessKey: 'first' }, 1, [event(1, 'first')]),
      store.saveInstance({ ...orderSnapshot('order-1', 2), businessKey: 'second' }, 1, [event(1, 'second')]),
    ]);

    const winner = results[0]!.status === 'fulfilled' ? 'first' : 'second';
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.loadInstance('order-1'))!.businessKey).toBe(winner);
    expect((await store.readHistory('order-1')).map((e) => e.type)).toEqual([winner]);
  });

  it('stores neither part of a save whose history cannot be serialised', async () => {
    await store.saveInstance(orderSnapshot('order-1', 1), undefined);
    const unserialisable = { ...event(2, 'bad'), data: { n: 1n } } as unknown as HistoryEvent;

    await expect(store.saveInstance(orderSnapshot('order-1', 2), 1, [unserialisable])).rejects.toThrow();

    expect((await store.loadInstance('order-1'))!.version).toBe(1);
    expect(await store.readHistory('order-1')).toEqual([]);
    // and the version check was not moved on by the failed save
    await store.saveInstance(orderSnapshot('order-1', 2), 1);
  });

  it('keeps history given to a save safe from later mutation of the events', async () => {
    const e = event(1, 'instance.started');
    await store.saveInstance(orderSnapshot('order-1', 1), undefined, [e]);
    e.data!.n = 42;

    expect((await store.readHistory('order-1'))[0]!.data).toEqual({ n: 1 });
  });

  it('round-trips deployments, oldest first, a re-save replacing the old one', async () => {
    await store.saveDeployment(deployment('d2', '2024-05-02T00:00:00.000Z'));
    await store.saveDeployment(deployment('d1', '2024-05-01T00:00:00.000Z'));
    await store.saveDeployment({ ...deployment('d2', '2024-05-02T00:00:00.000Z'), name: 'renamed' });

    const loaded = await store.loadDeployments();

    expect(loaded).toEqual([
      deployment('d1', '2024-05-01T00:00:00.000Z'),
      { ...deployment('d2', '2024-05-02T00:00:00.000Z'), name: 'renamed' },
    ]);
  });
}
