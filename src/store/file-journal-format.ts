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

/** Read a whole journal file. `file` only names it in errors. */
export function scanJournal(buf: Buffer, file: string): ScanResult {
  const headerLen = Buffer.byteLength(JOURNAL_HEADER);
  if (buf.length < headerLen) {
    // A crash while creating the file leaves a prefix of the header (or nothing).
    if (JOURNAL_HEADER.startsWith(buf.toString('latin1'))) return { records: [], validEnd: 0, groupEnds: [] };
    throw new StoreError('file is not a bpmn-runner journal', { file });
  }
  if (buf.toString('latin1', 0, headerLen) !== JOURNAL_HEADER) {
    throw new StoreError('file is not a bpmn-runner journal (or a newer version of it)', { file });
  }
  const records: ScannedRecord[] = [];
  const groupEnds: number[] = [];
  let pos = headerLen;
  while (pos < buf.length) {
    const group = readGroup(buf, pos);
    if (group === undefined) {
      if (hasGroupAfter(buf, pos + 1)) {
        throw new StoreError(`journal is damaged at byte ${pos} and intact after it (edited or disk error?)`, { file, offset: pos });
      }
      break;
    }
    parseBody(buf, group.start, group.end, file, records);
    pos = group.end;
    groupEnds.push(pos);
  }
  return { records, validEnd: pos, groupEnds };
}

function readGroup(buf: Buffer, pos: number): { start: number; end: number } | undefined {
  if (buf[pos] !== HASH) return undefined;
  const nl = buf.indexOf(NL, pos);
  if (nl < 0 || nl - pos > MAX_GROUP_HEADER) return undefined;
  const m = GROUP_HEADER.exec(buf.toString('latin1', pos, nl));
  if (m === null) return undefined;
  const start = nl + 1;
  const end = start + Number(m[1]);
  if (end > buf.length) return undefined;
  if (crc32(buf.subarray(start, end)) !== parseInt(m[2], 16)) return undefined;
  return { start, end };
}

/** Is there a complete, intact group starting at a line start at or after `from`? */
function hasGroupAfter(buf: Buffer, from: number): boolean {
  for (let i = buf.indexOf(NL, from - 1); i >= 0 && i + 1 < buf.length; i = buf.indexOf(NL, i + 1)) {
    if (buf[i + 1] === HASH && readGroup(buf, i + 1) !== undefined) return true;
  }
  return false;
}

function parseBody(buf: Buffer, start: number, end: number, file: string, out: ScannedRecord[]): void {
  let pos = start;
  while (pos < end) {
    const nl = buf.indexOf(NL, pos);
    if (nl < 0 || nl >= end) throw badRecord(file, pos, 'has no header line');
    let head: unknown;
    try {
      head = JSON.parse(buf.toString('utf8', pos, nl));
    } catch {
      throw badRecord(file, pos, 'has a header that is not JSON');
    }
    const h = head as { op?: unknown; id?: unknown; v?: unknown; n?: unknown };
    if (typeof h !== 'object' || h === null || typeof h.id !== 'string' || !isOp(h.op)) throw badRecord(file, pos, 'has no op or id');
    const n = h.n === undefined ? 0 : Number(h.n);
    const hasPayload = h.op === 'save' || h.op === 'hist';
    if (hasPayload !== (h.n !== undefined) || !Number.isSafeInteger(n) || n < 0) throw badRecord(file, pos, 'has a wrong payload length');
    if (h.op === 'save' && !Number.isSafeInteger(h.v)) throw badRecord(file, pos, 'has no version');
    const offset = nl + 1;
    const after = offset + n;
    if (hasPayload && (after >= end || buf[after] !== NL)) throw badRecord(file, pos, 'has a payload that overruns it');
    out.push({ op: h.op, id: h.id, version: h.op === 'save' ? (h.v as number) : undefined, offset, length: n });
    pos = hasPayload ? after + 1 : offset;
  }
}

function badRecord(file: string, pos: number, why: string): StoreError {
  return new StoreError(`journal record at byte ${pos} ${why}`, { file, offset: pos });
}

function isOp(op: unknown): op is RecordOp {
  return op === 'save' || op === 'hist' || op === 'del' || op === 'delh';
}
