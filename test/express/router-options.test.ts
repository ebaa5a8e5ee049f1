import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import session from 'express-session';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Engine, FileStore, MemoryStore } from '../../src/index.js';
import { createFormFlowRouter, DiagramCatalog, html, type Layout } from '../../src/express/index.js';
import { Client, csrfOf, DIAGRAMS, startApp } from './web-fixture.js';

describe('DiagramCatalog', () => {
  it('keeps every deployed version, so an old instance is drawn with the XML it runs on', async () => {
    const engine = new Engine({ store: new MemoryStore() });
    const catalog = new DiagramCatalog();
    const v1 = await readFile(join(DIAGRAMS, 'c7-doctor-appointment.bpmn'), 'utf8');
    const v2 = v1.replace('name="Doctor appointment"', 'name="Doctor appointment v2"');
    await catalog.deployTo(engine, v1, 'doctor.bpmn');
    await catalog.deployTo(engine, v2, 'doctor.bpmn');
    expect(catalog.list().map((p) => [p.key, p.version, p.name])).toEqual([['doctor_appointment', 2, 'Doctor appointment v2']]);
    expect(catalog.get('doctor_appointment', 1)!.xml).toBe(v1);
    expect(catalog.get('doctor_appointment')!.startForm!.fields.map((f) => f.id)).toEqual(['patientName', 'birthDate', 'insured', 'complaint']);
    expect(catalog.get('doctor_appointment')!.elementNames['UserTask_confirm']).toBe('Confirm appointment');
    await engine.close();
  });

  it('reads what a FileStore already holds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bpmn-runner-catalog-'));
    const first = new Engine({ store: new FileStore({ dir }) });
    await first.deployFile(join(DIAGRAMS, 'c8-user-task-form.bpmn'));
    await first.close();
    // a later run: the engine opens the store, the catalog reads the deployments of earlier runs from it
    const store = new FileStore({ dir });
    const second = new Engine({ store });
    await second.listInstances();
    const catalog = new DiagramCatalog();
    await catalog.addStored(store);
    expect(catalog.get('c8_user_task_form', 1)).toMatchObject({ key: 'c8_user_task_form', version: 1, flavour: 'camunda8' });
    await second.close();
  });
});

describe('router options', () => {
  it('uses a custom layout and title, and links under basePath', async () => {
    const layout: Layout = (p) => html`<!doctype html><title>${p.title}</title><p id="app">${p.appTitle}</p><p id="base">${p.basePath}</p>`.text + p.body;
    const app = await startApp({ files: ['c7-doctor-appointment.bpmn'], router: { layout, title: 'Clinic <&>', basePath: '/proxy/flows/' } });
    try {
      const page = (await new Client(app.url).get('/')).text;
      expect(page).toContain('<p id="app">Clinic &lt;&amp;&gt;</p><p id="base">/proxy/flows</p>');
      expect(page).toContain('href="/proxy/flows/doctor_appointment/start"');
    } finally {
      await app.close();
    }
  });

  it('keeps the host application\'s session when one runs in front of the router', async () => {
    const engine = new Engine({ store: new MemoryStore() });
    const diagrams = new DiagramCatalog();
    await diagrams.deployFile(engine, join(DIAGRAMS, 'c7-doctor-appointment.bpmn'));
    const host = express();
    host.use(session({ name: 'host.sid', secret: 'test secret', resave: false, saveUninitialized: false }));
    host.use('/flows', createFormFlowRouter({ engine, diagrams }));
    const server = host.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const c = new Client(`http://127.0.0.1:${(server.address() as AddressInfo).port}/flows`);
      const form = await c.get('/doctor_appointment/start');
      expect(form.headers.get('set-cookie')).toMatch(/^host\.sid=/);
      const r = await c.postForm('/doctor_appointment/start', { _csrf: csrfOf(form.text), patientName: 'Ada', birthDate: '1815-12-10' });
      expect(r.status).toBe(303);
      expect(r.location).toMatch(/^\/flows\/task\//);
    } finally {
      server.closeAllConnections();
      server.close();
      await engine.close();
    }
  });
});
