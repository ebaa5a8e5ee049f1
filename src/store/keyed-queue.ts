/**
 * Runs async tasks one at a time per key, in call order. FileStore writes one file per key; without
 * this, two saves of one instance could rename their temp files in the wrong order, and the version
 * check of the second could run before the first had written.
 *
 * It is on the path of every engine command, and most commands find their key idle: the map holds the
 * last task's own promise (no settled-ignoring wrapper), so a run costs one extra promise for the
 * cleanup, and a later task chains on it whether it fulfilled or rejected.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous === undefined ? task() : previous.then(task, task);
    this.tails.set(key, result);
    const release = (): void => {
      if (this.tails.get(key) === result) this.tails.delete(key);
    };
    void result.then(release, release);
    return result;
  }

  /** Resolves when every task queued so far (and any queued meanwhile) has settled. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
