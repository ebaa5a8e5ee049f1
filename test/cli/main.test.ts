import { describe, expect, it } from 'vitest';
import { runCli } from './cli-fixtures.js';

describe('bpmn-runner command dispatch', () => {
  it('rejects an unknown command with exit 1 and the list of commands', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
    expect(r.stderr).toMatch(/validate <files…>/);
    expect(r.code).toBe(1);
  });

  it('prints the overview for --help with exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toMatch(/^Usage: bpmn-runner <command>/);
    for (const c of ['validate', 'run', 'inspect', 'start']) expect(r.stdout).toContain(`  ${c} `);
    expect(r.code).toBe(0);
  });

  it.each(['validate', 'run', 'inspect', 'start'])('prints usage for %s --help', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.stdout).toMatch(new RegExp(`^Usage: bpmn-runner ${command}`));
    expect(r.code).toBe(0);
  });

  it('rejects an unknown option with exit 1 and points at --help', async () => {
    const r = await runCli(['run', 'x.bpmn', '--frob']);
    expect(r.stderr).toMatch(/--frob/);
    expect(r.stderr).toMatch(/bpmn-runner run --help/);
    expect(r.code).toBe(1);
  });
});
