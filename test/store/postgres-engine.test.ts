import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { PG_URL, assertDatabaseReachable, dropSchema, testSchemaName } from './postgres-test-db.js';

// An Engine over PostgresStore, stopped and replaced by another over the same schema: the way a
// restarted (or second) engine process continues instances. The projections must describe each
// wait state the engine persisted.

const DIAGRAM = new URL('../../diagrams/c7-approval-timeout.bpmn', import.meta.url).pathname;
const START = new Date('2024-05-01T08:00:00.000Z');

describe('Engine over PostgresStore', () => {
  let schema: string;
  let engines: Engine[];

  beforeAll(assertDatabaseReachable);

  beforeEach(() => {
    schema = testSchemaName();
    engines = [];
  });

  afterEach(async () => {
    for (const e of engines) await e.close().catch(() => {});
    await dropSchema(schema);
  });

  function engineOn(store: PostgresStore, clock: ManualClock): Engine {
    const engine = new Engine({ store, clock });
    engines.push(engine);
    return engine;
  }

  it('continues an instance in a new engine, with user task, subscription and timer rows at each wait', async () => {
    // given an engine that started an approval and completed its user task
    const storeA = new PostgresStore({ connectionString: PG_URL, schema });
    const a = engineOn(storeA, new ManualClock(START));
    await a.deployFile(DIAGRAM);
    const started = await a.start('c7_approval_timeout', { businessKey: 'order-7' });
    const [task] = await storeA.openUserTasks({ instanceId: started.id });
    expect(task).toMatchObject({ elementId: 'UserTask_request', processKey: 'c7_approval_timeout', businessKey: 'order-7' });
    await a.completeUserTask(task!.id, {});

    expect(await storeA.openUserTasks({ instanceId: started.id })).toEqual([]);
    expect(await storeA.subscriptionsByName('message', 'approved')).toMatchObject([{ instanceId: started.id, name: 'approved' }]);
    expect(await storeA.dueTimers(new Date(START.getTime() + 24 * 3600_000 - 1), 10)).toEqual([]);
    await a.close();

    // when a second engine over the same schema receives the message
    const storeB = new PostgresStore({ connectionString: PG_URL, schema });
    const b = engineOn(storeB, new ManualClock(new Date(START.getTime() + 3600_000)));
    const delivered = await b.correlateMessage('approved', { correlationKey: 'order-7', variables: { approvedBy: 'ann' } });

    // then it finishes the instance the first one started, and nothing of it is left to run
    expect(delivered.instanceIds).toEqual([started.id]);
    const done = await b.getInstance(started.id);
    expect(done).toMatchObject({ status: 'COMPLETED', businessKey: 'order-7', variables: { approvedBy: 'ann' } });
    expect(await storeB.subscriptionsByName('message', 'approved')).toEqual([]);
    expect(await storeB.dueTimers(new Date(START.getTime() + 48 * 3600_000), 10)).toEqual([]);
    const history = await b.history(started.id);
    expect(history.map((e) => e.seq)).toEqual(history.map((_, i) => i + 1));
    expect(history.some((e) => e.elementId === 'EndEvent_approved')).toBe(true);
  });

  it('fires a timer that fell due while no engine was running', async () => {
    const storeA = new PostgresStore({ connectionString: PG_URL, schema });
    const a = engineOn(storeA, new ManualClock(START));
    await a.deployFile(DIAGRAM);
    const started = await a.start('c7_approval_timeout', { businessKey: 'order-7' });
    const [task] = await a.listUserTasks({ instanceId: started.id });
    await a.completeUserTask(task!.id, {});
    await a.close();

    const later = new Date(START.getTime() + 25 * 3600_000);
    const storeB = new PostgresStore({ connectionString: PG_URL, schema });
    const b = engineOn(storeB, new ManualClock(later));
    await storeB.open();
    const [due] = await storeB.dueTimers(later, 10);
    // A look, not a claim: the engine's job loop claims it next.
    await storeB.releaseClaim('timer', due!.instanceId, due!.timerId);
    const fired = await b.runDueTimers();

    expect(due).toMatchObject({ instanceId: started.id, dueAt: '2024-05-02T08:00:00.000Z' });
    expect(fired).toBe(1);
    expect(await b.getInstance(started.id)).toMatchObject({ status: 'COMPLETED' });
    expect((await b.history(started.id)).some((e) => e.elementId === 'EndEvent_timedOut')).toBe(true);
  });
});
