import { open } from 'node:fs/promises';
import { StoreError } from '../errors/index.js';
import type { HistoryEvent } from '../engine/state.js';
import { readTextFile } from './durable-text-file.js';

/**
 * History is append-only JSON Lines: one event per line, only newline-terminated lines count. A crash
 * mid-append leaves a torn last line (or a whole batch minus its tail: a batch is not atomic, history is
 * a record, not state); readers ignore it, and the first append after a restart cuts it off so the next
 * line does not get glued to it. FileStore now keeps history in its journal; these files are read once,
 * when an old store directory is taken over.
 */

const TAIL_CHUNK = 64 * 1024;

/** Append lines (each already ending in '\n'). Returns true when the file was created by this call. */
export async function appendLines(file: string, text: string, fsync: boolean): Promise<boolean> {
  const handle = await open(file, 'a');
  try {
    const created = (await handle.stat()).size === 0;
    await handle.writeFile(text, 'utf8');
    if (fsync) await handle.sync();
    return created;
  } finally {
    await handle.close();
  }
}

/** Cut a torn last line off. Returns false when the file does not exist. */
export async function repairTornTail(file: string, fsync: boolean): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r+');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return false;
    throw e;
  }
  try {
    const size = (await handle.stat()).size;
    let end = size;
    const buf = Buffer.alloc(TAIL_CHUNK);
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const { bytesRead } = await handle.read(buf, 0, end - start, start);
      const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (nl >= 0) {
        end = start + nl + 1;
        break;
      }
      end = start;
    }
    if (end < size) {
      await handle.truncate(end);
      if (fsync) await handle.sync();
    }
    return true;
  } finally {
    await handle.close();
  }
}

export async function readHistoryLines(file: string): Promise<HistoryEvent[]> {
  const text = await readTextFile(file);
  return text === undefined ? [] : parseHistoryLines(text, { file });
}

/**
 * Events of a JSON Lines text; a torn last line (no '\n') is ignored. `where` names the source in errors,
 * */
export function parseHistoryLines(text: string, where: Record<string, unknown>, into: HistoryEvent[] = []): HistoryEvent[] {
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a torn line
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(lines[i]);
    } catch (e) {
      throw new StoreError(`history line is not valid JSON: ${(e as Error).message}`, { ...where, line: i + 1 });
    }
    const ok = typeof event === 'object' && event !== null && !Array.isArray(event);
    if (!ok || typeof (event as HistoryEvent).type !== 'string' || typeof (event as HistoryEvent).seq !== 'number') {
      throw new StoreError('history line is not an event ({ seq, at, type, … })', { ...where, line: i + 1 });
    }
    into.push(event as HistoryEvent);
  }
  return into;
}
