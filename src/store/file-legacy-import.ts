import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoreError } from '../errors/index.js';
import { errnoCode, errorMessage, readTextFile, syncDirectory } from './durable-text-file.js';
import type { JournalRecord } from './file-journal-format.js';
import type { FileJournal } from './file-journal.js';
import { decodeIdFromFileName, encodeIdForFileName } from './file-names.js';
import { readHistoryLines } from './jsonl-history.js';
import { readSnapshot } from './snapshot-schema.js';

/**
 * Store directories written before the journal hold `instances/<id>.json` and `history/<id>.jsonl`.
 * They are moved into the journal in one group, and the old folders are removed only after that group
 * is durable. A crash in between imports them again on the next open: saves simply repeat, and every
 * history record is preceded by a `delh`, so history is replaced, not doubled.
 */
export async function importLegacyLayout(dir: string, journal: FileJournal, fsync: boolean): Promise<void> {
  const instancesDir = join(dir, 'instances');
  const historyDir = join(dir, 'history');
  const instanceNames = await listOrUndefined(instancesDir);
  const historyNames = await listOrUndefined(historyDir);
  if (instanceNames === undefined && historyNames === undefined) return;

  const records: JournalRecord[] = [];
  const idByName = new Map<string, string>();
  for (const name of (instanceNames ?? []).filter((n) => n.endsWith('.json'))) {
    const file = join(instancesDir, name);
    const text = await readTextFile(file);
    if (text === undefined) continue;
    const snapshot = readSnapshot(parseLegacyJson(text, file), { file });
    if (`${encodeIdForFileName(snapshot.instanceId)}.json` !== name) {
      throw new StoreError(`file name does not match its instanceId '${snapshot.instanceId}'`, { file });
    }
    idByName.set(name.slice(0, -'.json'.length), snapshot.instanceId);
    records.push({ op: 'save', id: snapshot.instanceId, version: snapshot.version, payload: text });
  }
  for (const name of (historyNames ?? []).filter((n) => n.endsWith('.jsonl'))) {
    const file = join(historyDir, name);
    const base = name.slice(0, -'.jsonl'.length);
    const id = idByName.get(base) ?? decodeIdFromFileName(base);
    if (id === undefined) throw new StoreError('history file name is not an instance id (hashed, and no instance file)', { file });
    const events = await readHistoryLines(file);
    records.push({ op: 'delh', id });
    if (events.length > 0) {
      const payload = events.map((e) => JSON.stringify(e) + '\n').join('');
      records.push({ op: 'hist', id, payload });
    }
  }
  // One group: all of the old store, or none of it.
  if (records.length > 0) await journal.appendAll(records);
  try {
    await rm(instancesDir, { recursive: true, force: true });
    await rm(historyDir, { recursive: true, force: true });
    if (fsync) await syncDirectory(dir);
  } catch (e) {
    throw new StoreError(`cannot remove the old store folders: ${errorMessage(e)}`, { file: dir }, { cause: e });
  }
}

async function listOrUndefined(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw new StoreError(`cannot list folder: ${errorMessage(e)}`, { file: dir }, { cause: e });
  }
}

function parseLegacyJson(text: string, file: string): unknown {
  if (text.trim() === '') throw new StoreError('file is empty (truncated by a crash?)', { file });
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StoreError(`file is not valid JSON (truncated or edited?): ${errorMessage(e)}`, { file }, { cause: e });
  }
}
