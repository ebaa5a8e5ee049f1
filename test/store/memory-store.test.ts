import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../src/engine/state.js';
import { MemoryStore } from '../../src/store/index.js';

/**
 * MemoryStore keeps snapshots and history in compact texts of its own (a line format for history when
 * a batch allows it, a snapshot without its empty lists and with instanceId/process kept aside); either
 * way what comes back must be exactly what went in.
 */
const AT = '2024-05-01T10:00:00.000Z';

async function roundTrip(events: HistoryEvent[]): Promise<HistoryEvent[]> {
  const store = new MemoryStore();
  await store.appendHistory('i', events);
  return store.readHistory('i');
}

describe('MemoryStore history', () => {
  it('gives back a batch of one command as it was given', async () => {
    const events: HistoryEvent[] = [
      { seq: 7, at: AT, type: 'instance.started', data: { processKey: 'p', version: 1 } },
      { seq: 8, at: AT, type: 'element.entered', elementId: 'Start' },
      { seq: 9, at: AT, type: 'userTask.created', elementId: 'Task', data: { taskId: 'i:ut2', note: 'a\tb\nc', list: [1, null] } },
      { seq: 10, at: AT, type: 'instance.completed' },
    ];

    const back = await roundTrip(events);

    expect(back).toStrictEqual(events);
  });

  it('gives back event data of every shape, whether it was written by hand or by JSON.stringify', async () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    const datas: Record<string, unknown>[] = [
      { names: ['count', 'limit'] },
      { processKey: 'p', version: 3, flag: true, none: null, big: 1e21, small: 5e-7, neg: -2.5 },
      { quote: 'say "hi"', backslash: 'a\\b', tab: 'a\tb', nl: 'a\nb', ctrl: '\u0001', uni: 'Ünï ☃ \ud83d\ude00', lone: '\ud800' },
      { 'key "quoted"': 1, 'key\twith tab': 2 },
      { nested: { a: [1, { b: 2 }] }, list: [1, 'x', null, true], empty: [], emptyObject: {} },
      { skipped: undefined, kept: 'k' },
      { nan: Number.NaN, inf: Number.POSITIVE_INFINITY },
      { holes: [1, , 3] },
      nullProto,
      {},
    ];
    const events: HistoryEvent[] = datas.map((data, i) => ({ seq: i + 1, at: AT, type: 't', data }));

    const back = await roundTrip(events);

    // Exactly what a JSON round trip gives (undefined dropped, NaN/Infinity and holes as null).
    expect(back).toStrictEqual(JSON.parse(JSON.stringify(events)));
  });

  it.each([
    ['different times', [{ seq: 1, at: AT, type: 'a' }, { seq: 2, at: 'later', type: 'b' }]],
    ['a gap in the numbers', [{ seq: 1, at: AT, type: 'a' }, { seq: 3, at: AT, type: 'b' }]],
    ['an empty element id', [{ seq: 1, at: AT, type: 'a', elementId: '' }]],
    ['a tab in the type', [{ seq: 1, at: AT, type: 'a\tb' }]],
    ['a newline in the element id', [{ seq: 1, at: AT, type: 'a', elementId: 'x\ny' }]],
    ['a time that starts like JSON', [{ seq: 1, at: '[x', type: 'a' }]],
    ['a newline in the time', [{ seq: 1, at: 'a\nb', type: 'a' }]],
  ] as [string, HistoryEvent[]][])('keeps a batch with %s exactly', async (_why, events) => {
    expect(await roundTrip(events)).toStrictEqual(events);
  });

  it('reads batches of both forms back in order', async () => {
    const store = new MemoryStore();
    const compact: HistoryEvent[] = [{ seq: 1, at: AT, type: 'a', elementId: 'X' }];
    const mixed: HistoryEvent[] = [{ seq: 2, at: AT, type: 'b' }, { seq: 3, at: 'other', type: 'c' }];
    await store.saveInstance(snapshot(), undefined, compact);
    await store.appendHistory('i', mixed);
    await store.appendHistory('i', [{ seq: 4, at: AT, type: 'd', data: {} }]);

    expect(await store.readHistory('i')).toStrictEqual([...compact, ...mixed, { seq: 4, at: AT, type: 'd', data: {} }]);
  });

  it('keeps history and snapshot apart although they share one entry per instance', async () => {
    const store = new MemoryStore();
    const events: HistoryEvent[] = [{ seq: 1, at: AT, type: 'instance.started' }];
    await store.saveInstance(snapshot(), undefined, events);

    await store.deleteInstance('i');
    expect(await store.loadInstance('i')).toBeUndefined();
    expect(await store.loadAllInstances()).toEqual([]);
    expect(await store.readHistory('i')).toStrictEqual(events);

    // A deleted instance is new again: saving it expects no version.
    await store.saveInstance(snapshot(), undefined);
    await store.deleteHistory('i');
    expect(await store.readHistory('i')).toEqual([]);
    expect((await store.loadInstance('i'))?.instanceId).toBe('i');

    await store.deleteInstance('i');
    await store.appendHistory('i', events);
    expect(await store.loadInstance('i')).toBeUndefined();
    expect(await store.readHistory('i')).toStrictEqual(events);
  });

  it('gives back a snapshot equal to the saved one, with instanceId and process where they were', async () => {
    const store = new MemoryStore();
    const s = snapshot();
    s.variables = { instanceId: 'not the id', process: { key: 'x' }, n: 1 };
    await store.saveInstance(s, undefined);

    const back = await store.loadInstance('i');

    expect(back).toStrictEqual(s);
    expect(Object.keys(back!).slice(0, 3)).toEqual(['schemaVersion', 'instanceId', 'process']);
  });

  it('hands out a fresh process object per load, shared by nothing', async () => {
    const store = new MemoryStore();
    await store.saveInstance(snapshot('a'), undefined);
    await store.saveInstance(snapshot('b'), undefined);

    const a = await store.loadInstance('a');
    a!.process.key = 'changed';
    const [b, again] = [await store.loadInstance('b'), await store.loadInstance('a')];

    const saved = snapshot('c');
    await store.saveInstance(saved, undefined);
    saved.process.key = 'mutated after the save';
    expect((await store.loadInstance('c'))!.process.key).toBe('p');
    expect(b!.process).toEqual({ key: 'p', version: 1, specHash: 'h' });
    expect(again!.process).toEqual({ key: 'p', version: 1, specHash: 'h' });
    expect((await store.loadAllInstances()).map((x) => [x.instanceId, x.process.key])).toEqual([['a', 'p'], ['b', 'p'], ['c', 'p']]);
  });

  it('keeps a process it does not recognise as it is', async () => {
    const store = new MemoryStore();
    const odd = snapshot();
    (odd as { process: unknown }).process = { key: 'p', version: 1, specHash: 'h', extra: true };
    await store.saveInstance(odd, undefined);

    expect(await store.loadInstance('i')).toStrictEqual(odd);
  });

  it('keeps a variable called like a snapshot list even when it is empty', async () => {
    const store = new MemoryStore();
    const s = snapshot();
    s.variables = { jobs: [], tokens: [] };
    await store.saveInstance(s, undefined);

    const back = await store.loadInstance('i');

    expect(back!.variables).toEqual({ jobs: [], tokens: [] });
    expect(back!.jobs).toEqual([]);
    expect(back!.tokens).toEqual([]);
  });
});

function snapshot(instanceId = 'i') {
  return {
    schemaVersion: 1,
    instanceId,
    process: { key: 'p', version: 1, specHash: 'h' },
    status: 'RUNNING' as const,
    tokens: [],
    scopes: [],
    variables: {} as Record<string, unknown>,
    userTasks: [],
    jobs: [],
    timers: [],
    subscriptions: [],
    incidents: [],
    startedAt: AT,
    nextId: 0,
    historySeq: 0,
    version: 1,
  };
}
