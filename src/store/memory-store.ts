import { StoreError } from '../errors/index.js';
import type { HistoryEvent, Snapshot } from '../engine/state.js';
import { flat, packHistory, packSnapshot, processRefOf, unpackHistory, unpackSnapshot, type ProcessRef } from './memory-store-text.js';
import { readSnapshot } from './snapshot-schema.js';
import type { Store, StoredDeployment } from './types.js';
import { byDeployedAt, checkExpectedVersion } from './version-check.js';

/**
 * What the store keeps per instance id: its snapshot text and its history, in one entry so a command
 * costs one lookup in one (large) map. The entry is mutated in place on update, so a save allocates only
 * the strings. `json` is undefined once the instance is deleted while its history is kept.
 */
interface Entry {
  json: string | undefined;
  version: number;
  /** The snapshot's `process` when the text holds a placeholder for it (and for `instanceId`). */
  process: ProcessRef | undefined;
  /** One text per batch (one pack per command, not per event); a single batch is kept as the bare string. */
  history: string | string[] | undefined;
}

function pushBatch(entry: Entry, batch: string): void {
  const batches = entry.history;
  if (batches === undefined) entry.history = batch;
  else if (typeof batches === 'string') entry.history = [batches, batch];
  else batches.push(batch);
}

/**
 * The default store: everything in this process, gone when it exits. Snapshots are kept as their JSON
 * text, so the caller may keep mutating its object after a save (the engine does, in place) and every
 * load hands out a fresh object, exactly as a real store would. It sits on the hot path of benchmarks,
 * so a save is one JSON.stringify and one Map write: no validation beyond the version check, which is
 * cheap (the version is kept beside the text, never parsed back out).
 */
export class MemoryStore implements Store {
  private readonly entries = new Map<string, Entry>();
  private readonly deployments = new Map<string, string>();
  /** One `process` object per deployed version, shared by the entries of its instances. */
  private readonly processes = new Map<string, ProcessRef>();
  private lastProcess: ProcessRef | undefined;

  async open(): Promise<void> {}

  /** Keeps the data: a new Engine over the same MemoryStore continues where the old one stopped. */
  async close(): Promise<void> {}

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const entry = this.entries.get(instanceId);
    // Only this store wrote the text, from a snapshot the engine produced: no need to re-validate it.
    return entry?.json === undefined ? undefined : unpackSnapshot(entry.json, instanceId, entry.process);
  }

  async saveInstance(snapshot: Snapshot, expectedVersion: number | undefined, history?: readonly HistoryEvent[]): Promise<void> {
    const id = snapshot.instanceId;
    const version = snapshot.version;
    if (typeof id !== 'string' || id === '') throw new StoreError('snapshot has no instanceId');
    if (!Number.isSafeInteger(version)) {
      throw new StoreError(`snapshot version must be an integer, got ${String(version)}`, { instanceId: id });
    }
    const entry = this.entries.get(id);
    checkExpectedVersion(id, entry?.json === undefined ? undefined : entry.version, expectedVersion);
    const process = this.internProcess(processRefOf(snapshot));
    const json = packSnapshot(snapshot, process !== undefined);
    // Both packed before either is stored, so a throwing toJSON leaves neither behind.
    const batch = history === undefined || history.length === 0 ? undefined : packHistory(history);
    // An id from randomUUID() is a rope of small pieces; the snapshot text no longer holds it (where
    // JSON.stringify used to flatten it as a side effect), so flatten the one kept as the key: ~400 B less.
    if (entry === undefined) this.entries.set(flat(id), { json, version, process, history: batch });
    else {
      entry.json = json;
      entry.version = version;
      entry.process = process;
      if (batch !== undefined) pushBatch(entry, batch);
    }
  }

  async deleteInstance(instanceId: string): Promise<void> {
    const entry = this.entries.get(instanceId);
    if (entry === undefined) return;
    if (entry.history === undefined) this.entries.delete(instanceId);
    else entry.json = undefined;
  }

  async loadAllInstances(): Promise<Snapshot[]> {
    const all: Snapshot[] = [];
    for (const [id, { json, process }] of this.entries) {
      if (json !== undefined) all.push(readSnapshot(unpackSnapshot(json, id, process)));
    }
    return all;
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    const batch = packHistory(events);
    const entry = this.entries.get(instanceId);
    if (entry === undefined) this.entries.set(instanceId, { json: undefined, version: 0, process: undefined, history: batch });
    else pushBatch(entry, batch);
  }

  async readHistory(instanceId: string): Promise<HistoryEvent[]> {
    const batches = this.entries.get(instanceId)?.history;
    if (batches === undefined) return [];
    const events: HistoryEvent[] = [];
    for (const text of typeof batches === 'string' ? [batches] : batches) for (const e of unpackHistory(text)) events.push(e);
    return events;
  }

  async deleteHistory(instanceId: string): Promise<void> {
    const entry = this.entries.get(instanceId);
    if (entry === undefined) return;
    if (entry.json === undefined) this.entries.delete(instanceId);
    else entry.history = undefined;
  }

  /**
   * The one stored object equal to `p` (thousands of instances of one version share it); the caller's
   * object is never kept. Consecutive saves are nearly always of the same version: compared first.
   */
  private internProcess(p: ProcessRef | undefined): ProcessRef | undefined {
    if (p === undefined) return undefined;
    const last = this.lastProcess;
    if (last !== undefined && last.key === p.key && last.version === p.version && last.specHash === p.specHash) return last;
    const id = `${p.version}\u0000${p.key}\u0000${p.specHash}`;
    let known = this.processes.get(id);
    if (known === undefined) {
      known = { key: p.key, version: p.version, specHash: p.specHash };
      this.processes.set(id, known);
    }
    this.lastProcess = known;
    return known;
  }

  /** Saving an existing deployment id replaces it (re-deploying the same source is idempotent). */
  async saveDeployment(deployment: StoredDeployment): Promise<void> {
    if (typeof deployment.id !== 'string' || deployment.id === '') throw new StoreError('deployment has no id');
    this.deployments.delete(deployment.id);
    this.deployments.set(deployment.id, JSON.stringify(deployment));
  }

  /** Oldest first (by `deployedAt`; equal times in the order saved). */
  async loadDeployments(): Promise<StoredDeployment[]> {
    return [...this.deployments.values()].map((json) => JSON.parse(json) as StoredDeployment).sort(byDeployedAt);
  }
}
