/**
 * The fast subset of the Camunda 7 conformance cases (conformance/camunda7-cases). Given the cases that
 * passed when `conformance/camunda7-expected-pass.json` was written, when they run again, then each still
 * passes. New passes are welcome; `npx tsx conformance/run-camunda7.ts` runs every folder and the deploy check.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCases } from '../../conformance/camunda7-cases/index.js';
import { runCase } from '../../conformance/camunda7-runner.js';

const FAST_FOLDERS = ['gateway', 'sequenceflow', 'usertask', 'event/timer', 'event/message', 'event/error', 'subprocess', 'multiinstance',
  'callactivity', 'event/escalation', 'event/conditional', 'event/compensate', 'event/link', 'event/start', 'subprocess/transaction', 'iomapping',
  'servicetask', 'el', 'exclusive', 'parallel', 'job', 'async', 'event/signal', 'receivetask', 'event/end'];

const expectedPass = new Set<string>(
  JSON.parse(readFileSync(new URL('../../conformance/camunda7-expected-pass.json', import.meta.url), 'utf8')) as string[],
);
const key = (c: { file: string; javaTest: string }) => `${c.javaTest} ${c.file}`;
const inFastFolder = (file: string) => FAST_FOLDERS.some((f) => file.startsWith(`${f}/`) && !file.slice(f.length + 1).includes('/'));

const guarded = allCases.filter((c) => inFastFolder(c.file) && expectedPass.has(key(c)));

describe('Camunda 7 engine tests that passed before keep passing', () => {
  it('has guarded cases in every fast folder that has passing cases', () => {
    expect(guarded.length).toBeGreaterThan(0);
  });

  for (const c of guarded) {
    it(`${c.javaTest} (${c.file})`, async () => {
      const result = await runCase(c, 15_000);
      expect(result.reason ?? '').toBe('');
      expect(result.status).toBe('pass');
    });
  }
});

describe('the expected-pass list', () => {
  it('names only cases that exist', () => {
    const known = new Set(allCases.map(key));
    expect([...expectedPass].filter((k) => !known.has(k))).toEqual([]);
  });
});
