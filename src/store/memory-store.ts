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
/**
 * JSON.stringify returns a rope of many small pieces; reading one character makes V8 flatten it into
 * one buffer in place, which measured ~380 B less heap per waiting instance.
 */
function flat(s: string): string {
  s.charCodeAt(s.length >> 1);
  return s;
}

/**
 * The store's own compact text (the caller never sees it): a snapshot leaves out its empty lists, and
 * a history batch whose events share one time writes it once. A waiting instance is mostly these two
 * texts, so this is what keeps it small in memory.
 */
const LISTS = ['tokens', 'scopes', 'userTasks', 'jobs', 'timers', 'subscriptions', 'incidents'] as const;

function packSnapshot(snapshot: Snapshot): string {
  // Only the snapshot's own lists: a variable that happens to be called `jobs` keeps its [].
  return flat(
    JSON.stringify(snapshot, function (this: unknown, key: string, value: unknown) {
      return this === snapshot && Array.isArray(value) && value.length === 0 && (LISTS as readonly string[]).includes(key) ? undefined : value;
    }),
  );
}

function expandSnapshot(s: Snapshot): Snapshot {
  const r = s as unknown as Record<string, unknown>;
  for (const key of LISTS) if (r[key] === undefined) r[key] = [];
  return s;
}

function packHistory(events: readonly HistoryEvent[]): string {
  const at = events[0]!.at;
  if (!events.every((e) => e.at === at)) return flat(JSON.stringify(events));
  return flat(`${at}\n${JSON.stringify(events.map(({ at: _at, ...rest }) => rest))}`);
}

function unpackHistory(text: string): HistoryEvent[] {
  if (text.startsWith('[')) return JSON.parse(text) as HistoryEvent[];
  const nl = text.indexOf('\n');
  const at = text.slice(0, nl);
  return (JSON.parse(text.slice(nl + 1)) as Omit<HistoryEvent, 'at'>[]).map(({ seq, ...rest }) => ({ seq, at, ...rest }));
}

export class MemoryStore implements Store {
  private readonly instances = new Map<string, Entry>();
  /**
   * One JSON text per batch (one stringify per command, not per event); a single batch is kept as
   * the bare string, since most waiting instances have exactly one.
   */
  private readonly history = new Map<string, string | string[]>();
  private readonly deployments = new Map<string, string>();

  async open(): Promise<void> {}

  /** Keeps the data: a new Engine over the same MemoryStore continues where the old one stopped. */
  async close(): Promise<void> {}

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const entry = this.instances.get(instanceId);
    // Only this store wrote the text, from a snapshot the engine produced: no need to re-validate it.
    return entry === undefined ? undefined : expandSnapshot(JSON.parse(entry.json) as Snapshot);
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
    const json = packSnapshot(snapshot);
    // Both stringified before either is stored, so a throwing toJSON leaves neither behind.
    const historyJson = history === undefined || history.length === 0 ? undefined : packHistory(history);
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
    for (const entry of this.instances.values()) all.push(readSnapshot(expandSnapshot(JSON.parse(entry.json) as Snapshot)));
    return all;
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    this.pushHistory(instanceId, packHistory(events));
  }

  async readHistory(instanceId: string): Promise<HistoryEvent[]> {
    const batches = this.history.get(instanceId);
    if (batches === undefined) return [];
    const events: HistoryEvent[] = [];
    for (const json of typeof batches === 'string' ? [batches] : batches) for (const e of unpackHistory(json)) events.push(e);
    return events;
  }

  async deleteHistory(instanceId: string): Promise<void> {
    this.history.delete(instanceId);
  }

  private pushHistory(instanceId: string, json: string): void {
    const batches = this.history.get(instanceId);
    if (batches === undefined) this.history.set(instanceId, json);
    else if (typeof batches === 'string') this.history.set(instanceId, [batches, json]);
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
