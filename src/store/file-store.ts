import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BpmnRunnerError, StoreError } from '../errors/index.js';
import type { HistoryEvent, Snapshot } from '../engine/state.js';
import { readDeployment } from './deployment-schema.js';
import { DurableTextFile, TEMP_SUFFIX, errorMessage, readTextFile } from './durable-text-file.js';
import { FileJournal } from './file-journal.js';
import type { JournalRecord } from './file-journal-format.js';
import { importLegacyLayout } from './file-legacy-import.js';
import { acquireDirLock } from './file-lock.js';
import { encodeIdForFileName } from './file-names.js';
import { parseHistoryLines } from './jsonl-history.js';
import { KeyedQueue } from './keyed-queue.js';
import { readSnapshot } from './snapshot-schema.js';
import type { Store, StoredDeployment } from './types.js';
import { byDeployedAt, checkExpectedVersion } from './version-check.js';

export interface FileStoreOptions {
  dir: string;
  /**
   * Default true. `false` skips every fsync: a killed process loses nothing, but after a power cut the
   * journal may miss recent groups, or hold a damaged group before an intact one, which open() refuses.
   * For tests and throw-away benchmark dirs.
   */
  fsync?: boolean;
  /** The journal is never compacted below this size. Default 64 MiB. */
  compactMinBytes?: number;
}

export const JOURNAL_FILE = 'journal.log';
const DEFAULT_COMPACT_MIN_BYTES = 64 * 1024 * 1024;

/**
 * Instances and history live in one group-committed journal (`journal.log`, format in
 * file-journal-format.ts): every save is appended, and saves that arrive while a write + fsync is
 * running share the next one, so 1,000 concurrent commands cost a handful of fsyncs instead of 3,000.
 * Dead snapshots are compacted away in the background. Deployments stay one JSON file each
 * (`deployments/<id>.json`, rare and big), one owning process holds `.lock`.
 *
 * The process owns the directory, so versions are kept in memory (including saves still waiting for
 * their fsync): the optimistic-concurrency check costs no read and two racing saves of one instance
 * see each other. Reads of an instance wait for its pending writes, so they only ever return what is
 * durable.
 */
