import { crc32 } from 'node:zlib';
import { StoreError } from '../errors/index.js';

/**
 * The on-disk format of the FileStore journal (`journal.log`), kept readable with `less`:
 *
 *   bpmn-runner journal 1\n                      file header
 *   #<bodyBytes> <crc32 of body, 8 hex>\n          one group (= one fsync), then its body:
 *   {"op":"save","id":"order-1","v":3,"n":812}\n   record header (JSON), then n payload bytes and '\n'
 *   {…the snapshot JSON…}\n
 *   {"op":"hist","id":"order-1","n":120}\n         payload: history events as JSON Lines
 *   {"seq":4,…}\n{"seq":5,…}\n\n
 *   {"op":"del","id":"order-1"}\n                  no payload (n absent): delete instance
 *   {"op":"delh","id":"order-1"}\n                 no payload: delete history
 *
 * A group is all or nothing: its crc covers the whole body. A damaged or short group with no intact
 * group after it is a torn tail (a crash before its fsync returned: nobody was told it was stored) and
 * is cut off at open; damage with an intact group after it is real corruption and a StoreError.
 */
export const JOURNAL_HEADER = 'bpmn-runner journal 1\n';
const HEADER_BYTES = Buffer.from(JOURNAL_HEADER, 'latin1');

export type RecordOp = 'save' | 'hist' | 'del' | 'delh';

export interface JournalRecord {
  op: RecordOp;
  id: string;
  /** Snapshot version (save only). */
  version?: number;
  /** Snapshot JSON (save) or JSON Lines ending in '\n' (hist). */
  payload?: string | Buffer;
}

/** A record as found in the file: where its payload bytes are. */
export interface ScannedRecord {
  op: RecordOp;
  id: string;
  version?: number;
  offset: number;
  length: number;
}

export interface EncodedGroup {
  bytes: Buffer;
  /** Payload position (relative to the group start) per record; length 0 for records without payload. */
  payloads: { offset: number; length: number }[];
}

const NL = 0x0a;
const HASH = 0x23;
const MAX_GROUP_HEADER = 40;
const GROUP_HEADER = /^#(\d{1,15}) ([0-9a-f]{8})$/;

export function encodeGroup(records: readonly JournalRecord[]): EncodedGroup {
  const parts: Buffer[] = [];
  const rel: { offset: number; length: number }[] = [];
  let size = 0;
  for (const r of records) {
    const payload = typeof r.payload === 'string' ? Buffer.from(r.payload, 'utf8') : r.payload;
    const head: { op: RecordOp; id: string; v?: number; n?: number } = { op: r.op, id: r.id };
    if (r.version !== undefined) head.v = r.version;
    if (payload !== undefined) head.n = payload.length;
    const headBytes = Buffer.from(JSON.stringify(head) + '\n', 'utf8');
    parts.push(headBytes);
    size += headBytes.length;
    if (payload === undefined) {
      rel.push({ offset: size, length: 0 });
      continue;
    }
    rel.push({ offset: size, length: payload.length });
    parts.push(payload, NEWLINE);
    size += payload.length + 1;
  }
  const body = Buffer.concat(parts, size);
  const header = Buffer.from(`#${body.length} ${crc32(body).toString(16).padStart(8, '0')}\n`, 'latin1');
  for (const p of rel) p.offset += header.length;
  return { bytes: Buffer.concat([header, body]), payloads: rel };
}

const NEWLINE = Buffer.from('\n');

export interface ScanResult {
  records: ScannedRecord[];
  /** Bytes that form the header and complete groups; anything after is a torn tail. */
  validEnd: number;
  /** Byte offset (after the file header) where each complete group ends, in order. */
  groupEnds: number[];
}

/** Reads `length` bytes at `position` (fewer only at the end of the file). */
export type ReadAt = (position: number, length: number) => Promise<Buffer>;

/** Bytes read at once while scanning: big groups are read whole, small ones share a window. */
const SCAN_WINDOW = 8 * 1024 * 1024;

/** Scan a journal held in memory (tests, small files). `file` only names it in errors. */
export function scanJournal(buf: Buffer, file: string, window = SCAN_WINDOW): Promise<ScanResult> {
  return scanJournalFile(async (p, n) => buf.subarray(p, p + n), buf.length, file, window);
}

/**
 * Scan a journal of `size` bytes window by window, so a journal larger than memory (or than the 2 GiB
 * a Buffer can hold) still opens. Records come back with absolute payload offsets.
 */
