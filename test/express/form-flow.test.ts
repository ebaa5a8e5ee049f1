import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, csrfOf, fieldError, startApp, type TestApp } from './web-fixture.js';

describe('form flows mounted under /flows', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ files: ['c7-doctor-appointment.bpmn', 'c7-external-task.bpmn', 'c7-user-task-form.bpmn', 'c8-user-task-form.bpmn'], mount: '/flows' });
  });
  afterAll(() => app.close());

  it('lists the deployed processes with links under the mount path', async () => {
    const page = await new Client(app.url).get('/');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Doctor appointment');
    expect(page.text).toContain('href="/flows/doctor_appointment/start"');
    expect(page.text).toContain('href="/flows/assets/app.css"');
  });

  it('renders the start form: inputs by type, labels, defaults and required markers', async () => {
    const page = (await new Client(app.url).get('/doctor_appointment/start')).text;
    expect(page).toMatch(/<label for="f-patientName">Patient name<span class="required"[^>]*> \*<\/span><\/label><input type="text" value="" id="f-patientName" name="patientName" required aria-required="true" minlength="2" maxlength="80">/);
    expect(page).toMatch(/<input type="date" value="" id="f-birthDate" name="birthDate" required/);
    // defaultValue="true" on a boolean field: a checked box behind a hidden "false"
    expect(page).toMatch(/<input type="hidden" name="insured" value="false">\s*<input type="checkbox" value="true" id="f-insured" name="insured" checked>/);
    expect(page).toMatch(/name="complaint"[^>]*maxlength="200"/);
    expect(page).toMatch(/<input type="hidden" name="_csrf" value="[0-9a-f]{64}">/);
  });

  it('re-renders an invalid start form with 422, the values kept and each message at its field; no instance starts', async () => {
    const c = new Client(app.url);
    const token = csrfOf((await c.get('/doctor_appointment/start')).text);
    const r = await c.postForm('/doctor_appointment/start', { _csrf: token, patientName: 'A', birthDate: '2020-02-31', insured: 'false', complaint: 'itch' });
    expect(r.status).toBe(422);
    expect(fieldError(r.text, 'patientName')).toBe('must be at least 2 characters');
    expect(fieldError(r.text, 'birthDate')).toBe('is not a valid date');
    expect(fieldError(r.text, 'complaint')).toBeUndefined();
    expect(r.text).toContain('id="f-patientName" name="patientName"');
    expect(r.text).toMatch(/value="A" id="f-patientName"/);
    expect(r.text).toMatch(/value="itch" id="f-complaint"/);
    expect(r.text).toMatch(/<input type="checkbox" value="true" id="f-insured" name="insured">/);
    expect((await app.engine.listInstances({ processKey: 'doctor_appointment' })).items).toHaveLength(0);
  });

  it('walks the doctor appointment: start → choose (slot taken, loop back) → choose → confirm → done, each step a 303', async () => {
    const c = new Client(app.url);
    let token = csrfOf((await c.get('/doctor_appointment/start')).text);
    const started = await c.postForm('/doctor_appointment/start', { _csrf: token, patientName: 'Ada', birthDate: '1815-12-10', insured: ['false', 'true'] });
    expect(started.status).toBe(303);
    expect(started.location).toMatch(/^\/flows\/task\/[^/]+$/);

    const choose = await c.get(started.location!.slice('/flows'.length));
    expect(choose.text).toContain('<h1>Choose doctor and slot</h1>');
    expect(choose.text).toMatch(/<select id="f-doctor" name="doctor" required aria-required="true">\s*<option value="">—<\/option><option value="dr_smith">Dr. Smith \(general practice\)<\/option>/);
    token = csrfOf(choose.text);
    const taken = await c.postForm(started.location!.slice(6), { _csrf: token, doctor: 'dr_smith', slot: 'mon_09' });
    expect(taken.status).toBe(303);
    expect(taken.location).toMatch(/^\/flows\/task\//);
    expect(taken.location).not.toBe(started.location);
    const again = await c.get(taken.location!.slice(6));
    expect(again.text).toContain('<h1>Choose doctor and slot</h1>');
    // the current variable pre-selects the last choice
    expect(again.text).toContain('<option value="dr_smith" selected>');

    const free = await c.postForm(taken.location!.slice(6), { _csrf: token, doctor: 'dr_smith', slot: 'tue_14' });
    expect(free.status).toBe(303);
    const confirm = await c.get(free.location!.slice(6));
    expect(confirm.text).toContain('<h1>Confirm appointment</h1>');

    const done = await c.postForm(free.location!.slice(6), { _csrf: token, confirmed: ['false', 'true'], notes: '' });
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/flows\/instance\/[^/]+\/next$/);
    const final = await c.get(done.location!.slice(6));
    expect(final.status).toBe(200);
    expect(final.text).toContain('badge-completed');
    expect(final.text).toMatch(/<code>patientName<\/code><\/td><td class="mono">Ada<\/td>/);
    expect(final.text).toMatch(/<code>slot<\/code><\/td><td class="mono">tue_14<\/td>/);

    // a second submit of the completed task lands where the first one went
    const instanceField = /name="_instance" value="([^"]+)"/.exec(confirm.text)![1]!;
    const twice = await c.postForm(free.location!.slice(6), { _csrf: token, confirmed: 'true', _instance: instanceField });
    expect(twice.status).toBe(303);
    expect(twice.location).toBe(done.location);
  });

  it('re-renders an invalid task submission with 422 and leaves the task open', async () => {
    const c = new Client(app.url);
    const instance = await app.engine.start('c7_user_task_form');
    const [task] = await app.engine.listUserTasks({ instanceId: instance.id });
    const page = await c.get(`/task/${task!.id}`);
    expect(page.text).toMatch(/<input type="number" step="1" value="" id="f-days" name="days" required aria-required="true" min="1" max="30">/);
    expect(page.text).toContain('<option value="annual" selected>');
    const r = await c.postForm(`/task/${task!.id}`, { _csrf: csrfOf(page.text), employee: 'Bo', days: '31', paid: 'false', kind: 'annual' });
    expect(r.status).toBe(422);
    expect(fieldError(r.text, 'days')).toBe('must be at most 30');
    expect(r.text).toMatch(/value="31" id="f-days"/);
    expect(await app.engine.getUserTask(task!.id)).toBeDefined();
  });

  it('renders a Camunda 8 form-js form from the embedded schema', async () => {
    const instance = await app.engine.start('c8_user_task_form');
    const [task] = await app.engine.listUserTasks({ instanceId: instance.id });
    const page = (await new Client(app.url).get(`/task/${task!.id}`)).text;
    expect(page).toMatch(/<label for="f-recipient">Recipient<span class="required"/);
    expect(page).toMatch(/<input type="number" step="any" value="" id="f-parcels" name="parcels" required aria-required="true" min="1" max="10">/);
    expect(page).toMatch(/<input type="checkbox" value="true" id="f-express" name="express">/);
    expect(page).toMatch(/<option value="l">Large<\/option>/);
  });

  it('shows a refreshing processing page while the instance waits on no task of the user', async () => {
    const c = new Client(app.url);
    const token = csrfOf((await c.get('/c7_external_task/start')).text);
    const r = await c.postForm('/c7_external_task/start', { _csrf: token });
    expect(r.status).toBe(303);
    expect(r.location).toMatch(/\/next$/);
    const page = await c.get(r.location!.slice(6));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<meta http-equiv="refresh" content="2">/);
    expect(page.text).toContain('Processing');
  });

  it('answers 409 with the reason when the instance of a task is suspended', async () => {
    const c = new Client(app.url);
    const instance = await app.engine.start('c8_user_task_form');
    const [task] = await app.engine.listUserTasks({ instanceId: instance.id });
    const token = csrfOf((await c.get(`/task/${task!.id}`)).text);
    await app.engine.suspend(instance.id);
    const r = await c.postForm(`/task/${task!.id}`, { _csrf: token, recipient: 'Bo', parcels: '2' });
    expect(r.status).toBe(409);
    expect(r.text).toContain('suspended');
    expect(await app.engine.getUserTask(task!.id)).toBeDefined();
  });

  it('shows the instance page: diagram container with the active element, viewer from the package, XML, history', async () => {
    const c = new Client(app.url);
    const instance = await app.engine.start('c7_user_task_form', { businessKey: 'bk-1' });
    const page = await c.get(`/instance/${instance.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-active="[&quot;UserTask_request&quot;]"`);
    expect(page.text).toContain('<script src="/flows/assets/bpmn-js/bpmn-navigated-viewer.production.min.js" defer></script>');
    expect(page.text).toMatch(/<ol class="timeline">[\s\S]*instance\.started/);
    const viewer = await c.get('/assets/bpmn-js/bpmn-navigated-viewer.production.min.js');
    expect(viewer.status).toBe(200);
    expect(viewer.headers.get('content-type')).toMatch(/javascript/);
    const css = await c.get('/assets/bpmn-js/assets/diagram-js.css');
    expect(css.status).toBe(200);
    const xml = await c.get(`/instance/${instance.id}/diagram.xml`);
    expect(xml.headers.get('content-type')).toMatch(/application\/xml/);
    expect(xml.text).toContain('<bpmn:process id="c7_user_task_form"');
    expect((await c.get('/assets/bpmn-js/../../package.json')).status).toBe(404);
  });

  it('answers 404 pages for an unknown task, process and instance', async () => {
    const c = new Client(app.url);
    expect((await c.get('/task/nope')).status).toBe(404);
    expect((await c.get('/nope/start')).status).toBe(404);
    expect((await c.get('/instance/nope')).status).toBe(404);
  });
});
