import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CHILD = join(import.meta.dirname, 'fixtures/endless-flow-child.ts');

describe('a diagram whose flow circles without a wait state', () => {
  // Engine bug: `s → a → b → a` (plain tasks) deploys, and `start` then runs the cycle forever in one
  // synchronous stretch: the call never returns and the host event loop is blocked (killed after 8 s
  // here). Expected: a step budget per call that ends it with an incident or a typed error. Reported in issue 10.
  it('given start → a → b → a, when started, then the call ends with an incident or a typed error', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD], { cwd: resolve(import.meta.dirname, '../..'), timeout: 8000, encoding: 'utf8' });
    expect(run.signal).toBeNull();
    expect(run.stdout).toMatch(/^(returned RUNNING \["|threw [A-Z_]+ )/);
  }, 15_000);
});
