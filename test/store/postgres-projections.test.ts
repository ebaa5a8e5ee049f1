import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, StoreError } from '../../src/errors/index.js';
import type { Snapshot, UserTaskState } from '../../src/engine/state.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { orderSnapshot } from './snapshot-fixture.js';
import { PG_URL, assertDatabaseReachable, dropSchema, freshPostgresStore, rawClient, testSchemaName } from './postgres-test-db.js';

// The user task, job, timer and subscription tables are projections of the snapshot: what a query
// over them answers must always be what the last saved snapshot says.

const NOW = new Date('2024-05-01T12:00:00.000Z');

function task(instanceId: string, n: number, extra: Partial<UserTaskState> = {}): UserTaskState {
  return {
    id: `${instanceId}:ut${n}`,
    elementId: `task${n}`,
    tokenId: `t${n}`,
    candidateUsers: [],
    candidateGroups: [],
    createdAt: `2024-05-01T10:00:0${n}.000Z`,
    ...extra,
  };
}

function snapshot(instanceId: string, version: number, change: (s: Snapshot) => void): Snapshot {
  const s = orderSnapshot(instanceId, version);
  s.userTasks = [];
  change(s);
  return s;
}

describe('PostgresStore projections and queries', () => {
  let schema: string;
  let store: PostgresStore;
  freshPostgresStore((s, name) => {
    store = s;
    schema = name;
  });

  it('lists open user tasks by assignee, candidate, process and instance, following each save', async () => {
    await store.saveInstance(
      snapshot('o1', 1, (s) => {
        s.userTasks = [task('o1', 1, { assignee: 'ann', priority: 50 }), task('o1', 2, { candidateUsers: ['bob'], candidateGroups: ['sales'] })];
      }),
      undefined,
    );
    await store.saveInstance(
      snapshot('o2', 1, (s) => {
        s.process.key = 'invoice';
        s.userTasks = [task('o2', 3, { candidateGroups: ['sales', 'audit'] })];
      }),
      undefined,
    );

    expect((await store.openUserTasks({ assignee: 'ann' })).map((t) => t.id)).toEqual(['o1:ut1']);
    expect((await store.openUserTasks({ candidateUser: 'bob' })).map((t) => t.id)).toEqual(['o1:ut2']);
    expect((await store.openUserTasks({ candidateGroup: 'sales' })).map((t) => t.id)).toEqual(['o1:ut2', 'o2:ut3']);
    expect((await store.openUserTasks({ processKey: 'invoice' })).map((t) => t.id)).toEqual(['o2:ut3']);
    expect(await store.openUserTasks({ instanceId: 'o1', assignee: 'ann' })).toEqual([
      {
        id: 'o1:ut1',
        instanceId: 'o1',
        processKey: 'order',
        processVersion: 2,
        instanceStatus: 'RUNNING',
        businessKey: 'PO-17',
        elementId: 'task1',
        assignee: 'ann',
        candidateUsers: [],
        candidateGroups: [],
        priority: 50,
        createdAt: '2024-05-01T10:00:01.000Z',
      },
    ]);

    // when task 1 is completed and task 2 claimed by bob
    await store.saveInstance(
      snapshot('o1', 2, (s) => {
        s.userTasks = [task('o1', 2, { assignee: 'bob', candidateUsers: ['bob'], candidateGroups: ['sales'] })];
      }),
      1,
    );

    expect(await store.openUserTasks({ assignee: 'ann' })).toEqual([]);
    expect((await store.openUserTasks({ assignee: 'bob' })).map((t) => t.id)).toEqual(['o1:ut2']);
    expect((await store.openUserTasks()).map((t) => t.id)).toEqual(['o1:ut2', 'o2:ut3']);
  });

  it('claims only jobs that may run now', async () => {
    await store.saveInstance(
      snapshot('o1', 1, (s) => {
        s.jobs = [
          { id: 'o1:due', kind: 'service', elementId: 'a', tokenId: 't1', type: 'charge', attempt: 0 },
          { id: 'o1:later', kind: 'service', elementId: 'b', tokenId: 't2', type: 'charge', attempt: 1, dueAt: '2024-05-01T12:00:00.001Z' },
          { id: 'o1:incident', kind: 'script', elementId: 'c', tokenId: 't3', attempt: 3, retries: 0 },
          { id: 'o1:spent', kind: 'service', elementId: 'd', tokenId: 't4', type: 'charge', attempt: 3, retries: 0 },
          { id: 'o1:locked', kind: 'service', elementId: 'e', tokenId: 't5', type: 'charge', attempt: 0, workerId: 'w', lockExpiresAt: '2024-05-01T12:00:10.000Z' },
          { id: 'o1:external', kind: 'service', elementId: 'f', tokenId: 't6', type: 'mail', attempt: 0 },
          { id: 'o1:async', kind: 'async', elementId: 'g', tokenId: 't7', attempt: 0, asyncAt: 'before', dueAt: '2024-05-01T11:00:00.000Z' },
        ];
        s.incidents = [{ id: 'o1:inc', elementId: 'c', jobId: 'o1:incident', type: 'failedScript', message: 'x', createdAt: '2024-05-01T11:00:00.000Z', resume: 'job' }];
      }),
      undefined,
    );
    await store.saveInstance(
      snapshot('o2', 1, (s) => {
        s.status = 'SUSPENDED';
        s.jobs = [{ id: 'o2:due', kind: 'service', elementId: 'a', tokenId: 't1', type: 'charge', attempt: 0 }];
      }),
      undefined,
    );

    const claimed = await store.dueJobs(NOW, 10, { handledTypes: ['charge'] });

    // the async job is due since 11:00, the service job since always ("due now" sorts first)
    expect(claimed.map((j) => j.jobId)).toEqual(['o1:due', 'o1:async']);
    expect(claimed[1]).toMatchObject({ kind: 'async', dueAt: '2024-05-01T11:00:00.000Z', attempt: 0 });
    expect(claimed[0]!.dueAt).toBeUndefined();
    expect((await store.dueJobs(new Date('2024-05-01T12:00:10.000Z'), 10)).map((j) => j.jobId)).toEqual(['o1:external', 'o1:locked', 'o1:later']);
  });

  it('claims due timers of running instances; a cycle timer re-armed by a save is claimable again', async () => {
    const timer = { id: 'o1:tm', elementId: 'every5', tokenId: 't1', dueAt: '2024-05-01T11:59:00.000Z', cycle: 'R3/PT5M', repeat: 2 };
    await store.saveInstance(snapshot('o1', 1, (s) => (s.timers = [timer])), undefined);
    await store.saveInstance(snapshot('o2', 1, (s) => (s.timers = [{ id: 'o2:tm', elementId: 'x', dueAt: '2024-05-01T12:00:00.001Z' }])), undefined);

    const first = await store.dueTimers(NOW, 10);
    const again = await store.dueTimers(NOW, 10);
    await store.saveInstance(snapshot('o1', 2, (s) => (s.timers = [{ ...timer, dueAt: '2024-05-01T11:59:30.000Z', repeat: 1 }])), 1);
    const rearmed = await store.dueTimers(NOW, 10);

    expect(first).toMatchObject([{ instanceId: 'o1', timerId: 'o1:tm', tokenId: 't1', dueAt: '2024-05-01T11:59:00.000Z' }]);
    expect(again).toEqual([]);
    expect(rearmed).toMatchObject([{ timerId: 'o1:tm', dueAt: '2024-05-01T11:59:30.000Z' }]);
  });

  it('finds subscriptions by kind and name, optionally by correlation key', async () => {
    await store.saveInstance(
      snapshot('o1', 1, (s) => {
        s.subscriptions = [
          { id: 'o1:m', kind: 'message', name: 'paid', correlationKey: 'PO-17', elementId: 'waitPaid', tokenId: 't1' },
          { id: 'o1:s', kind: 'signal', name: 'paid', elementId: 'onSignal', scopeId: 'sc1' },
        ];
      }),
      undefined,
    );
    await store.saveInstance(
      snapshot('o2', 1, (s) => (s.subscriptions = [{ id: 'o2:m', kind: 'message', name: 'paid', correlationKey: 'PO-18', elementId: 'waitPaid' }])),
      undefined,
    );

    expect((await store.subscriptionsByName('message', 'paid')).map((x) => x.id)).toEqual(['o1:m', 'o2:m']);
    expect(await store.subscriptionsByName('message', 'paid', 'PO-18')).toEqual([
      { id: 'o2:m', instanceId: 'o2', processKey: 'order', instanceStatus: 'RUNNING', kind: 'message', name: 'paid', correlationKey: 'PO-18', elementId: 'waitPaid' },
    ]);
    expect(await store.subscriptionsByName('signal', 'paid')).toMatchObject([{ id: 'o1:s', scopeId: 'sc1' }]);

    // when the message arrives for o1, its subscription goes with the next save
    await store.saveInstance(snapshot('o1', 2, () => {}), 1);
    expect((await store.subscriptionsByName('message', 'paid')).map((x) => x.id)).toEqual(['o2:m']);
    expect(await store.subscriptionsByName('signal', 'paid')).toEqual([]);
  });

  it('leaves the projections alone when a save loses its version check', async () => {
    await store.saveInstance(snapshot('o1', 1, (s) => (s.userTasks = [task('o1', 1)])), undefined);
    await store.saveInstance(snapshot('o1', 2, (s) => (s.userTasks = [task('o1', 1)])), 1);

    const stale = store.saveInstance(snapshot('o1', 2, (s) => (s.userTasks = [task('o1', 9, { assignee: 'eve' })])), 1);

    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    expect((await store.openUserTasks()).map((t) => t.id)).toEqual(['o1:ut1']);
  });

  it('drops the projections of a deleted instance', async () => {
    await store.saveInstance(
      snapshot('o1', 1, (s) => {
        s.userTasks = [task('o1', 1)];
        s.jobs = [{ id: 'o1:j', kind: 'async', elementId: 'a', tokenId: 't1', attempt: 0 }];
        s.timers = [{ id: 'o1:tm', elementId: 'x', dueAt: '2024-05-01T11:00:00.000Z' }];
        s.subscriptions = [{ id: 'o1:m', kind: 'message', name: 'paid', elementId: 'w' }];
      }),
      undefined,
    );

    await store.deleteInstance('o1');

    expect(await store.openUserTasks()).toEqual([]);
    expect(await store.dueJobs(NOW, 10)).toEqual([]);
    expect(await store.dueTimers(NOW, 10)).toEqual([]);
    expect(await store.subscriptionsByName('message', 'paid')).toEqual([]);
  });

  it('refuses a snapshot jsonb cannot hold (a NUL character) with a StoreError, keeping the stored version', async () => {
    await store.saveInstance(orderSnapshot('o1', 1), undefined);

    const nul = store.saveInstance({ ...orderSnapshot('o1', 2), variables: { note: 'a\u0000b' } }, 1);

    await expect(nul).rejects.toBeInstanceOf(StoreError);
    await expect(nul).rejects.toMatchObject({ details: { instanceId: 'o1', pgCode: '22P05' } });
    expect(await store.loadInstance('o1')).toEqual(orderSnapshot('o1', 1));
  });

  it('keeps the indexed instance columns in step with the snapshot', async () => {
    await store.saveInstance(orderSnapshot('o1', 1), undefined);
    await store.saveInstance({ ...orderSnapshot('o1', 2), status: 'COMPLETED', businessKey: 'PO-99' }, 1);

    const client = await rawClient();
    try {
      const row = await client.query(`SELECT process_key, process_version, status, business_key, version FROM "${schema}".instances`);
      expect(row.rows).toEqual([{ process_key: 'order', process_version: 2, status: 'COMPLETED', business_key: 'PO-99', version: '2' }]);
    } finally {
      await client.end();
    }
  });
});

