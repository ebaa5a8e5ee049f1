import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, startApp, type TestApp } from './web-fixture.js';

interface Started {
  id: string;
  status: string;
  statusQueryGetUri: string;
  sendEventPostUri: string;
  terminatePostUri: string;
  suspendPostUri: string;
  resumePostUri: string;
  purgeHistoryDeleteUri: string;
}

const WAIT_FOR_MESSAGE = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs_msg" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:message id="Message_slot" name="SlotFreed" />
  <bpmn:process id="wait_for_slot" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="F1" sourceRef="Start" targetRef="Wait" />
    <bpmn:intermediateCatchEvent id="Wait">
      <bpmn:incoming>F1</bpmn:incoming><bpmn:outgoing>F2</bpmn:outgoing>
      <bpmn:messageEventDefinition messageRef="Message_slot" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="F2" sourceRef="Wait" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>F2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const PATIENT = { patientName: 'Ada', birthDate: '1815-12-10' };

describe('status JSON API under /api', () => {
  let app: TestApp;
  let api: Client;
  beforeAll(async () => {
    app = await startApp({ files: ['c7-doctor-appointment.bpmn'], xml: [WAIT_FOR_MESSAGE], mount: '/flows' });
    api = new Client(app.url);
  });
  afterAll(() => app.close());

  async function start(body: unknown = { variables: PATIENT }): Promise<Started> {
    const r = await api.json('POST', '/api/processes/doctor_appointment/instances', body);
    expect(r.status).toBe(202);
    return r.body as Started;
  }

  it('starts an instance with 202, its id, a Location and absolute URIs for every action', async () => {
    const r = await api.json('POST', '/api/processes/doctor_appointment/instances', { variables: PATIENT, businessKey: 'bk-7' });
    expect(r.status).toBe(202);
    const s = r.body as Started;
    const root = `${app.url}/api/instances/${encodeURIComponent(s.id)}`;
    expect(s).toEqual({
      id: s.id,
      status: 'RUNNING',
      statusQueryGetUri: root,
      sendEventPostUri: `${root}/events/{eventName}`,
      terminatePostUri: `${root}/terminate`,
      suspendPostUri: `${root}/suspend`,
      resumePostUri: `${root}/resume`,
      purgeHistoryDeleteUri: root,
    });
    expect(r.headers.get('location')).toBe(root);
    const status = await api.json('GET', s.statusQueryGetUri);
    expect(status.status).toBe(202);
    expect(status.body).toMatchObject({ id: s.id, status: 'RUNNING', businessKey: 'bk-7', activeElementIds: ['UserTask_chooseDoctor'], variables: PATIENT });
    expect((status.body as { userTasks: unknown[] }).userTasks).toHaveLength(1);
  });

  it('lists and completes tasks: 422 with fields for invalid values, then the next task ids', async () => {
    const s = await start();
    const tasks = (await api.json('GET', `/api/tasks?instanceId=${encodeURIComponent(s.id)}`)).body as { id: string; elementId: string }[];
    expect(tasks.map((t) => t.elementId)).toEqual(['UserTask_chooseDoctor']);
    const bad = await api.json('POST', `/api/tasks/${encodeURIComponent(tasks[0]!.id)}/complete`, { variables: { doctor: 'dr_lee' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'FORM_INVALID', fields: [{ field: 'slot', message: 'is required' }] });
    const ok = await api.json('POST', `/api/tasks/${encodeURIComponent(tasks[0]!.id)}/complete`, { variables: { doctor: 'dr_lee', slot: 'fri_11' } });
    expect(ok.status).toBe(200);
    const body = ok.body as { instance: { activeElementIds: string[] }; nextTaskIds: string[] };
    expect(body.instance.activeElementIds).toEqual(['UserTask_confirm']);
    expect(body.nextTaskIds).toHaveLength(1);
    const again = await api.json('POST', `/api/tasks/${encodeURIComponent(tasks[0]!.id)}/complete`, { variables: {} });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('suspends, refuses work while suspended (409), resumes, terminates, then purges', async () => {
    const s = await start();
    expect((await api.json('POST', s.suspendPostUri)).body).toMatchObject({ status: 'SUSPENDED' });
    const [task] = await app.engine.listUserTasks({ instanceId: s.id });
    const refused = await api.json('POST', `/api/tasks/${encodeURIComponent(task!.id)}/complete`, { variables: { doctor: 'dr_lee', slot: 'fri_11' } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'INVALID_STATE' });
    expect((await api.json('POST', s.resumePostUri)).body).toMatchObject({ status: 'RUNNING' });
    const runningPurge = await api.json('DELETE', s.purgeHistoryDeleteUri);
    expect(runningPurge.status).toBe(409);
    expect(runningPurge.body).toMatchObject({ code: 'INVALID_STATE' });
    expect((await api.json('POST', s.terminatePostUri, { reason: 'patient called' })).body).toMatchObject({ status: 'TERMINATED' });
    expect((await api.json('GET', s.statusQueryGetUri)).status).toBe(200);
    expect((await api.json('DELETE', s.purgeHistoryDeleteUri)).body).toEqual({ instancesDeleted: 1 });
    const gone = await api.json('GET', s.statusQueryGetUri);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers errors as JSON with their code and status', async () => {
    expect(await api.json('POST', '/api/processes/nope/instances', {})).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await api.json('POST', '/api/processes/doctor_appointment/instances', '{"variables": ')).toMatchObject({ status: 400, body: { code: 'BAD_JSON' } });
    expect(await api.json('POST', '/api/processes/doctor_appointment/instances', [1])).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(await api.json('POST', '/api/processes/doctor_appointment/instances', { variables: 'x' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    // what a cross-site HTML form can send is refused before anything runs
    expect(await api.json('POST', '/api/processes/doctor_appointment/instances', 'variables=1', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
    expect(await api.json('GET', '/api/nothing/here')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    const first = await start({ instanceId: 'fixed-id', variables: PATIENT });
    expect(first.id).toBe('fixed-id');
    expect(await api.json('POST', '/api/processes/doctor_appointment/instances', { instanceId: 'fixed-id' })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  });

  it('lists the processes it can start with their start forms', async () => {
    const r = await api.json('GET', '/api/processes');
    const p = (r.body as { key: string; startForm: { fields: { id: string }[] } }[]).find((x) => x.key === 'doctor_appointment');
    expect(p!.key).toBe('doctor_appointment');
    expect(p!.startForm.fields.map((f) => f.id)).toEqual(['patientName', 'birthDate', 'insured', 'complaint']);
  });

  it('delivers an event to the instance by its business key and reports where it went', async () => {
    const other = await api.json('POST', '/api/processes/wait_for_slot/instances', { businessKey: 'other' });
    const r = await api.json('POST', '/api/processes/wait_for_slot/instances', { businessKey: 'mine', variables: { n: 1 } });
    const s = r.body as Started;
    const sent = await api.json('POST', s.sendEventPostUri.replace('{eventName}', 'SlotFreed'), { variables: { slot: 'fri_11' } });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ instanceIds: [s.id] });
    const done = await api.json('GET', s.statusQueryGetUri);
    expect(done).toMatchObject({ status: 200, body: { status: 'COMPLETED', variables: { n: 1, slot: 'fri_11' } } });
    expect((await api.json('GET', (other.body as Started).statusQueryGetUri)).body).toMatchObject({ status: 'RUNNING' });
    const keyless = (await api.json('POST', '/api/processes/wait_for_slot/instances', {})).body as Started;
    const refused = await api.json('POST', keyless.sendEventPostUri.replace('{eventName}', 'SlotFreed'), {});
    expect(refused).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect((await api.json('GET', (other.body as Started).statusQueryGetUri)).body).toMatchObject({ status: 'RUNNING' });
  });
});
