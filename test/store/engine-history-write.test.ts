import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/index.js';
import type { HistoryEvent, Snapshot } from '../../src/engine/state.js';
import { MemoryStore } from '../../src/store/index.js';

// The runtime's side of "a snapshot and its history in one durable write": every command reaches the
// store as one saveInstance call that carries the command's history, never as a save plus an append.

const DIAGRAM = new URL('../../diagrams/c7-user-task-assignment.bpmn', import.meta.url).pathname;
const VARIABLES = { owner: 'ann', reviewer: 'bob', dept: 'sales' };

interface SaveCall {
  version: number;
  history: HistoryEvent[] | undefined;
}

class RecordingStore extends MemoryStore {
  readonly saves: SaveCall[] = [];
  appends = 0;

  override async saveInstance(snapshot: Snapshot, expectedVersion: number | undefined, history?: readonly HistoryEvent[]): Promise<void> {
    await super.saveInstance(snapshot, expectedVersion, history);
    this.saves.push({ version: snapshot.version, history: history === undefined ? undefined : [...history] });
  }

  override async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    this.appends++;
    await super.appendHistory(instanceId, events);
  }
}

async function runTwoTasks(engine: Engine): Promise<string> {
  await engine.deployFile(DIAGRAM);
  const started = await engine.start('c7_user_task_assignment', { variables: VARIABLES });
  for (let i = 0; i < 2; i++) {
    const [task] = await engine.listUserTasks({ instanceId: started.id });
    await engine.completeUserTask(task!.id);
  }
  return started.id;
}

describe('Engine writes history with the snapshot', () => {
  it('hands each command its history in the saveInstance call and never appends separately', async () => {
    // given an engine over a store that records how it is called
    const store = new RecordingStore();
    const engine = new Engine({ store });

    // when an instance runs start → review → approve
    const id = await runTwoTasks(engine);

    // then there was one save per command, each carrying history, and no separate append
    expect((await engine.getInstance(id))?.status).toBe('COMPLETED');
    expect(store.saves.map((s) => s.version)).toEqual([1, 2, 3]);
    expect(store.saves.every((s) => s.history !== undefined && s.history.length > 0)).toBe(true);
    expect(store.appends).toBe(0);
    // and the history read back is exactly what the saves carried, in order
    const carried = store.saves.flatMap((s) => s.history ?? []);
    expect(await engine.history(id)).toEqual(carried);
    expect(carried.map((e) => e.type)).toContain('instance.completed');
    await engine.close();
  });

  it('passes no history to the store when history is off', async () => {
    const store = new RecordingStore();
    const engine = new Engine({ store, history: false });

    const id = await runTwoTasks(engine);

    expect(store.saves.map((s) => s.history)).toEqual([undefined, undefined, undefined]);
    expect(store.appends).toBe(0);
    expect(await store.readHistory(id)).toEqual([]);
    await engine.close();
  });
});
