import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreError } from '../errors/index.js';

/** Suffix of in-flight writes; a crash can leave such files behind, FileStore.open() removes them. */
export const TEMP_SUFFIX = '.tmp';

let tempCounter = 0;

/**
 * A lowdb text adapter that is durable where lowdb's own (steno) is only atomic: steno writes a temp file
 * and renames it but never fsyncs, so after a power cut the renamed file can be empty or old. Here a
 * write is temp file → fsync → rename → fsync of the directory (the rename lives in the directory, and
 * "durable when the promise resolves" is the Store contract). `read` gives null for a missing file, like
 * lowdb's TextFile; JSON is parsed by the caller, which knows how to name a bad file.
 *
 * `fsync: false` keeps atomicity but drops durability (tests, benchmarks on throw-away dirs).
 */
export class DurableTextFile implements Adapter<string> {
  constructor(
    readonly file: string,
    private readonly fsync = true,
  ) {}

  async read(): Promise<string | null> {
    return (await readTextFile(this.file)) ?? null;
  }

  async write(text: string): Promise<void> {
    await writeTextFileDurably(this.file, text, this.fsync);
  }
}

export async function readTextFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw new StoreError(`cannot read file: ${errorMessage(e)}`, { file }, { cause: e });
  }
}

export async function writeTextFileDurably(file: string, text: string, fsync: boolean): Promise<void> {
  const temp = `${file}.${process.pid}-${++tempCounter}${TEMP_SUFFIX}`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw new StoreError(`cannot write file: ${errorMessage(e)}`, { file }, { cause: e });
  }
  if (fsync) await syncDirectory(dirname(file));
}

/** Make a create, rename or unlink in `dir` survive a power cut (POSIX: fsync the directory itself). */
export async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
