import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GROOVY_BPMN, MALFORMED_BPMN, REVIEW_LOOP_BPMN, runCli, tempDir, writeFiles } from './cli-fixtures.js';

describe('bpmn-runner validate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('validate');
    await writeFiles(dir, { 'review.bpmn': REVIEW_LOOP_BPMN, 'groovy.bpmn': GROOVY_BPMN, 'malformed.bpmn': MALFORMED_BPMN });
  });

  it('prints ok with process key and flavour and exits 0 for a runnable file', async () => {
    // given a valid Camunda 7 diagram
    const file = join(dir, 'review.bpmn');
    // when it is validated
    const r = await runCli(['validate', file]);
    // then
    expect(r.stdout.trim()).toBe(`ok ${file} (cli_review, camunda7)`);
    expect(r.code).toBe(0);
  });

  it('prints file:line:col: message [elementId] for an unsupported element and exits 1', async () => {
    const good = join(dir, 'review.bpmn');
    const bad = join(dir, 'groovy.bpmn');
    // when a good and a bad file are validated together
    const r = await runCli(['validate', good, bad]);
    // then the good one is still reported ok, the bad one points at the script task on line 8
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`ok ${good} (cli_review, camunda7)`);
    expect(lines[1]).toMatch(new RegExp(`^${escape(bad)}:8:\\d+: .*groovy.* \\[GroovyScript\\]$`, 'i'));
    expect(r.code).toBe(1);
  });

  it('locates XML that is not well-formed by line and column', async () => {
    const file = join(dir, 'malformed.bpmn');
    const r = await runCli(['validate', file]);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${escape(file)}:4:\\d+: \\S.*$`));
    expect(r.code).toBe(1);
  });

  it('reports a missing file as a failed validation, not a crash', async () => {
    const file = join(dir, 'nope.bpmn');
    const r = await runCli(['validate', file]);
    expect(r.stdout.trim()).toMatch(new RegExp(`^${escape(file)}: .*ENOENT`));
    expect(r.stderr).not.toMatch(/unexpected error/);
    expect(r.code).toBe(1);
  });

  it('--json prints one array with a result per file', async () => {
    const r = await runCli(['validate', '--json', join(dir, 'review.bpmn'), join(dir, 'groovy.bpmn')]);
    const results = JSON.parse(r.stdout) as { ok: boolean; processes?: { key: string }[]; error?: { code: string; elementId?: string; line?: number } }[];
    expect(results.map((x) => x.ok)).toEqual([true, false]);
    expect(results[0]!.processes!.map((p) => p.key)).toEqual(['cli_review']);
    expect(results[1]!.error).toMatchObject({ code: 'UNSUPPORTED_ELEMENT', elementId: 'GroovyScript', line: 8 });
    expect(r.code).toBe(1);
  });

  it('needs at least one file', async () => {
    const r = await runCli(['validate']);
    expect(r.stderr).toMatch(/validate needs at least one file/);
    expect(r.code).toBe(1);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
