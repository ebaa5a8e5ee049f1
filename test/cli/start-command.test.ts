import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GROOVY_BPMN, REVIEW_LOOP_BPMN, runCli, tempDir, writeFiles } from './cli-fixtures.js';

describe('bpmn-runner start', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('start');
    await writeFiles(dir, { 'a-review.bpmn': REVIEW_LOOP_BPMN, 'b-groovy.bpmn': GROOVY_BPMN, 'notes.txt': 'not a diagram' });
  });

  it('deploys every diagram, reports the broken one with its location, lists processes and exits 0 without a TTY', async () => {
    // given a folder with one good and one broken diagram; stdin is a pipe
    const diagrams = dir;
    const data = join(dir, 'data-summary');
    // when
    const r = await runCli(['start', '--dir', diagrams, '--data', data]);
    // then
    const lines = r.stdout.split('\n');
    expect(lines).toContain(`ok ${join(diagrams, 'a-review.bpmn')} (cli_review v1)`);
    expect(lines.some((l) => l.startsWith(`${join(diagrams, 'b-groovy.bpmn')}:8:`) && l.endsWith('[GroovyScript]'))).toBe(true);
    expect(r.stdout).toMatch(/1 process deployed from 1 file, 1 file failed; data in /);
    expect(r.stdout).toMatch(/ 1\) cli_review v1 "CLI review loop" \[camunda7\]/);
    expect(r.stdout).not.toMatch(/notes\.txt/);
    expect(r.code).toBe(0);
  });

  it('with --menu over a pipe: starts a process, completes its user task and service task, lists instances', async () => {
    const data = join(dir, 'data-menu');
    const input = ['1', 'rounds=0', 't', 'c 1', 'y', '', 'w', '{"notified": true}', 'i', 'q', ''].join('\n');
    const r = await runCli(['start', '--dir', dir, '--data', data, '--menu'], { input });
    expect(r.stdout).toMatch(/instance \S+: RUNNING, waiting at Review/);
    expect(r.stdout).toMatch(/ 1\) Review "Review request"\s+cli_review/);
    expect(r.stdout).toMatch(/instance \S+: RUNNING, waiting at Notify/);
    expect(r.stdout).toMatch(/instance \S+: COMPLETED/);
    expect(r.stdout).toMatch(/cli_review v1\s+COMPLETED/);
    expect(r.code).toBe(0);
    // and what it did is on disk for inspect
    const listed = await runCli(['inspect', data]);
    expect(listed.stdout).toMatch(/cli_review v1\s+COMPLETED/);
  });

  it('reports an unreadable diagram folder with exit 1', async () => {
    const r = await runCli(['start', '--dir', join(dir, 'missing'), '--data', join(dir, 'data-x')]);
    expect(r.stderr).toMatch(/cannot read diagram directory/);
    expect(r.code).toBe(1);
  });
});
