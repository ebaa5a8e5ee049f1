import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REVIEW_LOOP_BPMN, runCli, tempDir, writeFiles } from './cli-fixtures.js';

describe('bpmn-runner inspect', () => {
  let dir: string;
  let data: string;
  let completedId: string;
  let waitingId: string;

  beforeAll(async () => {
    // given two runs kept in one FileStore: one finished, one left waiting at the review
    dir = await tempDir('inspect');
    data = join(dir, 'data');
    await writeFiles(dir, {
      'review.bpmn': REVIEW_LOOP_BPMN,
      'all.json': JSON.stringify({ Review: { approved: true }, Notify: { notified: true } }),
      'none.json': '{}',
    });
    const file = join(dir, 'review.bpmn');
    const done = await runCli(['run', file, '--var', 'rounds=0', '--answers', join(dir, 'all.json'), '--data', data, '--json']);
    expect(done.code).toBe(0);
    completedId = (JSON.parse(done.stdout) as { instanceId: string }).instanceId;
    const waiting = await runCli(['run', file, '--var', 'rounds=10', '--answers', join(dir, 'none.json'), '--data', data, '--json']);
    expect(waiting.code).toBe(1);
    waitingId = (JSON.parse(waiting.stdout) as { instanceId: string }).instanceId;
  });

  it('lists every instance with process, status and active elements', async () => {
    const r = await runCli(['inspect', data]);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+PROCESS\s+STATUS\s+ACTIVE\s+INCIDENTS$/);
    const row = (id: string): string => lines.find((l) => l.startsWith(id)) ?? '';
    expect(row(completedId)).toMatch(/cli_review v1\s+COMPLETED\s+-\s+-$/);
    expect(row(waitingId)).toMatch(/cli_review v1\s+RUNNING\s+Review\s+-$/);
    expect(r.code).toBe(0);
  });

  it('shows one instance with variables, open tasks and history', async () => {
    const r = await runCli(['inspect', data, waitingId]);
    expect(r.stdout).toMatch(/status: RUNNING/);
    expect(r.stdout).toMatch(/waiting at: Review/);
    expect(r.stdout).toMatch(/ rounds = 11/);
    expect(r.stdout).toMatch(/open user tasks:\n\s+\S+\s+Review "Review request"/);
    expect(r.stdout).toMatch(/history:/);
    expect(r.stdout).toMatch(/CountRounds/);
    expect(r.code).toBe(0);
  });

  it('--json gives the instance and its history for scripts', async () => {
    const r = await runCli(['inspect', data, completedId, '--json']);
    const out = JSON.parse(r.stdout) as { instance: { status: string; variables: Record<string, unknown> }; history: { type: string; elementId?: string }[] };
    expect(out.instance.status).toBe('COMPLETED');
    expect(out.instance.variables).toMatchObject({ rounds: 1, approved: true, notified: true });
    expect(out.history.some((h) => h.elementId === 'Notify')).toBe(true);
  });

  it('says so for an unknown instance and a missing directory', async () => {
    const unknown = await runCli(['inspect', data, 'no-such-instance']);
    expect(unknown.stderr).toMatch(/no-such-instance not found/);
    expect(unknown.code).toBe(1);
    const missing = await runCli(['inspect', join(dir, 'nope')]);
    expect(missing.stderr).toMatch(/is not a directory/);
    expect(missing.code).toBe(1);
  });

  it('does not change the store it reads', async () => {
    const before = await runCli(['inspect', data, '--json']);
    await runCli(['inspect', data, waitingId]);
    const after = await runCli(['inspect', data, '--json']);
    expect(after.stdout).toBe(before.stdout);
  });
});
