import { StoreError } from '../errors/index.js';
import type { HistoryEvent, Snapshot } from '../engine/state.js';
import { readSnapshot } from './snapshot-schema.js';
import type { Store, StoredDeployment } from './types.js';
import { byDeployedAt, checkExpectedVersion } from './version-check.js';

/** What the store keeps per instance; mutated in place on update so a save allocates only the string. */
interface Entry {
  json: string;
  version: number;
}

/**
 * The default store: everything in this process, gone when it exits. Snapshots are kept as their JSON
 * text, so the caller may keep mutating its object after a save (the engine does, in place) and every
 * load hands out a fresh object, exactly as a real store would. It sits on the hot path of benchmarks,
 * so a save is one JSON.stringify and one Map write: no validation beyond the version check, which is
 * cheap (the version is kept beside the text, never parsed back out).
 */
export class MemoryStore implements Store {
  private readonly instances = new Map<string, Entry>();
  /** One JSON text per appendHistory batch: one stringify per call instead of one per event. */
  private readonly history = new Map<string, string[]>();
  private readonly deployments = new Map<string, string>();

  async open(): Promise<void> {}

  /** Keeps the data: a new Engine over the same MemoryStore continues where the old one stopped. */
  async close(): Promise<void> {}

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const entry = this.instances.get(instanceId);
    // Only this store wrote the text, from a snapshot the engine produced: no need to re-validate it.
    return entry === undefined ? undefined : (JSON.parse(entry.json) as Snapshot);
  }

  async saveInstance(snapshot: Snapshot, expectedVersion: number | undefined, history?: readonly HistoryEvent[]): Promise<void> {
    const id = snapshot.instanceId;
    const version = snapshot.version;
    if (typeof id !== 'string' || id === '') throw new StoreError('snapshot has no instanceId');
    if (!Number.isSafeInteger(version)) {
      throw new StoreError(`snapshot version must be an integer, got ${String(version)}`, { instanceId: id });
    }
    const entry = this.instances.get(id);
    checkExpectedVersion(id, entry?.version, expectedVersion);
    const json = JSON.stringify(snapshot);
    // Both stringified before either is stored, so a throwing toJSON leaves neither behind.
    const historyJson = history === undefined || history.length === 0 ? undefined : JSON.stringify(history);
    if (entry === undefined) this.instances.set(id, { json, version });
    else {
      entry.json = json;
      entry.version = version;
    }
    if (historyJson !== undefined) this.pushHistory(id, historyJson);
  }

  async deleteInstance(instanceId: string): Promise<void> {
    this.instances.delete(instanceId);
  }

  async loadAllInstances(): Promise<Snapshot[]> {
    const all: Snapshot[] = [];
    for (const entry of this.instances.values()) all.push(readSnapshot(JSON.parse(entry.json)));
    return all;
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.pushHistory(instanceId, JSON.stringify(events));
  }

  async readHistory(instanceId: string): Promise<HistoryEvent[]> {
    const batches = this.history.get(instanceId);
    if (batches === undefined) return [];
    const events: HistoryEvent[] = [];
    for (const json of batches) for (const e of JSON.parse(json) as HistoryEvent[]) events.push(e);
    return events;
  }

  async deleteHistory(instanceId: string): Promise<void> {
    this.history.delete(instanceId);
  }

  private pushHistory(instanceId: string, json: string): void {
    const batches = this.history.get(instanceId);
    if (batches === undefined) this.history.set(instanceId, [json]);
    else batches.push(json);
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
