import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { durationMs, loadCases, stepAction } from './case-format.js';

const dir = mkdtempSync(join(tmpdir(), 'conformance-format-'));
const write = (name: string, body: unknown): string => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
};

describe('expect.json loader', () => {
  it('given one case or an array of cases, when loaded, then returns them as a list', () => {
    const one = { description: 'one', expect: { status: 'COMPLETED' } };
    expect(loadCases(write('one.json', one))).toEqual([one]);
    expect(loadCases(write('two.json', [one, { ...one, description: 'two' }])).map((c) => c.description)).toEqual(['one', 'two']);
  });

  it('given a misspelt expectation key, when loaded, then it is rejected instead of asserting nothing', () => {
    const file = write('typo.json', { description: 'typo', expect: { pathInclude: ['A'] } });
    expect(() => loadCases(file)).toThrow(/unknown expectation keys pathInclude/);
  });

  it('given a step with an unknown or a second action key, when loaded, then it is rejected', () => {
    const extra = write('extra.json', { description: 'x', steps: [{ completeUserTask: 'T', valuez: {} }], expect: {} });
    expect(() => loadCases(extra)).toThrow(/step 1 \(completeUserTask\): unknown keys valuez/);
    const two = write('two-actions.json', { description: 'x', steps: [{ setVariables: {}, runDueTimers: true }], expect: {} });
    expect(() => loadCases(two)).toThrow(/exactly one action key/);
  });

  it('given a service naming a handler that does not exist, when loaded, then it is rejected', () => {
    const file = write('handler.json', { description: 'x', services: { t: { handler: 'nope' } }, expect: {} });
    expect(() => loadCases(file)).toThrow(/unknown handler nope/);
  });

  it('reads the action of a step', () => {
    expect(stepAction({ completeUserTask: 'T', values: {} })).toBe('completeUserTask');
  });
});

describe('durationMs', () => {
  it('reads ISO 8601 durations and plain milliseconds', () => {
    expect(durationMs('PT10S')).toBe(10_000);
    expect(durationMs('PT1M30S')).toBe(90_000);
    expect(durationMs('P1DT1H')).toBe(25 * 3_600_000);
    expect(durationMs(250)).toBe(250);
    expect(() => durationMs('PT')).toThrow(/unsupported duration/);
    expect(() => durationMs('10s')).toThrow(/unsupported duration/);
  });
});

describe('expect.json loader: events, lifecycle and followed instances', () => {
  it('given the event and lifecycle steps, when loaded, then they are accepted with their options', () => {
    const steps = [
      { correlateMessage: 'm', correlationKey: 'k', variables: {}, ttlMs: 10, messageId: 'id', expectInstances: 1, expectBuffered: false, as: 'x' },
      { broadcastSignal: 's', variables: {}, expectInstances: 2 },
      { suspend: true, reason: 'r' }, { resume: true }, { terminate: true },
      { startInstance: 'other', processKey: 'p', variables: {}, businessKey: 'b' }, { switchTo: 'other' },
      { completeUserTask: 'T', nth: 1 },
    ];
    const file = write('events.json', { description: 'x', start: { message: 'm', correlationKey: 'k' }, services: { t: { bpmnError: 'E', message: 'm' } }, steps, expect: {} });
    expect(loadCases(file)[0]!.steps!.map(stepAction)).toEqual([
      'correlateMessage', 'broadcastSignal', 'suspend', 'resume', 'terminate', 'startInstance', 'switchTo', 'completeUserTask',
    ]);
  });

  it('given a misspelt option on an event step, a start or a service, when loaded, then it is rejected', () => {
    const step = write('ttl.json', { description: 'x', steps: [{ correlateMessage: 'm', ttl: 10 }], expect: {} });
    expect(() => loadCases(step)).toThrow(/step 1 \(correlateMessage\): unknown keys ttl/);
    const start = write('start.json', { description: 'x', start: { mesage: 'm' }, expect: {} });
    expect(() => loadCases(start)).toThrow(/unknown start keys mesage/);
    const svc = write('svc.json', { description: 'x', services: { t: { bpmnErr: 'E' } }, expect: {} });
    expect(() => loadCases(svc)).toThrow(/service t has unknown keys bpmnErr/);
  });

  it('given a message start with a business key, when loaded, then it is rejected (the key comes from correlationKey)', () => {
    const file = write('bk.json', { description: 'x', start: { message: 'm', businessKey: 'b' }, expect: {} });
    expect(() => loadCases(file)).toThrow(/business key from correlationKey/);
  });
});
