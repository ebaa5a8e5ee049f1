import { readFile, readdir } from 'node:fs/promises';

/**
 * CPU seconds PostgreSQL spent, read from /proc on Linux: the postmaster's reaped children (cutime +
 * cstime: every backend that has exited) plus the backends alive now. Undefined elsewhere. On a
 * machine shared with other work, CPU per order is the number that load does not distort.
 */
export async function postgresCpuMs(): Promise<number | undefined> {
  try {
    const pids = (await readdir('/proc')).filter((d) => /^\d+$/.test(d));
    const tick = 100; // USER_HZ on Linux
    let total = 0;
    let found = false;
    for (const pid of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const close = stat.lastIndexOf(')');
      if (close < 0 || !stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const f = stat.slice(close + 2).split(' ');
      // fields after "(comm) ": state ppid … utime(11) stime(12) cutime(13) cstime(14), 0-based from state
      const [utime, stime, cutime, cstime] = [f[11], f[12], f[13], f[14]].map(Number) as [number, number, number, number];
      found = true;
      total += utime + stime + (f[1] === '1' ? cutime + cstime : 0);
    }
    return found ? (total * 1000) / tick : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds of the given PostgreSQL backends (by pid, from /proc): the bench's own share of the
 * server, which other sessions' queries on a shared machine do not inflate. A backend that exits is
 * no longer counted, so read it while the engine processes still hold their connections.
 */
export async function backendsCpuMs(pids: readonly number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const f = stat.slice(close + 2).split(' ');
    out.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
  }
  return out;
}
