import { StoreError } from '../errors/index.js';
import { SCHEMA_VERSION } from '../engine/state.js';
import type { Snapshot } from '../engine/state.js';
import { migrateSnapshot } from './migrations/index.js';

/**
 * The guard every stored snapshot passes on its way back into the engine. The engine trusts its state
 * completely (no checks on the hot path), so a hand-edited, truncated or foreign file must be stopped
 * here, with a message that names the field, rather than surface later as a TypeError inside a step.
 *
 * Checks are structural and cheap (O(size of the arrays)); they do not re-check engine invariants such
 * as "every waiting token has its user task". Unknown extra fields are allowed: additive changes do not
 * need a schema version.
 */

export interface ReadSnapshotOptions {
  /** File (or other source) the snapshot came from; put into the error's `details.file`. */
  file?: string;
}

const STATUSES = new Set(['RUNNING', 'SUSPENDED', 'COMPLETED', 'TERMINATED', 'FAILED']);

/** Per array of the snapshot: fields each entry must carry as strings, and enum-valued fields. */
interface EntryRule {
  strings: readonly string[];
  enums?: Readonly<Record<string, readonly string[]>>;
  objects?: readonly string[];
  stringArrays?: readonly string[];
  /** Optional fields that must be whole numbers when present (the Postgres projections cast them). */
  integers?: readonly string[];
}

const ENTRY_RULES: Readonly<Record<string, EntryRule>> = {
  tokens: { strings: ['id', 'elementId'], enums: { phase: ['ready', 'waiting', 'joining'] } },
  scopes: { strings: ['id', 'elementId'], objects: ['variables'] },
  userTasks: {
    strings: ['id', 'elementId', 'tokenId', 'createdAt'],
    stringArrays: ['candidateUsers', 'candidateGroups'],
  },
  jobs: { strings: ['id', 'elementId', 'tokenId'], enums: { kind: ['service', 'script', 'async', 'listener', 'mapping'] }, integers: ['priority'] },
  timers: { strings: ['id', 'elementId', 'dueAt'], integers: ['priority'] },
  subscriptions: {
    strings: ['id', 'elementId', 'name'],
    enums: { kind: ['message', 'signal', 'conditional'] },
  },
  incidents: { strings: ['id', 'elementId', 'message', 'createdAt'] },
};

/**
 * Validate a parsed snapshot and migrate it from an older schema version. A current snapshot is returned
 * as the same object (no copy); a migrated one is a new object. Throws StoreError naming the problem.
 */
export function readSnapshot(raw: unknown, options: ReadSnapshotOptions = {}): Snapshot {
  const fail: Fail = failer(raw, options.file);
  if (!isRecord(raw)) fail(`snapshot must be a JSON object, got ${describe(raw)}`);
  const schemaVersion = raw.schemaVersion;
  if (!isCount(schemaVersion)) fail(`snapshot field 'schemaVersion' must be a non-negative integer, got ${describe(schemaVersion)}`);
  if (schemaVersion > SCHEMA_VERSION) {
    fail(
      `snapshot schemaVersion ${schemaVersion} is newer than this bpmn-runner reads (${SCHEMA_VERSION}); ` +
        'upgrade bpmn-runner to load it',
    );
  }
  const current = schemaVersion < SCHEMA_VERSION ? migrateSnapshot(raw, schemaVersion, SCHEMA_VERSION, fail) : raw;
  checkCurrentShape(current, fail);
  return current as unknown as Snapshot;
}

type Fail = (message: string) => never;