describe('PostgresStore opening', () => {
  beforeAll(assertDatabaseReachable);

  it('refuses to open a schema without its tables when migrations are not allowed', async () => {
    const schema = testSchemaName();
    const store = new PostgresStore({ connectionString: PG_URL, schema, migrate: false });
    try {
      await expect(store.open()).rejects.toThrow(/lacks migrations 1/);
      await expect(store.open()).rejects.toBeInstanceOf(StoreError);
    } finally {
      await dropSchema(schema);
    }
  });

  it('opens an up-to-date schema without migrating when migrations are not allowed', async () => {
    const schema = testSchemaName();
    const first = new PostgresStore({ connectionString: PG_URL, schema });
    await first.open();
    await first.saveInstance(orderSnapshot('o1'), undefined);
    await first.close();
    const second = new PostgresStore({ connectionString: PG_URL, schema, migrate: false });
    try {
      await second.open();
      expect(await second.loadInstance('o1')).toEqual(orderSnapshot('o1'));
    } finally {
      await second.close();
      await dropSchema(schema);
    }
  });

  it('rejects a schema name it would have to quote', () => {
    expect(() => new PostgresStore({ connectionString: PG_URL, schema: 'x"; DROP TABLE y; --' })).toThrow(StoreError);
  });

  it('fails to open with a StoreError naming the cause when the server is unreachable', async () => {
    const store = new PostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test' });
    await expect(store.open()).rejects.toThrow(/PostgreSQL open failed: .*ECONNREFUSED/);
    await expect(store.loadInstance('x')).rejects.toThrow(/not open/);
  });
});
