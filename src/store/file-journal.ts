import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { BpmnRunnerError, StoreError } from '../errors/index.js';
import { errnoCode, errorMessage, syncDirectory } from './durable-text-file.js';
import { JOURNAL_HEADER, encodeGroup, scanJournalFile } from './file-journal-format.js';
import type { JournalRecord, RecordOp } from './file-journal-format.js';
import { readPayloads, readRange, writeFully } from './file-journal-io.js';
import type { PayloadLocation } from './file-journal-io.js';

export type { PayloadLocation } from './file-journal-io.js';

export interface DurableSnapshot extends PayloadLocation {
  version: number;
}

export interface FileJournalOptions {
  fsync: boolean;
  /** No compaction below this size. */
  compactMinBytes: number;
  /** Bytes read at once when scanning or reading many payloads (tests make it small). */
  readWindowBytes?: number;
}

interface Waiter {
  /** Written in the same group, so a crash keeps all of them or none. */
  records: readonly JournalRecord[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

const HEADER = Buffer.from(JOURNAL_HEADER, 'latin1');
/** Reads of many payloads (loadAllInstances, compaction) go a window of this size at a time. */
const READ_WINDOW = 8 * 1024 * 1024;
/** Compaction writes groups of about this size, so one bad sector costs one group, not the file. */
const COMPACT_GROUP_BYTES = 4 * 1024 * 1024;

/**
 * An append-only, group-committed write-ahead log holding every instance snapshot and history batch
 * (format: file-journal-format.ts). `append` queues a record; records queued while a group is being
 * written and fsynced form the next group, so N concurrent saves cost one write and one fsync, not N.
 * The maps describe what is durable: a record enters them only after its group's fsync returned.
 *
 * When dead records (overwritten snapshots, deleted instances) make up more than half of the file, the
 * live ones are copied to a new file (temp → fsync → rename → fsync dir) between two groups.
 * A failed write or fsync leaves the log in an unknown state, so the journal refuses all later work.
 */
export class FileJournal {
  readonly snapshots = new Map<string, DurableSnapshot>();
  readonly histories = new Map<string, PayloadLocation[]>();
  private queue: Waiter[] = [];
  private pumping: Promise<void> | undefined;
  private broken: StoreError | undefined;
  private readonly reads = new Set<Promise<unknown>>();
  private nextCompactCheck: number;
  private readonly readWindow: number;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    private size: number,
    private readonly options: FileJournalOptions,
  ) {
    this.nextCompactCheck = Math.max(options.compactMinBytes, size * 1.25);
    this.readWindow = options.readWindowBytes ?? READ_WINDOW;
  }

  /** Open (or create) the journal, replaying it and cutting a torn tail off. */
  static async open(file: string, options: FileJournalOptions): Promise<FileJournal> {
    await unlink(compactTemp(file)).catch((e: unknown) => {
      if (errnoCode(e) !== 'ENOENT') throw e;
    });
    let created = false;
    let handle: FileHandle;
    try {
      handle = await open(file, 'r+');
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw e;
      handle = await open(file, 'w+');
      created = true;
    }
    try {
      const fileSize = (await handle.stat()).size;
      const scan = await scanJournalFile((p, n) => readRange(handle, p, n), fileSize, file, options.readWindowBytes);
      let size = scan.validEnd;
      if (size === 0) {
        await writeFully(handle, HEADER, 0);
        size = HEADER.length;
      }
      if (created || size !== fileSize) {
        await handle.truncate(size);
        if (options.fsync) await handle.sync();
        if (created && options.fsync) await syncDirectory(dirname(file));
      }
      const journal = new FileJournal(file, handle, size, options);
      for (const r of scan.records) journal.apply(r.op, r.id, r.version, r);
      return journal;
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /** Resolves once the record is durable (or written, with fsync off). */
  append(record: JournalRecord): Promise<void> {
    return this.appendAll([record]);
  }

  /**
   * Queue records that must land in one group (a snapshot with its history, an import): the group's
   * crc covers them all, so after a crash the journal holds all of them or none.
   */
  appendAll(records: readonly JournalRecord[]): Promise<void> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, resolve, reject });
      // A microtask later, so everything queued in the same turn lands in the first group.
      if (this.queue.length === 1 && this.pumping === undefined) queueMicrotask(() => void this.pump());
    });
  }

  async read(loc: PayloadLocation): Promise<Buffer> {
    this.assertUsable();
    return this.tracked(readRange(this.handle, loc.offset, loc.length));
  }

  /** Several payloads from the same file version (a compaction between them would move them). */
  async readMany(locs: readonly PayloadLocation[]): Promise<Buffer[]> {
    this.assertUsable();
    return this.tracked(readPayloads(this.handle, locs, this.readWindow));
  }

  /** The payload bytes of every durable snapshot, read a window at a time. */
  async readAllSnapshots(): Promise<[string, Buffer][]> {
    this.assertUsable();
    const entries = [...this.snapshots];
    const payloads = await this.tracked(readPayloads(this.handle, entries.map(([, loc]) => loc), this.readWindow));
    return entries.map(([id], i) => [id, payloads[i]]);
  }

  /** Settles every append queued so far, then closes the file. */
  async close(): Promise<void> {
    while (this.pumping !== undefined || this.queue.length > 0) await (this.pumping ?? this.pump());
    await Promise.allSettled([...this.reads]);
    this.broken ??= new StoreError('journal is closed', { file: this.file });
    await this.handle.close();
  }

  private pump(): Promise<void> {
    this.pumping ??= this.drainQueue().finally(() => {
      this.pumping = undefined;
      // An append may have arrived after the loop saw an empty queue and before this ran.
      if (this.queue.length > 0) void this.pump();
    });
    return this.pumping;
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      try {
        if (this.broken !== undefined) throw this.broken;
        await this.writeGroup(group.length === 1 ? group[0].records : group.flatMap((w) => w.records));
        for (const w of group) w.resolve();
      } catch (e) {
        this.broken ??= toStoreError(e, this.file, 'journal write failed; reopen the store');
        for (const w of group) w.reject(this.broken);
        continue;
      }
      if (this.size >= this.nextCompactCheck) await this.compactIfWorthIt();
    }
  }

  private async writeGroup(records: readonly JournalRecord[]): Promise<void> {
    const { bytes, payloads } = encodeGroup(records);
    const at = this.size;
    await writeFully(this.handle, bytes, at);
    if (this.options.fsync) await this.handle.datasync();
    this.size = at + bytes.length;
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      this.apply(r.op, r.id, r.version, { offset: at + payloads[i].offset, length: payloads[i].length });
    }
  }

  private apply(op: RecordOp, id: string, version: number | undefined, loc: PayloadLocation): void {
    if (op === 'save') this.snapshots.set(id, { version: version as number, offset: loc.offset, length: loc.length });
    else if (op === 'del') this.snapshots.delete(id);
    else if (op === 'delh') this.histories.delete(id);
    else {
      const list = this.histories.get(id);
      if (list === undefined) this.histories.set(id, [{ offset: loc.offset, length: loc.length }]);
      else list.push({ offset: loc.offset, length: loc.length });
    }
  }

  private liveBytes(): number {
    let n = HEADER.length;
    for (const [id, s] of this.snapshots) n += s.length + id.length + 64;
    for (const [id, list] of this.histories) for (const h of list) n += h.length + id.length + 48;
    return n;
  }

  private async compactIfWorthIt(): Promise<void> {
    if (this.liveBytes() * 2 > this.size) {
      this.nextCompactCheck = this.size * 1.25;
      return;
    }
    try {
      await this.compact();
    } catch (e) {
      this.broken ??= toStoreError(e, this.file, 'journal compaction failed; reopen the store');
    }
    this.nextCompactCheck = Math.max(this.options.compactMinBytes, this.size * 2);
  }

  /** Runs between two groups (inside pump), so no append can interleave. */
  private async compact(): Promise<void> {
    const snapshots = [...this.snapshots];
    const histories = [...this.histories];
    const locs = [...snapshots.map(([, s]) => s), ...histories.flatMap(([, list]) => list)];
    const payloads = await readPayloads(this.handle, locs, this.readWindow);
    const records: JournalRecord[] = snapshots.map(([id, s], i) => ({ op: 'save', id, version: s.version, payload: payloads[i] }));
    let next = snapshots.length;
    for (const [id, list] of histories) {
      // One record per history: its batches are JSON Lines, so concatenating them is one batch.
      records.push({ op: 'hist', id, payload: Buffer.concat(payloads.slice(next, (next += list.length))) });
    }
    const temp = compactTemp(this.file);
    const handle = await open(temp, 'w+');
    const newSnapshots = new Map<string, DurableSnapshot>();
    const newHistories = new Map<string, PayloadLocation[]>();
    let size = 0;
    try {
      await writeFully(handle, HEADER, 0);
      size = HEADER.length;
      for (let i = 0; i < records.length; ) {
        let bytes = 0;
        let j = i;
        while (j < records.length && (j === i || bytes < COMPACT_GROUP_BYTES)) bytes += (records[j++].payload as Buffer).length;
        const group = records.slice(i, j);
        const encoded = encodeGroup(group);
        await writeFully(handle, encoded.bytes, size);
        group.forEach((r, k) => {
          const loc = { offset: size + encoded.payloads[k].offset, length: encoded.payloads[k].length };
          if (r.op === 'save') newSnapshots.set(r.id, { ...loc, version: r.version as number });
          else newHistories.set(r.id, [loc]);
        });
        size += encoded.bytes.length;
        i = j;
      }
      if (this.options.fsync) await handle.sync();
      await rename(temp, this.file);
    } catch (e) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    if (this.options.fsync) await syncDirectory(dirname(this.file));
    const previous = this.handle;
    this.handle = handle;
    this.size = size;
    replace(this.snapshots, newSnapshots);
    replace(this.histories, newHistories);
    await Promise.allSettled([...this.reads]);
    await previous.close();
  }

  private tracked<T>(p: Promise<T>): Promise<T> {
    this.reads.add(p);
    void p.then(
      () => this.reads.delete(p),
      () => this.reads.delete(p),
    );
    return p.catch((e: unknown) => {
      throw toStoreError(e, this.file, 'cannot read journal');
    });
  }

  private assertUsable(): void {
    if (this.broken !== undefined) throw this.broken;
  }
}

function compactTemp(file: string): string {
  return `${file}.compact.tmp`;
}

function replace<K, V>(target: Map<K, V>, source: Map<K, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}

function toStoreError(e: unknown, file: string, what: string): StoreError {
  if (e instanceof BpmnRunnerError) return e as StoreError;
  return new StoreError(`${what}: ${errorMessage(e)}`, { file }, { cause: e });
}
