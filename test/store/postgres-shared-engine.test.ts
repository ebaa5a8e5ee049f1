import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Engine, ManualClock } from '../../src/index.js';
import type { ServiceHandler } from '../../src/index.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { PG_URL, assertDatabaseReachable, dropSchema, testSchemaName } from './postgres-test-db.js';

// Two Engines in this test, each with its own PostgresStore (its own pool): to the database they are
// two engine processes. Neither keeps an index of the other's instances, so everything one of them
// sees of the other's work comes through the store's tables.

const ORDER = readFileSync(new URL('../scale-out/scale-out.bpmn', import.meta.url), 'utf8');
const DIAGRAMS = new URL('../../diagrams/', import.meta.url).pathname;
const START = new Date('2026-03-01T08:00:00.000Z');

describe('Engines sharing one PostgreSQL schema', () => {
  let schema: string;
  let engines: Engine[];
  let calls: Map<string, number>;

  beforeAll(assertDatabaseReachable);
  beforeEach(() => {
    schema = testSchemaName();
    engines = [];
    calls = new Map();
  });
  afterEach(async () => {
    for (const e of engines) await e.close().catch(() => {});
    await dropSchema(schema);
  });

  const counted = (type: string): ServiceHandler => (ctx) => {
    const key = `${type}:${ctx.instanceId}:${ctx.attempt}`;
    calls.set(key, (calls.get(key) ?? 0) + 1);
  };

  function engine(clock = new ManualClock(START), services = true): Engine {
    const e = new Engine({
      store: new PostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 }),
      clock,
      ...(services ? { services: { charge: counted('charge'), ship: counted('ship'), notify: counted('notify') } } : {}),
    });
    engines.push(e);
    return e;
  }

  it('runs an order across both: job in one, task completed from the other, timer fired by whichever claims it', async () => {
    const clock = new ManualClock(START);
    const a = engine(clock);
    const b = engine(clock);
    await a.deploy(ORDER);
    const started = await a.start('scale_out_order', { variables: { wait: 'PT10S', approver: 'ann' }, businessKey: 'o-1' });

    // the async charge job is claimed and run by B, which never saw the instance start
    expect(await b.runDueTimers()).toBe(1);
    const [task] = await b.listUserTasks({ candidateGroup: 'sales' });
    expect(task).toMatchObject({ instanceId: started.id, elementId: 'Approve', form: { fields: [{ id: 'approved', type: 'boolean' }] } });
    expect(await a.getUserTask(task!.id)).toEqual(task);
    const waiting = await b.completeUserTask(task!.id, { approved: 'true' });
    expect(waiting.activeElementIds).toEqual(['Wait']);
    expect(await a.runDueTimers()).toBe(0);

    clock.advance(10_000);
    expect(await a.runDueTimers()).toBe(1);
    expect(await b.getInstance(started.id)).toMatchObject({ status: 'COMPLETED', variables: { approved: true } });
    expect([...calls.entries()].sort()).toEqual([
      [`charge:${started.id}:1`, 1],
      [`notify:${started.id}:1`, 1],
      [`ship:${started.id}:1`, 1],
    ]);
    expect((await a.listInstances({ businessKey: 'o-1', status: 'COMPLETED' })).items.map((i) => i.id)).toEqual([started.id]);
  });

  it('claims each due job once when both engines run due work at the same moment', async () => {
    const a = engine();
    const b = engine();
    await a.deploy(ORDER);
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await a.start('scale_out_order', { variables: { wait: 'PT1S', approver: 'ann' } })).id);

    const [firedA, firedB] = await Promise.all([a.runDueTimers(), b.runDueTimers()]);

    expect(firedA + firedB).toBe(40);
    expect(ids.map((id) => calls.get(`charge:${id}:1`))).toEqual(ids.map(() => 1));
    expect(await b.listUserTasks({ processKey: 'scale_out_order' })).toHaveLength(40);
  });

  it('delivers one message to one waiting instance once, whichever engine correlates it', async () => {
    const a = engine();
    const b = engine();
    await a.deployFile(`${DIAGRAMS}c7-approval-timeout.bpmn`);
    const started = await a.start('c7_approval_timeout', { businessKey: 'order-9' });
    const [task] = await b.listUserTasks({ instanceId: started.id });
    await b.completeUserTask(task!.id, {});

    const results = await Promise.all([
      a.correlateMessage('approved', { correlationKey: 'order-9', variables: { by: 'a' } }),
      b.correlateMessage('approved', { correlationKey: 'order-9', variables: { by: 'b' } }),
    ]);

    expect(results.map((r) => r.instanceIds.length).sort()).toEqual([0, 1]);
    const done = await a.getInstance(started.id);
    expect(done?.status).toBe('COMPLETED');
    expect(done?.variables.by).toBe(results[0]!.instanceIds.length === 1 ? 'a' : 'b');
  });

  it('keeps a message buffered for its TTL in the store: an instance started in the other engine takes it', async () => {
    const a = engine();
    const b = engine();
    await a.deployFile(`${DIAGRAMS}c7-message-ttl.bpmn`);
    await b.deployFile(`${DIAGRAMS}c7-message-ttl.bpmn`);

    const early = await a.correlateMessage('confirmed', { correlationKey: 'order-5', variables: { confirmedBy: 'bob' }, ttlMs: 3_600_000 });
    const started = await b.start('c7_message_ttl', { businessKey: 'order-5' });
    const [task] = await b.listUserTasks({ instanceId: started.id });
    await b.completeUserTask(task!.id, {});

    expect(early).toEqual({ instanceIds: [], buffered: true });
    expect(await a.getInstance(started.id)).toMatchObject({ status: 'COMPLETED', variables: { confirmedBy: 'bob' } });
  });

  it('accepts a message id once across engines; a repeat gets the first answer', async () => {
    const a = engine();
    const b = engine();
    await a.deployFile(`${DIAGRAMS}c7-approval-timeout.bpmn`);
    const started = await a.start('c7_approval_timeout', { businessKey: 'order-3' });
    await a.completeUserTask((await a.listUserTasks({ instanceId: started.id }))[0]!.id, {});

    const first = await a.correlateMessage('approved', { correlationKey: 'order-3', messageId: 'm-1' });
    const repeat = await b.correlateMessage('approved', { correlationKey: 'order-3', messageId: 'm-1' });

    expect(first).toEqual({ instanceIds: [started.id], buffered: false });
    expect(repeat).toEqual(first);
  });

  it('locks each external task for one worker when both engines fetch at once', async () => {
    const a = engine(undefined, false);
    const b = engine(undefined, false);
    await a.deployFile(`${DIAGRAMS}c7-external-task.bpmn`);
    for (let i = 0; i < 12; i++) await a.start('c7_external_task', { variables: { orderId: `A-${i}` } });

    const topics = [{ topic: 'ship-order', lockDurationMs: 60_000 }];
    const [fromA, fromB] = await Promise.all([
      a.fetchAndLock({ workerId: 'wa', maxTasks: 8, topics }),
      b.fetchAndLock({ workerId: 'wb', maxTasks: 8, topics }),
    ]);
    const ids = [...fromA, ...fromB].map((t) => t.id);
    const rest = await b.fetchAndLock({ workerId: 'wb', maxTasks: 20, topics });

    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length + rest.length).toBe(12);
    for (const t of fromA) expect((await b.completeExternalTask(t.id, 'wa')).status).toBe('COMPLETED');
  });

  it('agrees on versions when both engines deploy the same file at once, and knows the other one\'s deployments', async () => {
    const a = engine();
    const b = engine();
    const [da, db] = await Promise.all([a.deploy(ORDER), b.deploy(ORDER)]);
    expect(da.processes).toEqual(db.processes);
    expect(da.processes.map((p) => p.version)).toEqual([1]);

    await a.deployFile(`${DIAGRAMS}c7-approval-timeout.bpmn`);
    const started = await b.start('c7_approval_timeout', { businessKey: 'x' });
    expect(started.processVersion).toBe(1);
  });

  it('fires a timer start event once per due time, whichever engine gets there first', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x">
  <bpmn:process id="every_minute" isExecutable="true">
    <bpmn:startEvent id="Tick"><bpmn:outgoing>f1</bpmn:outgoing>
      <bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R3/PT1M</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="Tick" targetRef="Work" />
    <bpmn:userTask id="Work"><bpmn:incoming>f1</bpmn:incoming></bpmn:userTask>
  </bpmn:process>
</bpmn:definitions>`;
    const clock = new ManualClock(START);
    const a = engine(clock);
    const b = engine(clock);
    await Promise.all([a.deploy(xml), b.deploy(xml)]);

    const fired: number[] = [];
    for (let minute = 1; minute <= 4; minute++) {
      clock.advance(60_000);
      const [x, y] = await Promise.all([a.runDueTimers(), b.runDueTimers()]);
      fired.push(x + y);
    }

    expect(fired).toEqual([1, 1, 1, 0]);
    expect((await a.listInstances({ processKey: 'every_minute' })).items).toHaveLength(3);
  });

  it('wakes an idle engine by NOTIFY when another stores work due now (its own poll is a minute away)', async () => {
    // A runs no job loop of its own (manual clock); B polls once a minute, so only A's NOTIFY can wake it.
    const a = engine(new ManualClock(new Date()));
    const b = new Engine({
      store: new PostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 }),
      services: { charge: counted('charge'), ship: counted('ship'), notify: counted('notify') },
      jobExecutor: { pollIntervalMs: 60_000 },
    });
    engines.push(b);
    await b.deploy(ORDER);
    await a.deploy(ORDER);
    const charged = new Promise<void>((resolve) => b.on('userTask.created', () => resolve()));

    const started = await a.start('scale_out_order', { variables: { wait: 'PT1S', approver: 'ann' } });
    await charged;

    expect(calls.get(`charge:${started.id}:1`)).toBe(1);
    expect((await a.getInstance(started.id))?.activeElementIds).toEqual(['Approve']);
  });

  it('retries a command that lost the race to another engine (no handler ran): both changes land', async () => {
    const a = engine();
    const b = engine();
    await a.deploy(ORDER);
    const started = await a.start('scale_out_order', { variables: { wait: 'PT1S', approver: 'ann' } });

    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).setVariables(started.id, { [`v${i}`]: i })));

    const inst = await b.getInstance(started.id);
    expect(Object.keys(inst!.variables).filter((k) => k.startsWith('v')).sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9']);
  });
});
