import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, StoreError } from '../../src/errors/index.js';
import type { HistoryEvent } from '../../src/engine/state.js';
import { FileStore } from '../../src/store/index.js';
import { JOURNAL_HEADER, encodeGroup, scanJournal } from '../../src/store/file-journal-format.js';
import { FileJournal } from '../../src/store/file-journal.js';
import { orderSnapshot } from './snapshot-fixture.js';

let dir: string;
const opened: FileStore[] = [];

async function openStore(at = dir, options: { compactMinBytes?: number } = {}): Promise<FileStore> {
  const store = new FileStore({ dir: at, fsync: false, ...options });
  await store.open();
  opened.push(store);
  return store;
}

async function closeAll(): Promise<void> {
  for (const store of opened.splice(0)) await store.close();
}

const journalOf = (at: string): string => join(at, 'journal.log');
const event = (seq: number): HistoryEvent => ({ seq, at: '2024-05-01T10:00:00.000Z', type: 'element.completed' });

/** What a store holds, in a form toEqual can compare. */
async function contents(store: FileStore, ids: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const s of await store.loadAllInstances()) out[`i:${s.instanceId}`] = s.version;
  for (const id of ids) {
    const h = await store.readHistory(id);
    if (h.length > 0) out[`h:${id}`] = h.map((e) => e.seq);
  }
  return out;
}