export class FileStore implements Store {
  readonly dir: string;
  readonly journalFile: string;
  private readonly fsync: boolean;
  private readonly compactMinBytes: number;
  private readonly deploymentsDir: string;
  private release: (() => Promise<void>) | undefined;
  private journal: FileJournal | undefined;
  private readonly deploymentQueue = new KeyedQueue();
  /** Version per live instance, pending saves included. */
  private readonly versions = new Map<string, number>();
  /** The last write per instance (`i:`) or history (`h:`) not yet durable. */
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(options: FileStoreOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '') throw new StoreError('FileStore needs { dir }');
    this.dir = options.dir;
    this.fsync = options.fsync ?? true;
    this.compactMinBytes = options.compactMinBytes ?? DEFAULT_COMPACT_MIN_BYTES;
    this.journalFile = join(this.dir, JOURNAL_FILE);
    this.deploymentsDir = join(this.dir, 'deployments');
  }

  async open(): Promise<void> {
    if (this.release !== undefined) return;
    await this.io(this.dir, () => mkdir(this.dir, { recursive: true }));
    const release = await acquireDirLock(this.dir);
    try {
      await this.io(this.deploymentsDir, () => mkdir(this.deploymentsDir, { recursive: true }));
      await this.removeTempFiles(this.deploymentsDir);
      const journal = await this.io(this.journalFile, () =>
        FileJournal.open(this.journalFile, { fsync: this.fsync, compactMinBytes: this.compactMinBytes }),
      );
      try {
        await importLegacyLayout(this.dir, journal, this.fsync);
      } catch (e) {
        await journal.close();
        throw e;
      }
      this.journal = journal;
      for (const [id, s] of journal.snapshots) this.versions.set(id, s.version);
    } catch (e) {
      await release();
      throw e;
    }
    this.release = release;
  }

  async close(): Promise<void> {
    const release = this.release;
    if (release === undefined) return;
    this.release = undefined;
    await this.deploymentQueue.drain();
    try {
      await this.journal?.close();
    } finally {
      this.journal = undefined;
      this.versions.clear();
      this.inflight.clear();
      await release();
    }
  }

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const journal = this.journalOrThrow();
    await this.settled(`i:${instanceId}`);
    const loc = journal.snapshots.get(instanceId);
    if (loc === undefined) return undefined;
    return this.parseSnapshot(instanceId, await journal.read(loc));
  }

  /** With history, both records go in one journal group: one fsync, and a crash keeps both or neither. */
  async saveInstance(snapshot: Snapshot, expectedVersion: number | undefined, history?: readonly HistoryEvent[]): Promise<void> {
    const journal = this.journalOrThrow();
    const id = snapshot.instanceId;
    const version = snapshot.version;
    if (typeof id !== 'string' || id === '') throw new StoreError('snapshot has no instanceId');
    if (!Number.isSafeInteger(version)) {
      throw new StoreError(`snapshot version must be an integer, got ${String(version)}`, { instanceId: id });
    }
    checkExpectedVersion(id, this.versions.get(id), expectedVersion);
    // Serialised now: the engine goes on mutating its object while the write is queued.
    const payload = JSON.stringify(snapshot);
    const save: JournalRecord = { op: 'save', id, version, payload };
    if (history === undefined || history.length === 0) {
      this.versions.set(id, version);
      return this.track(`i:${id}`, journal.append(save));
    }
    const hist: JournalRecord = { op: 'hist', id, payload: historyPayload(history) };
    this.versions.set(id, version);
    const write = journal.appendAll([save, hist]);
    this.track(`h:${id}`, write);
    return this.track(`i:${id}`, write);
  }

  async deleteInstance(instanceId: string): Promise<void> {
    const journal = this.journalOrThrow();
    this.versions.delete(instanceId);
    return this.track(`i:${instanceId}`, journal.append({ op: 'del', id: instanceId }));
  }

  /** In no particular order. */
  async loadAllInstances(): Promise<Snapshot[]> {
    const journal = this.journalOrThrow();
    await Promise.all([...this.inflight.values()].map(ignoreFailure));
    const all = await journal.readAllSnapshots();
    return all.map(([id, bytes]) => this.parseSnapshot(id, bytes));
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    const journal = this.journalOrThrow();
    if (events.length === 0) return;
    return this.track(`h:${instanceId}`, journal.append({ op: 'hist', id: instanceId, payload: historyPayload(events) }));
  }

  async readHistory(instanceId: string): Promise<HistoryEvent[]> {
    const journal = this.journalOrThrow();
    await this.settled(`h:${instanceId}`);
    const locs = journal.histories.get(instanceId) ?? [];
    const batches = await journal.readMany(locs);
    const events: HistoryEvent[] = [];
    batches.forEach((bytes, i) => {
      parseHistoryLines(bytes.toString('utf8'), { file: this.journalFile, instanceId, offset: locs[i].offset }, events);
    });
    return events;
  }

  async deleteHistory(instanceId: string): Promise<void> {
    const journal = this.journalOrThrow();
    return this.track(`h:${instanceId}`, journal.append({ op: 'delh', id: instanceId }));
  }

  /** Saving an existing deployment id replaces it. */
  async saveDeployment(deployment: StoredDeployment): Promise<void> {
    this.journalOrThrow();
    if (typeof deployment.id !== 'string' || deployment.id === '') throw new StoreError('deployment has no id');
    const text = JSON.stringify(deployment);
    const file = join(this.deploymentsDir, `${encodeIdForFileName(deployment.id)}.json`);
    return this.deploymentQueue.run(deployment.id, () => new DurableTextFile(file, this.fsync).write(text));
  }

  /** Oldest first (by `deployedAt`; equal times by file name). */
  async loadDeployments(): Promise<StoredDeployment[]> {
    this.journalOrThrow();
    const names = (await this.io(this.deploymentsDir, () => readdir(this.deploymentsDir)))
      .filter((n) => n.endsWith('.json'))
      .sort();
    const deployments: StoredDeployment[] = [];
    for (const name of names) {
      const file = join(this.deploymentsDir, name);
      const text = await readTextFile(file);
      if (text !== undefined) deployments.push(readDeployment(parseJson(text, file), file));
    }
    return deployments.sort(byDeployedAt);
  }

  private parseSnapshot(instanceId: string, bytes: Buffer): Snapshot {
    const where = { file: this.journalFile, instanceId };
    let raw: unknown;
    try {
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      throw new StoreError(`stored snapshot is not valid JSON: ${errorMessage(e)}`, where, { cause: e });
    }
    const snapshot = readSnapshot(raw, where);
    if (snapshot.instanceId !== instanceId) {
      throw new StoreError(`journal record of '${instanceId}' holds instance '${snapshot.instanceId}'`, where);
    }
    return snapshot;
  }

  private track(key: string, write: Promise<void>): Promise<void> {
    this.inflight.set(key, write);
    const forget = (): void => {
      if (this.inflight.get(key) === write) this.inflight.delete(key);
    };
    write.then(forget, forget);
    return write;
  }

  private async settled(key: string): Promise<void> {
    const pending = this.inflight.get(key);
    if (pending !== undefined) await ignoreFailure(pending);
  }

  /** A crash mid-write leaves `*.tmp` files; the lock guarantees none of them is in flight now. */
  private async removeTempFiles(dir: string): Promise<void> {
    const names = await this.io(dir, () => readdir(dir));
    for (const name of names) {
      if (name.endsWith(TEMP_SUFFIX)) await this.io(dir, () => unlink(join(dir, name)));
    }
  }

  private async io<T>(file: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (e instanceof BpmnRunnerError) throw e;
      throw new StoreError(`file store I/O failed: ${errorMessage(e)}`, { file }, { cause: e });
    }
  }

  private journalOrThrow(): FileJournal {
    if (this.release === undefined || this.journal === undefined) {
      throw new StoreError('FileStore is not open: call open() first', { file: this.dir });
    }
    return this.journal;
  }
}

/** History events as the journal keeps them: JSON Lines. */
function historyPayload(events: readonly HistoryEvent[]): string {
  let payload = '';
  for (const e of events) payload += JSON.stringify(e) + '\n';
  return payload;
}

async function ignoreFailure(p: Promise<void>): Promise<void> {
  await p.catch(() => undefined);
}

function parseJson(text: string, file: string): unknown {
  if (text.trim() === '') throw new StoreError('file is empty (truncated by a crash?)', { file });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StoreError(`file is not valid JSON (truncated or edited?): ${errorMessage(e)}`, { file }, { cause: e });
  }
}
