import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { StoreError } from '../errors/index.js';
import { errnoCode, errorMessage } from './durable-text-file.js';

/**
 * Directories this process holds, so a second FileStore in the same process is refused even though the
 * pid in the lock file is alive (it is ours), while a lock holding our pid that is *not* in this set is
 * stale: a previous run that got the same pid, which is the norm in containers where the engine is pid 1.
 */
const heldByThisProcess = new Set<string>();

export const LOCK_FILE = '.lock';

/**
 * Take `dir/.lock`. The lock is created complete (pid written to a temp file, then hard-linked into
 * place, which fails atomically if the lock exists), so a reader never sees a half-written lock. A lock
 * whose pid is dead, or that is empty or garbage (a crash while creating it), is stale and taken over.
 * Two processes taking over the same stale lock at the same instant can race; one owning process is
 * the deployment model (DESIGN.md), the lock guards against accidents, not adversaries.
 */
export async function acquireDirLock(dir: string): Promise<() => Promise<void>> {
  const key = resolve(dir);
  const lockPath = join(key, LOCK_FILE);
  if (heldByThisProcess.has(key)) throw lockedError(lockPath, process.pid);
  heldByThisProcess.add(key);
  try {
    await createLockFile(lockPath);
  } catch (e) {
    heldByThisProcess.delete(key);
    throw e;
  }
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    heldByThisProcess.delete(key);
    await unlink(lockPath).catch((e: unknown) => {
      if (errnoCode(e) !== 'ENOENT') throw new StoreError(`cannot remove lock: ${errorMessage(e)}`, { file: lockPath });
    });
  };
}

async function createLockFile(lockPath: string): Promise<void> {
  const temp = `${lockPath}.${process.pid}.tmp`;
  await writeFile(temp, `${process.pid}\n`);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temp, lockPath);
        return;
      } catch (e) {
        if (errnoCode(e) !== 'EEXIST') {
          throw new StoreError(`cannot create lock: ${errorMessage(e)}`, { file: lockPath }, { cause: e });
        }
      }
      const owner = await readLockOwner(lockPath);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw lockedError(lockPath, owner);
      await unlink(lockPath).catch(() => undefined);
    }
    throw new StoreError('cannot take lock: it keeps being re-created by another process', { file: lockPath });
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readLockOwner(lockPath: string): Promise<number | undefined> {
  const text = await readFile(lockPath, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(e) === 'EPERM';
  }
}

function lockedError(lockPath: string, pid: number): StoreError {
  return new StoreError(`store directory is locked by pid ${pid}`, { file: lockPath, pid });
}
