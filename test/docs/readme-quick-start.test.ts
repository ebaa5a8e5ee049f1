import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { Engine, FileStore } from '../../src/index.js';

// The README's quick start, as a new user would type it (only the data directory differs).
it('the README quick start runs as written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpmn-runner-readme-'));
  try {
    const engine = new Engine({ store: new FileStore({ dir }) });
    await engine.deployFile('diagrams/c7-vacation-request.bpmn');
    engine.registerService('vacationMailer', async () => ({ notified: true }));
    const started = await engine.start('vacation_request', { variables: { employee: 'ann', manager: 'mary', days: 5, balance: 30 } });
    const [task] = await engine.listUserTasks({ assignee: 'mary' });
    const after = await engine.completeUserTask(task!.id, { approved: 'true' });
    expect(after.id).toBe(started.id);
    expect(after.variables.approved).toBe(true);
    await engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
