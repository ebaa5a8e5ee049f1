import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Request } from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './web-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const ARTIFACTS = resolve(import.meta.dirname, '../../test-artifacts');

describe('browser prerequisites', () => {
  it('has Debian chromium at /usr/bin/chromium (else every browser test below is skipped)', () => {
    if (!HAS_CHROMIUM) {
      throw new Error(`BROWSER TESTS DID NOT RUN: ${CHROMIUM} is missing. Run scripts/ensure-chromium.sh as root (apt-get install -y chromium).`);
    }
  });
});

/** Who the browser is comes from a header the test context sets; a real app would use its own sign-in. */
function headerUser(req: Request) {
  const id = req.get('x-user');
  return id ? { id, groups: (req.get('x-groups') ?? '').split(',').filter(Boolean) } : undefined;
}

describe.skipIf(!HAS_CHROMIUM)('form flows in chromium', () => {
  let app: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    app = await startApp({
      files: ['c7-doctor-appointment.bpmn', 'c8-user-task-form.bpmn', 'c7-user-task-assignment.bpmn', 'c7-service-fails.bpmn'],
      mount: '/flows',
      services: {
        'com.example.ChargeCardDelegate': () => {
          throw new Error('card declined by issuer');
        },
      },
      router: { getUser: headerUser },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 20_000,
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A page for one user; console errors and CSP violations are collected for the test to check. */
  async function pageAs(user: string, groups = ''): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-user': user, 'x-groups': groups }, viewport: { width: 1200, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const problems: string[] = [];
    // A 422 page is the expected answer to an invalid form; chromium still logs it as a failed load.
    page.on('console', (m) => void (m.type() === 'error' && !m.text().includes('status of 422') && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems };
  }

  /** Clicks the submit button and returns the status of the POST's answer (before any redirect). */
  async function submit(page: Page): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    await page.waitForLoadState();
    return response.status();
  }

  it('runs the Camunda 7 doctor appointment from its start form, through a 422, the taken-slot loop, to the done page', async () => {
    const { page, problems } = await pageAs('ann');
    await page.goto(`${app.url}/`);
    await page.click('a[href="/flows/doctor_appointment/start"]');
    await expect.poll(() => page.textContent('h1')).toBe('Start: Doctor appointment');
    await page.fill('#f-patientName', 'A');
    await page.fill('#f-birthDate', '1815-12-10');
    await page.fill('#f-complaint', 'itchy <b>rash</b>');
    expect(await submit(page)).toBe(422);
    expect(await page.textContent('#f-patientName-error')).toBe('must be at least 2 characters');
    expect(await page.inputValue('#f-complaint')).toBe('itchy <b>rash</b>');
    expect(await page.inputValue('#f-birthDate')).toBe('1815-12-10');
    await page.screenshot({ path: `${ARTIFACTS}/c7-start-form-422.png`, fullPage: true });

    await page.fill('#f-patientName', 'Ada Lovelace');
    expect(await submit(page)).toBe(303);
    expect(page.url()).toMatch(/\/flows\/task\//);
    expect(await page.textContent('h1')).toBe('Choose doctor and slot');
    await page.selectOption('#f-doctor', 'dr_smith');
    await page.selectOption('#f-slot', 'mon_09');
    const firstTask = page.url();
    expect(await submit(page)).toBe(303);
    // Dr. Smith's Monday slot is booked: the flow loops back to the choice
    expect(await page.textContent('h1')).toBe('Choose doctor and slot');
    expect(page.url()).not.toBe(firstTask);
    await page.selectOption('#f-slot', 'tue_14');
    expect(await submit(page)).toBe(303);
    expect(await page.textContent('h1')).toBe('Confirm appointment');
    await page.check('#f-confirmed');
    await page.fill('#f-notes', 'first visit');
    expect(await submit(page)).toBe(303);
    expect(await page.textContent('h1')).toContain('Done');
    const vars = await page.textContent('table.variables');
    expect(vars).toContain('Ada Lovelace');
    expect(vars).toContain('itchy <b>rash</b>');
    await page.screenshot({ path: `${ARTIFACTS}/c7-done.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 20_000);

  it('runs the Camunda 8 form-js task form through a 422 to the end', async () => {
    const { page, problems } = await pageAs('wes', 'warehouse');
    await page.goto(`${app.url}/c8_user_task_form/start`);
    expect(await page.textContent('.card')).toContain('no start form');
    expect(await submit(page)).toBe(303);
    expect(await page.textContent('h1')).toBe('Enter shipping details');
    await page.fill('#f-recipient', 'B');
    await page.fill('#f-parcels', '11');
    expect(await submit(page)).toBe(422);
    expect(await page.textContent('#f-recipient-error')).toBe('must be at least 2 characters');
    expect(await page.textContent('#f-parcels-error')).toBe('must be at most 10');
    await page.screenshot({ path: `${ARTIFACTS}/c8-task-form-422.png`, fullPage: true });
    await page.fill('#f-recipient', 'Bo');
    await page.fill('#f-parcels', '2');
    await page.check('#f-express');
    await page.selectOption('#f-size', 'l');
    expect(await submit(page)).toBe(303);
    expect(await page.textContent('h1')).toContain('Done');
    const vars = await page.textContent('table.variables');
    expect(vars).toMatch(/parcels\s*2/);
    expect(vars).toMatch(/express\s*true/);
    expect(problems).toEqual([]);
  }, 20_000);

  it('marks the active element and an incident on the diagram page (bpmn-js viewer from the package, no CSP errors)', async () => {
    const instance = await app.engine.start('doctor_appointment', { variables: { patientName: 'Grace', birthDate: '1906-12-09' } });
    const { page, problems } = await pageAs('ann');
    await page.goto(`${app.url}/instance/${encodeURIComponent(instance.id)}`);
    await page.waitForSelector('#diagram[data-rendered]');
    expect(await page.getAttribute('#diagram', 'data-rendered')).toBe('true');
    const active = page.locator('.djs-element[data-element-id="UserTask_chooseDoctor"]');
    expect(await active.getAttribute('class')).toContain('bpmn-active');
    expect(await page.locator('.bpmn-active').count()).toBe(1);
    expect(await page.locator('.djs-element[data-element-id="StartEvent_patient"]').getAttribute('class')).not.toContain('bpmn-active');
    await page.screenshot({ path: `${ARTIFACTS}/diagram-active.png`, fullPage: true });

    const failing = await app.engine.start('c7_service_fails', { variables: { amount: 10 } });
    await expect.poll(async () => (await app.engine.runDueTimers(), (await app.engine.getInstance(failing.id))!.incidents.length), { timeout: 8_000 }).toBe(1);
    await page.goto(`${app.url}/instance/${encodeURIComponent(failing.id)}`);
    await page.waitForSelector('#diagram[data-rendered="true"]');
    expect(await page.locator('.djs-element[data-element-id="ServiceTask_charge"]').getAttribute('class')).toContain('bpmn-incident');
    expect(await page.textContent('.alert')).toContain('card declined by issuer');
    await page.screenshot({ path: `${ARTIFACTS}/diagram-incident.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 20_000);

  it('rejects a form posted without its CSRF token with 403', async () => {
    const { page } = await pageAs('ann');
    await page.goto(`${app.url}/doctor_appointment/start`);
    await page.evaluate(`document.querySelector('input[name="_csrf"]').remove()`);
    await page.fill('#f-patientName', 'Ada');
    await page.fill('#f-birthDate', '1815-12-10');
    expect(await submit(page)).toBe(403);
    expect(await page.textContent('h1')).toBe('Form expired');
  }, 20_000);

  it('does not show a user a task that is someone else\'s', async () => {
    const instance = await app.engine.start('c7_user_task_assignment', { variables: { owner: 'olga', reviewer: 'rita', dept: 'sales' } });
    const [task] = await app.engine.listUserTasks({ instanceId: instance.id });
    const taskUrl = `${app.url}/task/${encodeURIComponent(task!.id)}`;
    const olga = await pageAs('olga');
    expect((await olga.page.goto(taskUrl))!.status()).toBe(200);
    expect(await olga.page.textContent('h1')).toBe('Review document');
    const eve = await pageAs('eve', 'marketing');
    expect((await eve.page.goto(taskUrl))!.status()).toBe(403);
    expect(await eve.page.textContent('h1')).toBe('Not your task');
    expect(await eve.page.locator('form.task-form').count()).toBe(0);
  }, 20_000);
});
