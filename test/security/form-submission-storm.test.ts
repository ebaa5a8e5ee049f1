import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfOf, startApp, type TestApp } from '../express/web-fixture.js';

/**
 * All requests are issued at once; they share a keep-alive pool of 64 sockets so the storm tests the
 * router and the engine, not the kernel's accept backlog (fetch opens one socket per request, and on
 * two busy cores some of 1,000 simultaneous connects get reset before Express sees them).
 */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

function send(url: string, method: 'GET' | 'POST', cookie: string, body?: string): Promise<{ status: number; text: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = cookie ? { cookie } : {};
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const req = request(url, { method, agent, headers, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, cookies: res.headers['set-cookie'] ?? [] }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * 1,000 form submissions at once on loopback against 200 open tasks (five each, one of the five
 * invalid): the router must answer every one without a server error, and no task may be completed twice.
 */
const TASKS = 200;
const PER_TASK = 5;

describe('a storm of concurrent form submissions', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ files: ['c7-user-task-form.bpmn'] });
  });
  afterAll(async () => {
    agent.destroy();
    await app.close();
  });

  it(`given ${TASKS} open tasks, when ${TASKS * PER_TASK} submissions arrive at once, then 0 server errors and each task is completed exactly once`, async () => {
    const taskIds: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      const inst = await app.engine.start('c7_user_task_form');
      taskIds.push((await app.engine.listUserTasks({ instanceId: inst.id }))[0]!.id);
    }
    const completions = new Map<string, number>();
    app.engine.on('userTask.completed', ({ taskId }) => void completions.set(taskId, (completions.get(taskId) ?? 0) + 1));
    const page = await send(`${app.url}/task/${taskIds[0]}`, 'GET', '');
    const cookie = page.cookies.map((c) => c.split(';')[0]).join('; ');
    const token = csrfOf(page.text);

    const submissions = taskIds.flatMap((id, i) =>
      Array.from({ length: PER_TASK }, (_, j) => {
        const days = j === 0 ? '99' : String(1 + ((i + j) % 30));
        const body = new URLSearchParams({ _csrf: token, employee: `Employee ${i}`, days, kind: 'annual', paid: 'true' }).toString();
        return send(`${app.url}/task/${id}`, 'POST', cookie, body).then((r) => r.status, (e: unknown) => `network: ${String(e)}`);
      }),
    );
    const statuses = await Promise.all(submissions);

    const counts: Record<string, number> = {};
    for (const s of statuses) counts[String(s)] = (counts[String(s)] ?? 0) + 1;
    console.info(`statuses of ${statuses.length} submissions: ${JSON.stringify(counts)}`);
    expect(statuses.filter((s) => typeof s !== 'number' || s >= 500)).toEqual([]);
    // 303 to the next step, 422 for the invalid one (if it came first), 404/409 for a task gone meanwhile
    expect(Object.keys(counts).every((s) => ['303', '404', '409', '422'].includes(s))).toBe(true);
    expect(completions.size).toBe(TASKS);
    expect([...completions.values()].every((n) => n === 1)).toBe(true);
    const { items } = await app.engine.listInstances({ limit: 1000 });
    expect(items.filter((i) => i.status === 'COMPLETED')).toHaveLength(TASKS);
    for (const inst of items) expect(inst.variables.days).not.toBe(99);
  }, 60_000);

  it('given a submission without a CSRF token or with a forged one, when posted, then it is refused with 403 and the task stays open', async () => {
    const inst = await app.engine.start('c7_user_task_form');
    const [task] = await app.engine.listUserTasks({ instanceId: inst.id });
    const fields = { employee: 'Mallory', days: '3', kind: 'annual' };
    const bare = await send(`${app.url}/task/${task!.id}`, 'POST', '', new URLSearchParams(fields).toString());
    const forged = await send(`${app.url}/task/${task!.id}`, 'POST', '', new URLSearchParams({ ...fields, _csrf: 'f'.repeat(64) }).toString());
    expect(bare.status).toBe(403);
    expect(forged.status).toBe(403);
    expect(await app.engine.getUserTask(task!.id)).toBeDefined();
  });
});
