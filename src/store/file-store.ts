import { mkdir, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { BpmnRunnerError, StoreError } from '../errors/index.js';
import type { HistoryEvent, Snapshot } from '../engine/state.js';
import { readDeployment } from './deployment-schema.js';
import { DurableTextFile, TEMP_SUFFIX, errnoCode, errorMessage, readTextFile, syncDirectory } from './durable-text-file.js';
import { acquireDirLock } from './file-lock.js';
import { encodeIdForFileName } from './file-names.js';
import { appendLines, readHistoryLines, repairTornTail } from './jsonl-history.js';
import { KeyedQueue } from './keyed-queue.js';
import { readSnapshot } from './snapshot-schema.js';
import type { Store, StoredDeployment } from './types.js';
import { byDeployedAt, checkExpectedVersion } from './version-check.js';

export interface FileStoreOptions {
  dir: string;
  /** Default true. `false` keeps writes atomic but not durable: for tests and throw-away benchmark dirs. */
  fsync?: boolean;
}

/** Files read at once by loadAllInstances: enough to hide latency, far below the fd limit. */
const READ_CONCURRENCY = 32;

/**
 * One JSON file per instance (`instances/<id>.json`), history as JSON Lines (`history/<id>.jsonl`),
 * one file per deployment (`deployments/<id>.json`), one owning process (`.lock`). Ids are encoded by
 * file-names.ts. Files go through a lowdb Adapter (DurableTextFile) but not through lowdb's `Low`: `Low`
 * only holds `data` between `read` and `write`, which for one short-lived file per call is an extra
 * object and nothing else; the store keeps what it needs to remember (versions) itself.
 *
 * The process owns the directory, so the version of each instance it has read or written is kept in
 * memory and the optimistic-concurrency check costs no read.
 */
export class FileStore implements Store {
  readonly dir: string;
  private readonly fsync: boolean;
  private readonly instancesDir: string;
  private readonly historyDir: string;
  private readonly deploymentsDir: string;
  private release: (() => Promise<void>) | undefined;
  private readonly queue = new KeyedQueue();
  /** Version on disk per instance id this process has seen; null = known not to exist. */
  private readonly versions = new Map<string, number | null>();
  /** Instance file names present at open: a brand-new id then costs no failed read. */
  private namesAtOpen = new Set<string>();
  /** History files whose tail this process has checked (or created), so appends need no repair. */
  private readonly cleanHistory = new Set<string>();

  constructor(options: FileStoreOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '') throw new StoreError('FileStore needs { dir }');
    this.dir = options.dir;
    this.fsync = options.fsync ?? true;
    this.instancesDir = join(this.dir, 'instances');
    this.historyDir = join(this.dir, 'history');
    this.deploymentsDir = join(this.dir, 'deployments');
  }

  async open(): Promise<void> {
    if (this.release !== undefined) return;
    await this.io(this.dir, () => mkdir(this.dir, { recursive: true }));
    const release = await acquireDirLock(this.dir);
    try {
      for (const sub of [this.instancesDir, this.historyDir, this.deploymentsDir]) {
        await this.io(sub, () => mkdir(sub, { recursive: true }));
        await this.removeTempFiles(sub);
      }
      const names = await this.io(this.instancesDir, () => readdir(this.instancesDir));
      this.namesAtOpen = new Set(names);
    } catch (e) {
      await release();
      throw e;
    }
    this.release = release;
  }

  async close(): Promise<void> {
    const release = this.release;
    if (release === undefined) return;
    await this.queue.drain();
    this.release = undefined;
    this.versions.clear();
    this.namesAtOpen.clear();
    this.cleanHistory.clear();
    await release();
  }

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    this.assertOpen();
    const file = this.instanceFile(instanceId);
    const text = await readTextFile(file);
    if (text === undefined) return undefined;
    const snapshot = parseSnapshot(text, file);
    if (snapshot.instanceId !== instanceId) {
      throw new StoreError(`file holds instance '${snapshot.instanceId}', not '${instanceId}'`, { file, instanceId });
    }
    this.remember(instanceId, snapshot.version);
    return snapshot;
  }

  async saveInstance(snapshot: Snapshot, expectedVersion: number | undefined): Promise<void> {
    this.assertOpen();
    const id = snapshot.instanceId;
    const version = snapshot.version;
    if (typeof id !== 'string' || id === '') throw new StoreError('snapshot has no instanceId');
    if (!Number.isSafeInteger(version)) {
      throw new StoreError(`snapshot version must be an integer, got ${String(version)}`, { instanceId: id });
    }
    // Serialised now: the engine goes on mutating its object while the write is queued.
    const text = JSON.stringify(snapshot);
    const file = this.instanceFile(id);
    return this.queue.run(`i:${id}`, async () => {
      const stored = await this.storedVersion(id, file);
      checkExpectedVersion(id, stored ?? undefined, expectedVersion);
      await new DurableTextFile(file, this.fsync).write(text);
      this.versions.set(id, version);
    });
  }

  async deleteInstance(instanceId: string): Promise<void> {
    this.assertOpen();
    const file = this.instanceFile(instanceId);
    return this.queue.run(`i:${instanceId}`, async () => {
      await this.removeFile(file, this.instancesDir);
      this.versions.set(instanceId, null);
    });
  }

  async loadAllInstances(): Promise<Snapshot[]> {
    this.assertOpen();
    const names = (await this.io(this.instancesDir, () => readdir(this.instancesDir)))
      .filter((n) => n.endsWith('.json'))
      .sort();
    const all = new Array<Snapshot>(names.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < names.length; i = next++) {
        const file = join(this.instancesDir, names[i]);
        const text = await readTextFile(file);
        if (text === undefined) throw new StoreError('file vanished while loading (another writer?)', { file });
        const snapshot = parseSnapshot(text, file);
        if (`${encodeIdForFileName(snapshot.instanceId)}.json` !== names[i]) {
          throw new StoreError(`file name does not match its instanceId '${snapshot.instanceId}'`, { file });
        }
        this.remember(snapshot.instanceId, snapshot.version);
        all[i] = snapshot;
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
    return all;
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    this.assertOpen();
    if (events.length === 0) return;
    let text = '';
    for (const e of events) text += JSON.stringify(e) + '\n';
    const file = this.historyFile(instanceId);
    return this.queue.run(`h:${instanceId}`, () =>
      this.io(file, async () => {
        if (!this.cleanHistory.has(file)) await repairTornTail(file, this.fsync);
        const created = await appendLines(file, text, this.fsync);
        if (created && this.fsync) await syncDirectory(this.historyDir);
        this.cleanHistory.add(file);
      }),
    );
  }

  async readHistory(instanceId: string): Promise<HistoryEvent[]> {
    this.assertOpen();
    const file = this.historyFile(instanceId);
    return this.queue.run(`h:${instanceId}`, () => readHistoryLines(file));
  }

  async deleteHistory(instanceId: string): Promise<void> {
    this.assertOpen();
    const file = this.historyFile(instanceId);
    return this.queue.run(`h:${instanceId}`, async () => {
      await this.removeFile(file, this.historyDir);
      this.cleanHistory.delete(file);
    });
  }

  /** Saving an existing deployment id replaces it. */
  async saveDeployment(deployment: StoredDeployment): Promise<void> {
    this.assertOpen();
    if (typeof deployment.id !== 'string' || deployment.id === '') throw new StoreError('deployment has no id');
    const text = JSON.stringify(deployment);
    const file = join(this.deploymentsDir, `${encodeIdForFileName(deployment.id)}.json`);
    return this.queue.run(`d:${deployment.id}`, () => new DurableTextFile(file, this.fsync).write(text));
  }

  /** Oldest first (by `deployedAt`; equal times by file name). */
  async loadDeployments(): Promise<StoredDeployment[]> {
    this.assertOpen();
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

  private instanceFile(id: string): string {
    return join(this.instancesDir, `${encodeIdForFileName(id)}.json`);
  }

  private historyFile(id: string): string {
    return join(this.historyDir, `${encodeIdForFileName(id)}.jsonl`);
  }

  /** The cache is authoritative once set (every change goes through this process), so reads only fill it. */
  private remember(id: string, version: number): void {
    if (!this.versions.has(id)) this.versions.set(id, version);
  }

  private async storedVersion(id: string, file: string): Promise<number | null> {
    const known = this.versions.get(id);
    if (known !== undefined) return known;
    if (!this.namesAtOpen.has(file.slice(this.instancesDir.length + 1))) {
      this.versions.set(id, null);
      return null;
    }
    return (await this.loadInstance(id))?.version ?? null;
  }

  private async removeFile(file: string, dir: string): Promise<void> {
    try {
      await unlink(file);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') return;
      throw new StoreError(`cannot delete file: ${errorMessage(e)}`, { file }, { cause: e });
    }
    if (this.fsync) await this.io(dir, () => syncDirectory(dir));
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

  private assertOpen(): void {
    if (this.release === undefined) throw new StoreError('FileStore is not open: call open() first', { file: this.dir });
  }
}

function parseJson(text: string, file: string): unknown {
  if (text.trim() === '') throw new StoreError('file is empty (truncated by a crash?)', { file });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StoreError(`file is not valid JSON (truncated or edited?): ${errorMessage(e)}`, { file }, { cause: e });
  }
}

function parseSnapshot(text: string, file: string): Snapshot {
  return readSnapshot(parseJson(text, file), { file });
}