export async function scanJournalFile(readAt: ReadAt, size: number, file: string, window = SCAN_WINDOW): Promise<ScanResult> {
  const headerLen = HEADER_BYTES.length;
  const head = await readAt(0, Math.min(size, headerLen));
  if (size < headerLen) {
    // A crash while creating the file leaves a prefix of the header (or nothing).
    if (HEADER_BYTES.subarray(0, head.length).equals(head)) return { records: [], validEnd: 0, groupEnds: [] };
    throw new StoreError('file is not a bpmn-runner journal', { file });
  }
  if (!head.equals(HEADER_BYTES)) throw new StoreError('file is not a bpmn-runner journal (or a newer version of it)', { file });

  const records: ScannedRecord[] = [];
  const groupEnds: number[] = [];
  let win: Buffer = Buffer.alloc(0);
  let winStart = 0;
  /** Make [pos, pos + length) (clamped to the file) part of the window. */
  const cover = async (pos: number, length: number): Promise<void> => {
    const end = Math.min(size, pos + length);
    if (pos >= winStart && end <= winStart + win.length) return;
    win = await readAt(pos, Math.max(end, Math.min(size, pos + window)) - pos);
    winStart = pos;
  };
  let pos = headerLen;
  while (pos < size) {
    await cover(pos, MAX_GROUP_HEADER + 1);
    const header = readGroupHeader(win, pos - winStart);
    let intact = false;
    if (header !== undefined && pos + header.bodyStart + header.bodyLength <= size) {
      await cover(pos, header.bodyStart + header.bodyLength);
      const start = pos - winStart + header.bodyStart;
      const end = start + header.bodyLength;
      intact = crc32(win.subarray(start, end)) === header.crc;
      if (intact) {
        parseBody(win, start, end, winStart, file, records);
        pos = winStart + end;
        groupEnds.push(pos);
      }
    }
    if (!intact) {
      const rest = await readAt(pos, size - pos);
      if (hasGroupAfter(rest, 1)) {
        throw new StoreError(`journal is damaged at byte ${pos} and intact after it (edited or disk error?)`, { file, offset: pos });
      }
      break;
    }
  }
  return { records, validEnd: pos, groupEnds };
}

interface GroupHeader {
  /** Bytes from the '#' to the first body byte. */
  bodyStart: number;
  bodyLength: number;
  crc: number;
}

function readGroupHeader(buf: Buffer, pos: number): GroupHeader | undefined {
  if (buf[pos] !== HASH) return undefined;
  const nl = buf.indexOf(NL, pos);
  if (nl < 0 || nl - pos > MAX_GROUP_HEADER) return undefined;
  const m = GROUP_HEADER.exec(buf.toString('latin1', pos, nl));
  if (m === null) return undefined;
  return { bodyStart: nl + 1 - pos, bodyLength: Number(m[1]), crc: parseInt(m[2], 16) };
}

/** Is there a complete, intact group starting at a line start at or after `from`? */
function hasGroupAfter(buf: Buffer, from: number): boolean {
  for (let i = buf.indexOf(NL, from - 1); i >= 0 && i + 1 < buf.length; i = buf.indexOf(NL, i + 1)) {
    const header = readGroupHeader(buf, i + 1);
    if (header === undefined) continue;
    const start = i + 1 + header.bodyStart;
    const end = start + header.bodyLength;
    if (end <= buf.length && crc32(buf.subarray(start, end)) === header.crc) return true;
  }
  return false;
}

function parseBody(buf: Buffer, start: number, end: number, base: number, file: string, out: ScannedRecord[]): void {
  let pos = start;
  while (pos < end) {
    const nl = buf.indexOf(NL, pos);
    if (nl < 0 || nl >= end) throw badRecord(file, base + pos, 'has no header line');
    let head: unknown;
    try {
      head = JSON.parse(buf.toString('utf8', pos, nl));
    } catch {
      throw badRecord(file, base + pos, 'has a header that is not JSON');
    }
    const h = head as { op?: unknown; id?: unknown; v?: unknown; n?: unknown };
    if (typeof h !== 'object' || h === null || typeof h.id !== 'string' || !isOp(h.op)) throw badRecord(file, base + pos, 'has no op or id');
    const n = h.n === undefined ? 0 : Number(h.n);
    const hasPayload = h.op === 'save' || h.op === 'hist';
    if (hasPayload !== (h.n !== undefined) || !Number.isSafeInteger(n) || n < 0) throw badRecord(file, base + pos, 'has a wrong payload length');
    if (h.op === 'save' && !Number.isSafeInteger(h.v)) throw badRecord(file, base + pos, 'has no version');
    const offset = nl + 1;
    const after = offset + n;
    if (hasPayload && (after >= end || buf[after] !== NL)) throw badRecord(file, base + pos, 'has a payload that overruns it');
    out.push({ op: h.op, id: h.id, version: h.op === 'save' ? (h.v as number) : undefined, offset: base + offset, length: n });
    pos = hasPayload ? after + 1 : offset;
  }
}

function badRecord(file: string, pos: number, why: string): StoreError {
  return new StoreError(`journal record at byte ${pos} ${why}`, { file, offset: pos });
}

function isOp(op: unknown): op is RecordOp {
  return op === 'save' || op === 'hist' || op === 'del' || op === 'delh';
}