/** Deterministic, so a failing offset can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bpmn-journal-'));
});

afterEach(async () => {
  await closeAll();
  await rm(dir, { recursive: true, force: true });
});

describe('FileStore journal: crash at any byte', () => {
  const ids = ['a', 'b', 'c', 'd'];

  const savesWithHistory = [
    { id: 'c', version: 2, seqs: [1, 2] },
    { id: 'a', version: 4, seqs: [4] },
    { id: 'd', version: 1, seqs: [10] },
    { id: 'a', version: 5, seqs: [5, 6] },
  ];

  it('recovers every group that ended before the cut and nothing after it', async () => {
    // given a journal written one awaited call (= one group) at a time, with the state after each
    const store = await openStore();
    const header = Buffer.byteLength(JOURNAL_HEADER);
    const ends: number[] = [header];
    const states: Record<string, unknown>[] = [await contents(store, ids)];
    const ops: (() => Promise<void>)[] = [
      () => store.saveInstance(orderSnapshot('a', 1), undefined),
      () => store.appendHistory('a', [event(1), event(2)]),
      () => store.saveInstance(orderSnapshot('b', 1), undefined),
      () => store.saveInstance(orderSnapshot('a', 2), 1),
      () => store.appendHistory('b', [event(1)]),
      () => store.saveInstance(orderSnapshot('c', 1), undefined),
      () => store.deleteInstance('b'),
      () => store.appendHistory('a', [event(3)]),
      () => store.deleteHistory('b'),
      () => store.saveInstance(orderSnapshot('a', 3), 2),
      () => store.saveInstance(orderSnapshot('c', 2), 1, [event(1), event(2)]),
      () => store.saveInstance(orderSnapshot('a', 4), 3, [event(4)]),
      () => store.saveInstance(orderSnapshot('d', 1), undefined, [event(10)]),
      () => store.saveInstance(orderSnapshot('a', 5), 4, [event(5), event(6)]),
    ];
    for (const op of ops) {
      await op();
      ends.push((await readFile(journalOf(dir))).length);
      states.push(await contents(store, ids));
    }
    await closeAll();
    const full = await readFile(journalOf(dir));
    const next = random(42);
    const cuts = new Set<number>([0, 1, header - 1, full.length - 1]);
    for (const end of ends) for (const d of [-1, 0, 1]) if (end + d >= 0 && end + d <= full.length) cuts.add(end + d);
    // around every record boundary inside a group, e.g. just after a snapshot and before its history
    for (const r of (await scanJournal(full, 'j')).records) {
      for (const d of [-1, 0, 1, 2]) if (r.offset + r.length + d <= full.length) cuts.add(r.offset + r.length + d);
    }
    const planned = cuts.size;
    while (cuts.size < planned + 80) cuts.add(Math.floor(next() * full.length));

    for (const cut of cuts) {
      // when the file ends at `cut` (a crash before that group's fsync returned)
      const crashed = await mkdtemp(join(tmpdir(), 'bpmn-journal-cut-'));
      try {
        await writeFile(journalOf(crashed), full.subarray(0, cut));
        const reopened = await openStore(crashed);

        // then the store holds exactly the state after the last complete group
        const complete = ends.filter((e) => e <= cut).length - 1;
        expect({ cut, state: await contents(reopened, ids) }).toEqual({ cut, state: states[Math.max(0, complete)] });
        // and a snapshot saved with history is there exactly when that history is
        for (const save of savesWithHistory) {
          const snapshot = await reopened.loadInstance(save.id);
          const seqs = (await reopened.readHistory(save.id)).map((e) => e.seq);
          const snapshotKept = snapshot !== undefined && snapshot.version >= save.version;
          expect({ cut, save, snapshotKept, historyKept: save.seqs.every((q) => seqs.includes(q)) }).toEqual({
            cut,
            save,
            snapshotKept,
            historyKept: snapshotKept,
          });
        }
        // and the torn tail is gone, so the next group is not glued onto it
        await reopened.saveInstance(orderSnapshot('after-crash'), undefined);
        await closeAll();
        expect((await (await openStore(crashed)).loadInstance('after-crash'))?.version).toBe(1);
      } finally {
        await closeAll();
        await rm(crashed, { recursive: true, force: true });
      }
    }
  });

  it('treats a garbled or zero-filled last group as torn', async () => {
    const store = await openStore();
    await store.saveInstance(orderSnapshot('a', 1), undefined);
    await store.saveInstance(orderSnapshot('a', 2), 1);
    await closeAll();
    const full = await readFile(journalOf(dir));
    const lastGroup = (await scanJournal(full, 'j')).groupEnds[0];
    const garbled = Buffer.from(full);
    garbled[full.length - 5] ^= 0xff;

    await writeFile(journalOf(dir), garbled);
    expect((await (await openStore()).loadInstance('a'))?.version).toBe(1);
    await closeAll();

    // a power cut can leave the file longer than what was written, padded with zeros
    await writeFile(journalOf(dir), Buffer.concat([full.subarray(0, lastGroup), Buffer.alloc(4096)]));
    expect((await (await openStore()).loadInstance('a'))?.version).toBe(1);
  });

  it('refuses a damaged group that has intact groups after it, naming the file and the byte', async () => {
    const store = await openStore();
    await store.saveInstance(orderSnapshot('a', 1), undefined);
    await store.saveInstance(orderSnapshot('b', 1), undefined);
    await closeAll();
    const full = await readFile(journalOf(dir));
    const firstGroup = Buffer.byteLength(JOURNAL_HEADER);
    full[firstGroup + 60] ^= 0x01;
    await writeFile(journalOf(dir), full);

    const reopening = new FileStore({ dir, fsync: false }).open();

    await expect(reopening).rejects.toBeInstanceOf(StoreError);
    await expect(reopening).rejects.toThrow(`${journalOf(dir)}: journal is damaged at byte ${firstGroup}`);
  });

  it('names the instance of a snapshot that fails the schema inside an intact group', async () => {
    const tampered = JSON.stringify({ ...orderSnapshot('a'), status: 'HACKED' });
    const group = encodeGroup([{ op: 'save', id: 'a', version: 1, payload: tampered }]).bytes;
    await writeFile(journalOf(dir), Buffer.concat([Buffer.from(JOURNAL_HEADER), group]));
    const store = await openStore();

    await expect(store.loadInstance('a')).rejects.toThrow(/journal\.log: snapshot field 'status' must be one of/);
    await expect(store.loadAllInstances()).rejects.toMatchObject({ details: { file: journalOf(dir), instanceId: 'a' } });
  });

  it('refuses a file that is not a journal', async () => {
    await writeFile(journalOf(dir), '{"some":"other file"}\n');

    await expect(new FileStore({ dir }).open()).rejects.toThrow(/journal\.log: file is not a bpmn-runner journal/);
  });
});

describe('FileStore journal: group commit', () => {
  it('writes saves issued together as one group, each durable when its promise resolves', async () => {
    const store = await openStore();

    await Promise.all(Array.from({ length: 200 }, (_, i) => store.saveInstance(orderSnapshot(`o${i}`), undefined)));

    const scan = await scanJournal(await readFile(journalOf(dir)), 'j');
    expect(scan.records).toHaveLength(200);
    expect(scan.groupEnds.length).toBeLessThanOrEqual(2);
  });

  it('writes a save and its history as one group, also when many saves share it', async () => {
    const store = await openStore();
    await store.saveInstance(orderSnapshot('solo', 1), undefined, [event(1)]);

    await Promise.all(Array.from({ length: 50 }, (_, i) => store.saveInstance(orderSnapshot(`o${i}`), undefined, [event(i)])));

    const scan = await scanJournal(await readFile(journalOf(dir)), 'j');
    const groupOf = (offset: number): number => scan.groupEnds.findIndex((end) => offset < end);
    expect(scan.records).toHaveLength(2 * 51);
    expect(groupOf(scan.records[0]!.offset)).toBe(0);
    expect(scan.groupEnds.length).toBeLessThanOrEqual(3);
    for (const save of scan.records.filter((r) => r.op === 'save')) {
      const hist = scan.records.filter((r) => r.op === 'hist' && r.id === save.id);
      expect(hist).toHaveLength(1);
      expect({ id: save.id, group: groupOf(hist[0]!.offset) }).toEqual({ id: save.id, group: groupOf(save.offset) });
    }
  });

  it('lets exactly one of two racing saves from the same version win while both wait for one fsync', async () => {
    const store = await openStore();
    await store.saveInstance(orderSnapshot('a', 1), undefined);

    const results = await Promise.allSettled([store.saveInstance(orderSnapshot('a', 2), 1), store.saveInstance(orderSnapshot('a', 2), 1)]);

    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: expect.any(ConflictError) });
  });

  it('answers a read issued while a save is queued with the saved snapshot', async () => {
    const store = await openStore();
    const saving = store.saveInstance(orderSnapshot('a', 1), undefined);
    const history = store.appendHistory('a', [event(1)]);

    const [loaded, events] = await Promise.all([store.loadInstance('a'), store.readHistory('a'), saving, history]);

    expect(loaded?.version).toBe(1);
    expect(events).toEqual([event(1)]);
  });
});

describe('FileStore journal: compaction', () => {
  it('drops overwritten and deleted snapshots, keeps history, and a new store reads the result', async () => {
    const store = await openStore(dir, { compactMinBytes: 20_000 });
    for (let v = 1; v <= 60; v++) {
      await store.saveInstance(orderSnapshot('kept', v), v === 1 ? undefined : v - 1);
      await store.appendHistory('kept', [event(v)]);
      await store.saveInstance(orderSnapshot(`gone${v}`), undefined);
      await store.deleteInstance(`gone${v}`);
    }
    const written = 60 * 4;

    const scan = await scanJournal(await readFile(journalOf(dir)), 'j');
    expect(scan.records.length).toBeLessThan(written / 2);
    expect((await store.loadInstance('kept'))?.version).toBe(60);
    await closeAll();
    const reopened = await openStore(dir);
    expect((await reopened.loadAllInstances()).map((s) => [s.instanceId, s.version])).toEqual([['kept', 60]]);
    expect((await reopened.readHistory('kept')).map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });

  it('answers reads issued while compactions move the records', async () => {
    const store = await openStore(dir, { compactMinBytes: 5_000 });
    await store.saveInstance(orderSnapshot('reader', 1), undefined);
    for (let v = 1; v <= 40; v++) await store.appendHistory('reader', [event(v)]);
    const seqs = Array.from({ length: 40 }, (_, i) => i + 1);

    for (let v = 1; v <= 80; v++) {
      const [, loaded, history] = await Promise.all([
        store.saveInstance(orderSnapshot('churn', v), v === 1 ? undefined : v - 1),
        store.loadInstance('reader'),
        store.readHistory('reader'),
      ]);
      expect(loaded?.instanceId).toBe('reader');
      expect(history.map((e) => e.seq)).toEqual(seqs);
    }
    expect((await scanJournal(await readFile(journalOf(dir)), 'j')).records.length).toBeLessThan(80);
  });

  it('removes a compaction temp file left by a crash and keeps the journal', async () => {
    const store = await openStore();
    await store.saveInstance(orderSnapshot('a'), undefined);
    await closeAll();
    await writeFile(`${journalOf(dir)}.compact.tmp`, 'half');

    const reopened = await openStore();

    expect((await reopened.loadInstance('a'))?.version).toBe(1);
    await expect(readFile(`${journalOf(dir)}.compact.tmp`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('starts an empty journal when a crash left only part of the header', async () => {
    await writeFile(journalOf(dir), JOURNAL_HEADER.slice(0, 5));
    await truncate(journalOf(dir), 5);

    const store = await openStore();
    await store.saveInstance(orderSnapshot('a'), undefined);

    expect((await readFile(journalOf(dir), 'utf8')).startsWith(JOURNAL_HEADER)).toBe(true);
  });
});

describe('FileStore journal: bigger than one read', () => {
  it('scans and loads a window at a time with the same result as all at once', async () => {
    // given a journal of many groups, several larger than the read window
    const store = await openStore();
    const big = { ...orderSnapshot('big'), variables: { blob: 'x'.repeat(3000) } };
    await store.saveInstance(big, undefined);
    for (let i = 0; i < 30; i++) {
      await store.saveInstance(orderSnapshot(`o${i}`), undefined);
      await store.appendHistory(`o${i}`, [event(i)]);
    }
    await closeAll();
    const bytes = await readFile(journalOf(dir));

    // when it is read through a 500-byte window
    const whole = await scanJournal(bytes, 'j');
    const windowed = await scanJournal(bytes, 'j', 500);
    const journal = await FileJournal.open(journalOf(dir), { fsync: false, compactMinBytes: 0, readWindowBytes: 500 });
    try {
      const loaded = await journal.readAllSnapshots();

      // then it sees the same records, and every payload is whole
      expect(windowed).toEqual(whole);
      expect(loaded).toHaveLength(31);
      for (const [id, payload] of loaded) expect(JSON.parse(payload.toString()).instanceId).toBe(id);
    } finally {
      await journal.close();
    }
  });
});
