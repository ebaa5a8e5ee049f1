import { beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/engine/state.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { orderSnapshot } from './snapshot-fixture.js';
import { event, storeContract } from './store-contract-cases.js';
import { PG_URL, assertDatabaseReachable, dropSchema, freshPostgresStore, testSchemaName } from './postgres-test-db.js';

describe('PostgresStore (Store contract)', () => {
  beforeAll(assertDatabaseReachable);
  // A fresh schema per test, dropped afterwards.
  storeContract(async () => {
    const schema = testSchemaName();
    return { store: new PostgresStore({ connectionString: PG_URL, schema }), cleanup: () => dropSchema(schema) };
  });
});

describe('PostgresStore (atomic history)', () => {
  let store: PostgresStore;
  freshPostgresStore((s) => {
    store = s;
  });

  it('stores no snapshot when the database refuses the history of the same save', async () => {
    // given an event jsonb cannot hold (a NUL character), so only the history part of the statement fails
    await store.saveInstance(orderSnapshot('order-1', 1), undefined, [event(1, 'instance.started')]);
    const refused: HistoryEvent = { ...event(2, 'bad'), data: { text: 'nul\u0000here' } };

    // when a save carries it
    const saving = store.saveInstance({ ...orderSnapshot('order-1', 2), status: 'SUSPENDED' }, 1, [event(2, 'ok'), refused]);

    // then the whole save fails: the snapshot is the old one and no event of the batch was kept
    await expect(saving).rejects.toThrow(/PostgreSQL save instance failed/);
    expect(await store.loadInstance('order-1')).toMatchObject({ status: 'RUNNING', version: 1 });
    expect((await store.readHistory('order-1')).map((e) => e.type)).toEqual(['instance.started']);
  });
});
