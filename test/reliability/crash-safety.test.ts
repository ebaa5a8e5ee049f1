import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine, FileStore, StoreError } from '../../src/index.js';
import { runCrashRound, uninterruptedFinals, type CrashRoundReport } from './crash-harness.js';

const SEED = 20261123;
const ROUNDS = 5;
const INSTANCES = 200;
const root = mkdtempSync(join(tmpdir(), 'bpmn-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('FileStore crash safety under kill -9', () => {
  it(`given a child driving ${INSTANCES} instances killed at ${ROUNDS} seeded moments, when a new Engine recovers, then nothing acknowledged is lost and the results match an uninterrupted run`, async () => {
    const expected = await uninterruptedFinals(INSTANCES);
    const reports: CrashRoundReport[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      reports.push(await runCrashRound({ root, round, seed: SEED, count: INSTANCES, expected }));
    }
    console.info(reports.map((r) => `${r.label}: killed after ${r.killedAfterLines} lines, ${r.acks} acks, ${r.instancesOnDisk} on disk, ${r.inFlightCalls} calls in flight, ${r.retriedCalls} retried, child ${r.childMs} ms, recovery ${r.recoveryMs} ms`).join('\n'));
    expect(reports.flatMap((r) => r.violations)).toEqual([]);
    // the child was still working when it was killed, and held its directory against a second engine
    for (const r of reports) {
      expect(r.childFinished, r.label).toBe(false);
      expect(r.lockRefusal, r.label).toMatch(/locked by pid \d+/);
    }
    expect(reports.reduce((sum, r) => sum + r.acks, 0)).toBeGreaterThan(0);
  }, 120_000);
});

describe('one owner per FileStore directory', () => {
  it('given an Engine that opened a directory, when a second Engine in the same process opens it, then it is refused with a StoreError', async () => {
    const dir = join(root, 'two-engines');
    const first = new Engine({ store: new FileStore({ dir }) });
    await first.listInstances();
    const second = new Engine({ store: new FileStore({ dir }) });
    const err = await second.listInstances().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).message).toMatch(/locked by pid/);
    await second.close();
    await first.close();
    // once the first lets go, the directory opens again
    const third = new Engine({ store: new FileStore({ dir }) });
    await expect(third.listInstances()).resolves.toEqual({ items: [] });
    await third.close();
  });
});
