import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAILING_SCRIPT_BPMN, REVIEW_LOOP_BPMN, runCli, tempDir, writeFiles } from './cli-fixtures.js';

interface RunJson {
  instanceId: string;
  status: string;
  variables: Record<string, unknown>;
  incidents: { elementId: string; message: string }[];
  rejectedAnswers: { elementId: string; fields: { field: string; message: string }[] }[];
  stopped?: string;
  exitCode: number;
}

describe('bpmn-runner run', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('run');
    await writeFiles(dir, { 'review.bpmn': REVIEW_LOOP_BPMN, 'failing.bpmn': FAILING_SCRIPT_BPMN });
  });

  it('runs to the end from an answers file, reporting a rejected answer and looping once', async () => {
    // given answers: an attempt without the required field, a rejection that loops back, an approval
    const answers = join(dir, 'answers-loop.json');
    await writeFile(answers, JSON.stringify({
      Review: [{ comment: 'forgot to decide' }, { approved: false, comment: 'again' }, { approved: true }],
      Notify: { notified: true },
    }));
    // when
    const r = await runCli(['run', join(dir, 'review.bpmn'), '--var', 'rounds=0', '--answers', answers, '--json']);
    // then stdout is exactly one JSON object with the outcome
    const out = JSON.parse(r.stdout) as RunJson;
    expect(out.status).toBe('COMPLETED');
    expect(out.variables).toMatchObject({ rounds: 2, approved: true, notified: true });
    expect(out.incidents).toEqual([]);
    expect(out.rejectedAnswers).toHaveLength(1);
    expect(out.rejectedAnswers[0]!.elementId).toBe('Review');
    expect(out.rejectedAnswers[0]!.fields.map((f) => f.field)).toContain('approved');
    expect(r.code).toBe(0);
    // and progress (elements entered, the rejection with its field message) went to stderr
    expect(r.stderr.match(/-> CountRounds/g)).toHaveLength(2);
    expect(r.stderr).toMatch(/-> Notify "Notify requester"/);
    expect(r.stderr).toMatch(/answer rejected for Review:\n\s+approved: \S/);
  });

  it('stops with exit 1 when the answers run out before the process ends', async () => {
    const answers = join(dir, 'answers-short.json');
    await writeFile(answers, JSON.stringify({ Review: { approved: false } }));
    const r = await runCli(['run', join(dir, 'review.bpmn'), '--var', 'rounds=0', '--answers', answers, '--json']);
    const out = JSON.parse(r.stdout) as RunJson;
    expect(out.status).toBe('RUNNING');
    expect(out.stopped).toBe('no answer for user task Review');
    expect(out.variables['rounds']).toBe(2);
    expect(r.code).toBe(1);
  });

  it('prints an incident with element and message and exits 2', async () => {
    const r = await runCli(['run', join(dir, 'failing.bpmn')]);
    expect(r.stdout).toMatch(/status: RUNNING/);
    expect(r.stdout).toMatch(/incident at Explode: .*boom from the script/);
    expect(r.code).toBe(2);
  });

  it('prompts for form fields on piped stdin, re-asking only the rejected field', async () => {
    // given: approved left empty (required) → rejected; then "y"; then the service output as JSON
    const input = ['', 'first try', 'y', '{"notified": true}', ''].join('\n');
    // when
    const r = await runCli(['run', join(dir, 'review.bpmn'), '--var', 'rounds=0'], { input });
    // then the prompts show label, id, type and default, and the fixed answer completes the process
    expect(r.stdout).toMatch(/Approve\? \(approved\) \[boolean, required\]: \n/);
    expect(r.stdout).toMatch(/Comment \(comment\) \[string\] default "none": first try/);
    expect(r.stdout.match(/Approve\? \(approved\)/g)).toHaveLength(2);
    expect(r.stdout.match(/Comment \(comment\)/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/output variables as JSON/);
    expect(r.stdout).toMatch(/status: COMPLETED/);
    expect(r.stdout).toMatch(/ comment = "first try"/);
    expect(r.stdout).toMatch(/ notified = true/);
    expect(r.code).toBe(0);
  });

  it('stops instead of hanging when stdin ends mid-form', async () => {
    const r = await runCli(['run', join(dir, 'review.bpmn'), '--var', 'rounds=0'], { input: '' });
    expect(r.stdout).toMatch(/status: RUNNING/);
    expect(r.stdout).toMatch(/stopped: input ended/);
    expect(r.code).toBe(1);
  });

  it('reports a deploy error with its location and exits 1', async () => {
    const bad = join(dir, 'bad.bpmn');
    await writeFile(bad, REVIEW_LOOP_BPMN.replace('targetRef="Decide"', 'targetRef="Nowhere"'));
    const r = await runCli(['run', bad]);
    expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `));
    expect(r.code).toBe(1);
  });
});