function checkCurrentShape(s: Record<string, unknown>, fail: Fail): void {
  if (s.schemaVersion !== SCHEMA_VERSION) fail(`snapshot schemaVersion must be ${SCHEMA_VERSION} after migration`);
  if (typeof s.instanceId !== 'string' || s.instanceId === '') {
    fail(`snapshot field 'instanceId' must be a non-empty string, got ${describe(s.instanceId)}`);
  }
  const p = s.process;
  if (!isRecord(p)) fail(`snapshot field 'process' must be an object, got ${describe(p)}`);
  if (typeof p.key !== 'string' || p.key === '') fail(`snapshot field 'process.key' must be a non-empty string, got ${describe(p.key)}`);
  if (!isCount(p.version)) fail(`snapshot field 'process.version' must be a non-negative integer, got ${describe(p.version)}`);
  if (typeof p.specHash !== 'string') fail(`snapshot field 'process.specHash' must be a string, got ${describe(p.specHash)}`);
  if (typeof s.status !== 'string' || !STATUSES.has(s.status)) {
    fail(`snapshot field 'status' must be one of ${[...STATUSES].join('|')}, got ${describe(s.status)}`);
  }
  if (!isRecord(s.variables)) fail(`snapshot field 'variables' must be an object, got ${describe(s.variables)}`);
  if (typeof s.startedAt !== 'string') fail(`snapshot field 'startedAt' must be a string, got ${describe(s.startedAt)}`);
  for (const field of ['businessKey', 'parentInstanceId', 'endedAt']) {
    if (s[field] !== undefined && typeof s[field] !== 'string') {
      fail(`snapshot field '${field}' must be a string when present, got ${describe(s[field])}`);
    }
  }
  if (s.failure !== undefined && !(isRecord(s.failure) && typeof s.failure.code === 'string')) {
    fail(`snapshot field 'failure' must be an object with a string 'code', got ${describe(s.failure)}`);
  }
  for (const field of ['nextId', 'version']) {
    if (!isCount(s[field])) fail(`snapshot field '${field}' must be a non-negative integer, got ${describe(s[field])}`);
  }
  if (s.historySeq !== undefined && !isCount(s.historySeq)) {
    fail(`snapshot field 'historySeq' must be a non-negative integer, got ${describe(s.historySeq)}`);
  }
  for (const [field, rule] of Object.entries(ENTRY_RULES)) checkEntries(s[field], field, rule, fail);
}

function checkEntries(list: unknown, field: string, rule: EntryRule, fail: Fail): void {
  if (!Array.isArray(list)) fail(`snapshot field '${field}' must be an array, got ${describe(list)}`);
  for (let i = 0; i < list.length; i++) {
    const entry: unknown = list[i];
    const at = `${field}[${i}]`;
    if (!isRecord(entry)) fail(`snapshot field '${at}' must be an object, got ${describe(entry)}`);
    for (const key of rule.strings) {
      if (typeof entry[key] !== 'string') fail(`snapshot field '${at}.${key}' must be a string, got ${describe(entry[key])}`);
    }
    for (const [key, allowed] of Object.entries(rule.enums ?? {})) {
      if (!allowed.includes(entry[key] as string)) {
        fail(`snapshot field '${at}.${key}' must be one of ${allowed.join('|')}, got ${describe(entry[key])}`);
      }
    }
    for (const key of rule.objects ?? []) {
      if (!isRecord(entry[key])) fail(`snapshot field '${at}.${key}' must be an object, got ${describe(entry[key])}`);
    }
    for (const key of rule.integers ?? []) {
      const v = entry[key];
      if (v !== undefined && !Number.isInteger(v)) fail(`snapshot field '${at}.${key}' must be a whole number when present, got ${describe(v)}`);
    }
    for (const key of rule.stringArrays ?? []) {
      const v = entry[key];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        fail(`snapshot field '${at}.${key}' must be an array of strings, got ${describe(v)}`);
      }
    }
  }
}

function failer(raw: unknown, file: string | undefined): Fail {
  return (message) => {
    const instanceId = isRecord(raw) && typeof raw.instanceId === 'string' ? raw.instanceId : undefined;
    const details: Record<string, unknown> = {};
    if (file !== undefined) details.file = file;
    if (instanceId !== undefined) details.instanceId = instanceId;
    throw new StoreError(message, details);
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A short, safe rendering of a bad value for an error message (never the whole blob). */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
