import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/errors/index.js';
import { SCHEMA_VERSION } from '../../src/engine/state.js';
import { SNAPSHOT_MIGRATIONS, readSnapshot } from '../../src/store/index.js';
import { orderSnapshot } from './snapshot-fixture.js';

function golden(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8'));
}

/** The fixture as loose JSON, so a test can tamper with any field. */
function raw(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(orderSnapshot('order-1'))) as Record<string, unknown>;
}

function problemOf(input: unknown): string {
  try {
    readSnapshot(input, { file: 'instances/order-1.json' });
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).details.file).toBe('instances/order-1.json');
    return (e as StoreError).message;
  }
  throw new Error('expected readSnapshot to reject');
}

describe('readSnapshot', () => {
  it('accepts a current snapshot as the same object', () => {
    const input = raw();
    expect(readSnapshot(input)).toBe(input);
  });

  it.each([
    ['status', (s: Record<string, unknown>) => (s.status = 'RUNING'), /'status' must be one of RUNNING\|/],
    ['version', (s: Record<string, unknown>) => (s.version = '3'), /'version' must be a non-negative integer, got "3"/],
    ['nextId', (s: Record<string, unknown>) => delete s.nextId, /'nextId' must be a non-negative integer, got nothing/],
    ['instanceId', (s: Record<string, unknown>) => (s.instanceId = 7), /'instanceId' must be a non-empty string/],
    ['process', (s: Record<string, unknown>) => delete s.process, /'process' must be an object/],
    ['process.specHash', (s: Record<string, unknown>) => ((s.process as Record<string, unknown>).specHash = null), /'process.specHash' must be a string, got null/],
    ['tokens', (s: Record<string, unknown>) => (s.tokens = {}), /'tokens' must be an array, got an object/],
    ['incidents', (s: Record<string, unknown>) => delete s.incidents, /'incidents' must be an array, got nothing/],
    ['tokens[0].phase', (s: Record<string, unknown>) => ((s.tokens as Record<string, unknown>[])[0]!.phase = 'gone'), /'tokens\[0\]\.phase' must be one of ready\|waiting\|joining/],
    ['userTasks[0].candidateGroups', (s: Record<string, unknown>) => ((s.userTasks as Record<string, unknown>[])[0]!.candidateGroups = 'sales'), /'userTasks\[0\]\.candidateGroups' must be an array of strings/],
    ['variables', (s: Record<string, unknown>) => (s.variables = []), /'variables' must be an object, got an array/],
  ])('names a tampered %s', (_field, tamper, problem) => {
    const input = raw();
    tamper(input);
    expect(problemOf(input)).toMatch(problem);
  });

  it('names the file and instance in the error', () => {
    const input = raw();
    input.status = 'BOGUS';
    expect(problemOf(input)).toMatch(/^instances\/order-1\.json: snapshot field 'status'/);
    expect(() => readSnapshot(input)).toThrow(expect.objectContaining({ details: { instanceId: 'order-1' } }));
  });

  it.each([
    ['null', null, /must be a JSON object, got null/],
    ['an array', [], /must be a JSON object, got an array/],
    ['a string', '{"schemaVersion":1', /must be a JSON object/],
  ])('rejects %s', (_what, input, problem) => {
    expect(problemOf(input)).toMatch(problem);
  });

  it('rejects a snapshot from a newer bpmn-runner, saying so', () => {
    const input = { ...raw(), schemaVersion: SCHEMA_VERSION + 1 };
    expect(problemOf(input)).toMatch(`schemaVersion ${SCHEMA_VERSION + 1} is newer than this bpmn-runner reads (${SCHEMA_VERSION})`);
  });

  it.each([[-1], [0.5], ['1'], [undefined]])('rejects schemaVersion %j', (schemaVersion) => {
    expect(problemOf({ ...raw(), schemaVersion })).toMatch(/'schemaVersion' must be a non-negative integer/);
  });
});

describe('snapshot migrations', () => {
  it('form an unbroken chain from schema 0 to the current schema', () => {
    expect(SNAPSHOT_MIGRATIONS.map((m) => [m.from, m.to])).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => [i, i + 1]),
    );
  });

  it('migrate the golden schema 0 snapshot to the expected schema 1 snapshot', () => {
    const v0 = golden('v0-order-waiting.json');

    const migrated = readSnapshot(v0);

    expect(migrated).toEqual(golden('v0-order-waiting.v1.json'));
    expect(v0).toEqual(golden('v0-order-waiting.json'));
  });

  it('derive nextId above every id in use, so new ids cannot collide', () => {
    const v0 = golden('v0-order-waiting.json') as Record<string, unknown>;
    v0.jobs = [{ id: 'order-7:j11', kind: 'service', elementId: 'ship', tokenId: 't6', attempt: 0 }];

    expect(readSnapshot(v0).nextId).toBe(11);
  });

  it('name what a schema 0 snapshot lacks', () => {
    const v0 = golden('v0-order-waiting.json') as Record<string, unknown>;
    v0.tokens = [];

    expect(problemOf(v0)).toMatch(/schema 0 snapshot field 'tokens' must be an object keyed by token id/);
  });

  it('still validate the migrated result', () => {
    const v0 = golden('v0-order-waiting.json') as Record<string, unknown>;
    v0.status = 'WAITING';

    expect(problemOf(v0)).toMatch(/'status' must be one of/);
  });
});
