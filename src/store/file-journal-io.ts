import type { FileHandle } from 'node:fs/promises';

/** Where a payload lives in the journal file. */
export interface PayloadLocation {
  offset: number;
  length: number;
}

/**
 * Payloads in the order of `locs`, reading nearby ones with one call per window (never one buffer for
 * the whole file, which could be bigger than a Buffer may be).
 */
export async function readPayloads(handle: FileHandle, locs: readonly PayloadLocation[], window: number): Promise<Buffer[]> {
  const order = locs.map((_, i) => i).sort((a, b) => locs[a].offset - locs[b].offset);
  const out = new Array<Buffer>(locs.length);
  for (let i = 0; i < order.length; ) {
    const start = locs[order[i]].offset;
    let end = start + locs[order[i]].length;
    let j = i + 1;
    while (j < order.length && locs[order[j]].offset + locs[order[j]].length - start <= window) {
      end = Math.max(end, locs[order[j]].offset + locs[order[j]].length);
      j++;
    }
    const chunk = await readRange(handle, start, end - start);
    for (let k = i; k < j; k++) {
      const loc = locs[order[k]];
      out[order[k]] = chunk.subarray(loc.offset - start, loc.offset - start + loc.length);
    }
    i = j;
  }
  return out;
}

export async function readRange(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buf, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`journal ends before byte ${position + length}`);
    done += bytesRead;
  }
  return buf;
}

export async function writeFully(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}
