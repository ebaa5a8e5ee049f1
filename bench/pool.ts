/**
 * Runs `work(0) … work(n - 1)` with at most `limit` calls in flight, the way a server sees requests:
 * the durable scenarios use it so FileStore's group commit can share one fsync between concurrent saves.
 * `limit` 1 is the one-at-a-time variant.
 */
export async function inFlight(n: number, limit: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, n)) }, worker));
}

/** Concurrency of the durable scenarios' main rows (the `-serial` rows run one at a time). */
export const SERVER_CONCURRENCY = 100;
