/**
 * The long crash soak (issue 10): `node --import tsx scripts/soak.ts [--rounds 20] [--instances 1000] [--seed N]`.
 * Each round runs a child process driving the instances through service calls, user tasks and timers on
 * a FileStore, kill -9s it at a seeded moment, recovers with a new Engine and checks that every
 * acknowledged step survived, no stored file is torn, in-flight service calls are made again and the
 * final variables equal an uninterrupted run. `npm test` runs the same rounds, smaller
 * (test/reliability/crash-safety.test.ts). Exit code 1 when any round broke a promise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCrashRound, uninterruptedFinals } from '../test/reliability/crash-harness.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    instances: { type: 'string', default: '1000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const count = Number(values.instances);
const seed = Number(values.seed);
const root = mkdtempSync(join(tmpdir(), 'bpmn-soak-'));
console.log(`crash soak: ${rounds} rounds × ${count} instances, seed ${seed} (repeat with --seed ${seed}), dir ${root}`);

const expected = await uninterruptedFinals(count);
let broken = 0;
let inFlight = 0;
let retried = 0;
const started = Date.now();
for (let round = 0; round < rounds; round++) {
  const r = await runCrashRound({ root, round, seed, count, expected, batch: 50 });
  inFlight += r.inFlightCalls;
  retried += r.retriedCalls;
  console.log(
    `${r.label}: killed after ${r.killedAfterLines} lines${r.childFinished ? ' (child had finished)' : ''}, ${r.acks} acks, ` +
      `${r.instancesOnDisk} instances stored, ${r.inFlightCalls} calls in flight, ${r.retriedCalls} made again, ` +
      `child ${r.childMs} ms, recovery ${r.recoveryMs} ms${r.violations.length ? `, ${r.violations.length} VIOLATIONS` : ''}`,
  );
  for (const v of r.violations.slice(0, 20)) console.log(`  ${v}`);
  if (r.violations.length > 0) broken++;
  if (!values.keep) rmSync(join(root, `round-${round}`), { recursive: true, force: true });
}
console.log(`done in ${Math.round((Date.now() - started) / 1000)} s: ${broken} of ${rounds} rounds broke a promise; ${inFlight} service calls were in flight at a kill, ${retried} of them made again`);
if (!values.keep) rmSync(root, { recursive: true, force: true });
process.exitCode = broken > 0 ? 1 : 0;
