import { describe, expect, it } from 'vitest';
import { BpmnRunnerError, Engine, FormValidationError, ManualClock, MemoryStore } from '../../src/index.js';
import { c7, flow } from './diagrams.js';

/** start → service `produce` → user task → end: values reach the engine from start, a handler and a completion. */
const diagram = c7(`<bpmn:startEvent id="s" />${flow('f1', 's', 'produce')}
  <bpmn:serviceTask id="produce" camunda:class="produce" />${flow('f2', 'produce', 'review')}
  <bpmn:userTask id="review" />${flow('f3', 'review', 'e')}
  <bpmn:endEvent id="e" />`);

/** An object with an own key that a plain literal could not create (`{ __proto__: x }` sets the prototype). */
const ownKey = (key: string, value: unknown): Record<string, unknown> => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`);

const cyclic = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
};

const BAD_VALUES: { name: string; variables: () => Record<string, unknown> }[] = [
  { name: 'a variable named __proto__', variables: () => ownKey('__proto__', { polluted: true }) },
  { name: 'a variable named constructor', variables: () => ownKey('constructor', 'x') },
  { name: 'a variable named prototype', variables: () => ownKey('prototype', 'x') },
  { name: 'a nested __proto__ key', variables: () => ({ order: ownKey('__proto__', { polluted: true }) }) },
  { name: 'a function', variables: () => ({ fn: () => 1 }) },
  { name: 'a BigInt', variables: () => ({ big: 10n }) },
  { name: 'a cycle', variables: () => ({ loop: cyclic() }) },
  { name: 'a Map', variables: () => ({ map: new Map([['a', 1]]) }) },
  { name: 'a Set', variables: () => ({ set: new Set([1]) }) },
  { name: 'NaN', variables: () => ({ n: Number.NaN }) },
  { name: 'a symbol', variables: () => ({ s: Symbol('x') }) },
  { name: 'a class instance', variables: () => ({ err: new Error('x') }) },
];

async function setup(produce: () => unknown = () => ({ produced: 1 })) {
  const engine = new Engine({ store: new MemoryStore(), clock: new ManualClock(), retry: { maxAttempts: 1 } });
  await engine.deploy(diagram);
  engine.registerService('produce', produce as never);
  return engine;
}

function expectUntouchedPrototype(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
}

async function expectValidJsonSnapshot(engine: Engine, id: string): Promise<void> {
  const snap = await engine.exportSnapshot(id);
  expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
}

describe('values that cannot live in a JSON snapshot', () => {
  for (const bad of BAD_VALUES) {
    it(`given ${bad.name} at start, when starting, then a FormValidationError names it and no instance exists`, async () => {
      const engine = await setup();
      const err = await engine.start('p', { variables: bad.variables() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FormValidationError);
      expect((err as FormValidationError).fields.length).toBeGreaterThan(0);
      expect((await engine.listInstances()).items).toHaveLength(0);
      expectUntouchedPrototype();
    });

    it(`given ${bad.name} from a service handler, when it returns, then the call fails into an incident and the snapshot stays JSON`, async () => {
      const engine = await setup(bad.variables);
      const inst = await engine.start('p', { variables: { keep: 'me' } });
      expect(inst.status).toBe('RUNNING');
      expect(inst.incidents).toHaveLength(1);
      expect(inst.incidents[0]!.message).toMatch(/cannot be stored/);
      expect(inst.variables).toEqual({ keep: 'me' });
      await expectValidJsonSnapshot(engine, inst.id);
      expectUntouchedPrototype();
    });

    it(`given ${bad.name} in a task completion, when completing, then it is rejected with a typed error and nothing changes`, async () => {
      const engine = await setup();
      const inst = await engine.start('p');
      const [task] = await engine.listUserTasks({ instanceId: inst.id });
      const before = await engine.exportSnapshot(inst.id);
      const err = await engine.completeUserTask(task!.id, bad.variables()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BpmnRunnerError);
      expect(await engine.exportSnapshot(inst.id)).toEqual(before);
      expect(await engine.listUserTasks({ instanceId: inst.id })).toHaveLength(1);
      expectUntouchedPrototype();
    });
  }

  it('given Dates from start, a handler and a completion, when stored, then each becomes its ISO string', async () => {
    const engine = await setup(() => ({ producedAt: new Date('2026-02-03T04:05:06.000Z'), nested: { at: [new Date(0)] } }));
    const inst = await engine.start('p', { variables: { startedAt: new Date('2026-01-01T00:00:00Z') } });
    const [task] = await engine.listUserTasks({ instanceId: inst.id });
    const done = await engine.completeUserTask(task!.id, { decidedAt: new Date('2026-03-01T12:00:00Z') });
    expect(done.variables).toMatchObject({
      startedAt: '2026-01-01T00:00:00.000Z',
      producedAt: '2026-02-03T04:05:06.000Z',
      nested: { at: ['1970-01-01T00:00:00.000Z'] },
      decidedAt: '2026-03-01T12:00:00.000Z',
    });
    await expectValidJsonSnapshot(engine, inst.id);
  });

  it('given setVariables with a __proto__ name, when called, then it is rejected and the variables stay as they were', async () => {
    const engine = await setup();
    const inst = await engine.start('p', { variables: { a: 1 } });
    await expect(engine.setVariables(inst.id, ownKey('__proto__', { polluted: true }))).rejects.toBeInstanceOf(FormValidationError);
    expect((await engine.getInstance(inst.id))?.variables).toEqual({ a: 1, produced: 1 });
    expectUntouchedPrototype();
  });
});
