import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/store/keyed-queue.js';

function deferred(): { promise: Promise<void>; resolve(): void; reject(e: Error): void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after the other, in call order', async () => {
    const q = new KeyedQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = q.run('a', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
      return 1;
    });
    const second = q.run('a', async () => {
      log.push('second');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['first start']);

    gate.resolve();

    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['first start', 'first end', 'second']);
  });

  it('runs the next task of a key after one that failed, and hands the failure to its caller only', async () => {
    const q = new KeyedQueue();
    const failing = q.run('a', async () => {
      throw new Error('boom');
    });
    const next = q.run('a', async () => 'ran');

    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });

  it('does not hold one key behind another', async () => {
    const q = new KeyedQueue();
    const gate = deferred();
    const blocked = q.run('a', () => gate.promise);

    expect(await q.run('b', async () => 'b done')).toBe('b done');
    gate.resolve();
    await blocked;
  });

  it('starts a task at once when its key is idle, also after earlier tasks of that key settled', async () => {
    const q = new KeyedQueue();
    await q.run('a', async () => undefined);
    let started = false;
    const p = q.run('a', async () => {
      started = true;
    });

    expect(started).toBe(true);
    await p;
  });

  it('drains every queued task, failed ones included', async () => {
    const q = new KeyedQueue();
    const gate = deferred();
    const done: string[] = [];
    const failing = q.run('a', async () => {
      await gate.promise;
      throw new Error('late');
    });
    failing.catch(() => done.push('a failed'));
    void q.run('a', async () => {
      done.push('a2');
    });
    void q.run('b', async () => {
      done.push('b');
    });
    const drained = q.drain();
    gate.resolve();

    await drained;

    expect(done).toEqual(expect.arrayContaining(['b', 'a failed', 'a2']));
  });
});
