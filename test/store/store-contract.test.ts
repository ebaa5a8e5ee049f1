import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore, MemoryStore } from '../../src/store/index.js';
import { storeContract, type Subject } from './store-contract-cases.js';

const subjects: { name: string; make(): Promise<Subject> }[] = [
  { name: 'MemoryStore', make: async () => ({ store: new MemoryStore(), cleanup: async () => {} }) },
  {
    name: 'FileStore',
    make: async () => {
      const dir = await mkdtemp(join(tmpdir(), 'bpmn-store-'));
      return { store: new FileStore({ dir }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

describe.each(subjects)('$name (Store contract)', ({ make }) => storeContract(make));

describe('MemoryStore compact texts', () => {
  it('keeps variables that look like the snapshot lists, and history data named `at`', async () => {
    const { MemoryStore } = await import('../../src/store/memory-store.js');
    const { orderSnapshot } = await import('./snapshot-fixture.js');
    const store = new MemoryStore();
    const snap = { ...orderSnapshot('x'), variables: { jobs: [], tokens: [], nested: { incidents: [] } } };
    await store.saveInstance(snap, undefined, [
      { seq: 1, at: '2026-01-01T00:00:00.000Z', type: 'a', data: { at: 'inner' } },
      { seq: 2, at: '2026-01-01T00:00:00.000Z', type: 'b' },
    ]);
    const back = await store.loadInstance('x');
    expect(back?.variables).toEqual({ jobs: [], tokens: [], nested: { incidents: [] } });
    expect(back?.scopes).toEqual([]);
    expect(await store.readHistory('x')).toEqual([
      { seq: 1, at: '2026-01-01T00:00:00.000Z', type: 'a', data: { at: 'inner' } },
      { seq: 2, at: '2026-01-01T00:00:00.000Z', type: 'b' },
    ]);
  });
});
