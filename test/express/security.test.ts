import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request } from 'express';
import { Client, csrfOf, startApp, type TestApp } from './web-fixture.js';

/** Users come from headers in these tests; a real app would read its own session or token. */
function headerUser(req: Request) {
  const id = req.get('x-user');
  return id ? { id, groups: (req.get('x-groups') ?? '').split(',').filter(Boolean) } : undefined;
}

const EVIL = '<img src=x onerror=alert(1)>';
const EVIL_XML = EVIL.replace(/</g, '&lt;').replace(/>/g, '&gt;');
const XSS_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_xss" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="xss_process" name="${EVIL_XML}" isExecutable="true">
    <bpmn:startEvent id="Start">
      <bpmn:extensionElements><camunda:formData>
        <camunda:formField id="note" label="&quot;&gt;${EVIL_XML}" type="string" />
      </camunda:formData></bpmn:extensionElements>
      <bpmn:outgoing>F1</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Task" />
    <bpmn:userTask id="Task" name="${EVIL_XML}">
      <bpmn:extensionElements><camunda:formData>
        <camunda:formField id="note" label="${EVIL_XML}" type="string" />
        <camunda:formField id="choice" label="Choice" type="enum">
          <camunda:value id="a&quot;&gt;x" name="${EVIL_XML}" />
        </camunda:formField>
      </camunda:formData></bpmn:extensionElements>
      <bpmn:incoming>F1</bpmn:incoming>
      <bpmn:outgoing>F2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="F2" sourceRef="Task" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

describe('CSRF, headers and escaping (open app)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ files: ['c7-doctor-appointment.bpmn'], xml: [XSS_BPMN] });
  });
  afterAll(() => app.close());

  it('rejects a POST form without a CSRF token, with a wrong one and with another session\'s, starting nothing', async () => {
    const a = new Client(app.url);
    const b = new Client(app.url);
    const tokenA = csrfOf((await a.get('/doctor_appointment/start')).text);
    csrfOf((await b.get('/doctor_appointment/start')).text);
    const fields = { patientName: 'Ada', birthDate: '1815-12-10' };
    expect((await b.postForm('/doctor_appointment/start', fields)).status).toBe(403);
    expect((await b.postForm('/doctor_appointment/start', { ...fields, _csrf: 'f'.repeat(64) })).status).toBe(403);
    const stolen = await b.postForm('/doctor_appointment/start', { ...fields, _csrf: tokenA });
    expect(stolen.status).toBe(403);
    expect(stolen.text).toContain('security token');
    expect((await app.engine.listInstances({ processKey: 'doctor_appointment' })).items).toHaveLength(0);
    expect((await a.postForm('/doctor_appointment/start', { ...fields, _csrf: tokenA })).status).toBe(303);
  });

  it('sends helmet headers with a CSP that allows only same-origin scripts and does not upgrade to https', async () => {
    const r = await new Client(app.url).get('/');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // no form on the process list: no session cookie either
    expect(r.headers.get('set-cookie')).toBeNull();
  });

  it('escapes process names, labels, option values and variable values on every page', async () => {
    const c = new Client(app.url);
    const pages: string[] = [(await c.get('/')).text, (await c.get('/xss_process/start')).text];
    const instance = await app.engine.start('xss_process', { variables: { evil: `</td><script>alert(2)</script>`, [EVIL]: 1 }, businessKey: EVIL });
    const [task] = await app.engine.listUserTasks({ instanceId: instance.id });
    pages.push((await c.get(`/task/${task!.id}`)).text, (await c.get(`/instance/${instance.id}`)).text, (await c.get('/tasks')).text, (await c.get('/instances')).text);
    for (const page of pages) {
      expect(page).not.toContain('<img src=x');
      expect(page).not.toContain('<script>alert');
      expect(page).not.toContain('value="a">x');
    }
    expect(pages[0]).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(pages[1]).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(pages[2]).toContain('<option value="a&quot;&gt;x">&lt;img src=x onerror=alert(1)&gt;</option>');
    expect(pages[3]).toContain('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });
});

describe('authorization with getUser', () => {
  let app: TestApp;
  let taskId: string;
  beforeAll(async () => {
    app = await startApp({ files: ['c7-user-task-assignment.bpmn', 'c7-doctor-appointment.bpmn'], router: { getUser: headerUser } });
    const instance = await app.engine.start('c7_user_task_assignment', { variables: { owner: 'olga', reviewer: 'rita', dept: 'sales' } });
    taskId = (await app.engine.listUserTasks({ instanceId: instance.id }))[0]!.id;
  });
  afterAll(() => app.close());

  it('lets the assignee, a candidate user and a candidate group member open the task', async () => {
    const people: Record<string, string>[] = [{ 'x-user': 'olga' }, { 'x-user': 'rita' }, { 'x-user': 'gus', 'x-groups': 'sales' }];
    for (const headers of people) {
      const r = await new Client(app.url, headers).get(`/task/${taskId}`);
      expect(r.status, headers['x-user']).toBe(200);
      expect(r.text).toContain('Review document');
    }
  });

  it('answers 403 to anybody else and to nobody, for viewing and for completing, and the task stays open', async () => {
    const eve = new Client(app.url, { 'x-user': 'eve', 'x-groups': 'marketing' });
    const view = await eve.get(`/task/${taskId}`);
    expect(view.status).toBe(403);
    expect(view.text).not.toContain('Review document');
    const token = csrfOf((await eve.get('/doctor_appointment/start')).text);
    expect((await eve.postForm(`/task/${taskId}`, { _csrf: token })).status).toBe(403);
    expect((await new Client(app.url).get(`/task/${taskId}`)).status).toBe(403);
    expect(await app.engine.getUserTask(taskId)).toBeDefined();
    const list = await eve.get('/tasks');
    expect(list.text).not.toContain(encodeURIComponent(taskId));
  });

  it('lists the task as "assigned to me" for the assignee', async () => {
    const list = (await new Client(app.url, { 'x-user': 'olga' }).get('/tasks')).text;
    const mine = list.slice(list.indexOf('Assigned to me'), list.indexOf('For my groups'));
    expect(mine).toContain(`/task/${encodeURIComponent(taskId)}`);
  });

  it('applies the same rules in the JSON API: 403 for others, 401 for nobody, filtered lists', async () => {
    const eve = new Client(app.url, { 'x-user': 'eve' });
    const denied = await eve.json('GET', `/api/tasks/${taskId}`);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'FORBIDDEN' });
    expect((await eve.json('POST', `/api/tasks/${taskId}/complete`, {})).status).toBe(403);
    expect((await eve.json('GET', '/api/tasks')).body).toEqual([]);
    expect((await new Client(app.url).json('GET', '/api/tasks')).status).toBe(401);
    const olga = await new Client(app.url, { 'x-user': 'olga' }).json('GET', '/api/tasks');
    expect((olga.body as { id: string }[]).map((t) => t.id)).toContain(taskId);
  });

  it('completes the task for the assignee and moves to a task only a group can do', async () => {
    const olga = new Client(app.url, { 'x-user': 'olga' });
    const token = csrfOf((await olga.get(`/task/${taskId}`)).text);
    const r = await olga.postForm(`/task/${taskId}`, { _csrf: token });
    expect(r.status).toBe(303);
    // the next task is for group management, which olga is not in: she waits
    expect(r.location).toMatch(/\/instance\/[^/]+\/next$/);
    const waiting = await olga.get(r.location!);
    expect(waiting.text).toContain('Waiting for someone else: Approve document');
  });
});
