import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIAGRAMS } from './web-fixture.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');

describe('bpmn-runner serve', () => {
  it('deploys the folder (a broken file reported with its location), serves the pages and stops on SIGTERM', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpmn-runner-serve-'));
    await copyFile(join(DIAGRAMS, 'c7-doctor-appointment.bpmn'), join(dir, 'doctor.bpmn'));
    await writeFile(join(dir, 'broken.bpmn'), '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <bpmn:process id="p">\n</bpmn:definitions>\n');
    const child = spawn(TSX, [MAIN, 'serve', '--dir', dir, '--data', join(dir, 'data'), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('close', done));
    try {
      const url = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (d: Buffer) => {
          stdout += d.toString();
          const m = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
          if (m) done(m[1]!);
        });
        child.on('close', () => fail(new Error(`serve exited early:\n${stdout}\n${stderr}`)));
      });
      expect(stderr).toMatch(new RegExp(`broken\\.bpmn:\\d+:\\d+: `));
      expect(stdout).toContain('1 of 2 diagram files deployed');
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Doctor appointment');
      const api = await fetch(`${url}api/processes/doctor_appointment/instances`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"variables":{"patientName":"Ada","birthDate":"1815-12-10"}}' });
      expect(api.status).toBe(202);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
