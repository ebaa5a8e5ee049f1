import { StoreError } from '../errors/index.js';
import type { HistoryEvent, Snapshot } from '../engine/state.js';
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
  /** One text per batch (one pack per command, not per event); a single batch is kept as the bare string. */
  history: string | string[] | undefined;
}

/**
 * JSON.stringify returns a rope of many small pieces; reading one character makes V8 flatten it into
 * one buffer in place, which measured ~380 B less heap per waiting instance.
 */
function pushBatch(entry: Entry, batch: string): void {
  const batches = entry.history;
  if (batches === undefined) entry.history = batch;
  else if (typeof batches === 'string') entry.history = [batches, batch];
  else batches.push(batch);
}

function flat(s: string): string {
  s.charCodeAt(s.length >> 1);
  return s;
}

/**
 * The store's own compact text (the caller never sees it): a snapshot leaves out its empty lists, and
 * a history batch is written in a line format. A waiting instance is mostly these two texts, so this is
 * what keeps it small in memory; both are on the path of every command, so they avoid JSON.stringify's
 * slow path (a replacer) and per-event copies.
 */
const LISTS: ReadonlySet<string> = new Set(['tokens', 'scopes', 'userTasks', 'jobs', 'timers', 'subscriptions', 'incidents']);

function packSnapshot(snapshot: Snapshot): string {
  // A shallow copy without the empty lists, so the whole tree goes through JSON.stringify's fast path.
  // Only the snapshot's own lists: a variable that happens to be called `jobs` keeps its [].
  const top = snapshot as unknown as Record<string, unknown>;
  const packed: Record<string, unknown> = {};
  for (const key in top) {
    const value = top[key];
    if (!(Array.isArray(value) && value.length === 0 && LISTS.has(key))) packed[key] = value;
  }
  return flat(JSON.stringify(packed));
}

function expandSnapshot(s: Snapshot): Snapshot {
  const r = s as unknown as Record<string, unknown>;
  for (const key of LISTS) if (r[key] === undefined) r[key] = [];
  return s;
}

/**
 * A batch from one command shares its time and numbers its events consecutively, so it is written as
 * `at`, the first `seq`, then one line per event: `type<TAB>elementId[<TAB>data as JSON]` (JSON text
 * never holds a raw tab or newline). Anything else — mixed times, gaps, an empty element id, a tab in a
 * name — is stored as plain JSON (which starts with `[`).
 */
function packHistory(events: readonly HistoryEvent[]): string {
  const first = events[0]!;
  const at = first.at;
  if (at.startsWith('[') || !isPlainField(at)) return flat(JSON.stringify(events));
  let out = `${at}\n${first.seq}`;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.at !== at || e.seq !== first.seq + i || !isPlainField(e.type)) return flat(JSON.stringify(events));
    const elementId = e.elementId;
    if (elementId !== undefined && (elementId === '' || !isPlainField(elementId))) return flat(JSON.stringify(events));
    out += `\n${e.type}\t${elementId ?? ''}`;
    if (e.data !== undefined) {
      const data = flatRecordText(e.data) ?? (JSON.stringify(e.data) as string | undefined);
      if (data === undefined) return flat(JSON.stringify(events));
      out += `\t${data}`;
    }
  }
  return flat(out);
}

/** Characters a JSON string must escape (and the tab and newline the line format splits on). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/**
 * Most history data is a flat record of short strings and numbers (`{ names: ['count'] }`, `{ taskId }`);
 * written by hand it costs a fraction of a JSON.stringify call. Only what JSON.parse reads back as the
 * same value is written this way; undefined means "use JSON.stringify".
 */
function flatRecordText(data: Record<string, unknown>): string | undefined {
  if (Object.getPrototypeOf(data) !== Object.prototype) return undefined;
  let out = '{';
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (value === undefined) continue;
    const text = scalarText(value) ?? (Array.isArray(value) ? scalarListText(value) : undefined);
    if (text === undefined || NEEDS_ESCAPE.test(key)) return undefined;
    out += `${out.length > 1 ? ',' : ''}"${key}":${text}`;
  }
  return `${out}}`;
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return NEEDS_ESCAPE.test(v) ? undefined : `"${v}"`;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v === null ? 'null' : undefined;
}

function scalarListText(list: readonly unknown[]): string | undefined {
  let out = '[';
  for (let i = 0; i < list.length; i++) {
    const text = scalarText(list[i]);
    if (text === undefined) return undefined;
    out += i === 0 ? text : `,${text}`;
  }
  return `${out}]`;
}

function isPlainField(s: unknown): boolean {
  return typeof s === 'string' && !s.includes('\t') && !s.includes('\n');
}

function unpackHistory(text: string): HistoryEvent[] {
  if (text.startsWith('[')) return JSON.parse(text) as HistoryEvent[];
  const lines = text.split('\n');
  const at = lines[0]!;
  const firstSeq = Number(lines[1]);
  const events: HistoryEvent[] = [];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i]!;
    const tab = line.indexOf('\t');
    const tab2 = line.indexOf('\t', tab + 1);
    const e: HistoryEvent = { seq: firstSeq + i - 2, at, type: line.slice(0, tab) };
    const elementId = tab2 === -1 ? line.slice(tab + 1) : line.slice(tab + 1, tab2);
    if (elementId !== '') e.elementId = elementId;
    if (tab2 !== -1) e.data = JSON.parse(line.slice(tab2 + 1)) as Record<string, unknown>;
    events.push(e);
  }
  return events;
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

  async open(): Promise<void> {}

  /** Keeps the data: a new Engine over the same MemoryStore continues where the old one stopped. */
  async close(): Promise<void> {}

  async loadInstance(instanceId: string): Promise<Snapshot | undefined> {
    const json = this.entries.get(instanceId)?.json;
    // Only this store wrote the text, from a snapshot the engine produced: no need to re-validate it.
    return json === undefined ? undefined : expandSnapshot(JSON.parse(json) as Snapshot);
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
    const json = packSnapshot(snapshot);
    // Both packed before either is stored, so a throwing toJSON leaves neither behind.
    const batch = history === undefined || history.length === 0 ? undefined : packHistory(history);
    if (entry === undefined) this.entries.set(id, { json, version, history: batch });
    else {
      entry.json = json;
      entry.version = version;
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
    for (const { json } of this.entries.values()) {
      if (json !== undefined) all.push(readSnapshot(expandSnapshot(JSON.parse(json) as Snapshot)));
    }
    return all;
  }

  async appendHistory(instanceId: string, events: readonly HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    const batch = packHistory(events);
    const entry = this.entries.get(instanceId);
    if (entry === undefined) this.entries.set(instanceId, { json: undefined, version: 0, history: batch });
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
