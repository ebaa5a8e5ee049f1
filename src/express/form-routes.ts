import express, { type Request, type Response, type Router } from 'express';
import type { CsrfSync } from 'csrf-sync';
import { FormValidationError, InvalidStateError, NotFoundError, type Engine, type UserTask } from '../index.js';
import type { DiagramCatalog } from './diagram-catalog.js';
import { readSubmission } from './form-fields.js';
import { instancePage, donePage, errorPage, processingPage } from './instance-pages.js';
import type { Layout } from './layout.js';
import { instanceListPage, processListPage, taskListPage } from './list-pages.js';
import { nextStep, nextStepPath } from './next-step.js';
import type { Page, PageContext } from './page.js';
import { startPage, taskPage } from './task-pages.js';
import { mayWorkOn, resolveUser, userOpt, type GetUser } from './users.js';
import { initialValues, validateStart } from './form-values.js';

export interface FormRouteDeps {
  engine: Engine;
  catalog: DiagramCatalog;
  getUser: GetUser | undefined;
  basePath: string | undefined;
  layout: Layout;
  title: string;
  csrf: CsrfSync;
}

/** The HTML pages: process list, start forms, task forms, next-step routing, instance pages. */
export function formRoutes(deps: FormRouteDeps): Router {
  const { engine, catalog } = deps;
  const router = express.Router();

  async function context(req: Request): Promise<PageContext> {
    const user = await resolveUser(deps.getUser, req);
    // Lazy, so pages without a form do not start a session (and set a cookie) for nothing.
    return { base: deps.basePath ?? req.baseUrl, user, get csrfToken() { return deps.csrf.generateToken(req); } };
  }
  function send(res: Response, ctx: PageContext, page: Page): void {
    const doc = deps.layout({ title: page.title, appTitle: deps.title, body: page.body.text, head: page.head?.text ?? '', basePath: ctx.base, user: ctx.user });
    res.status(page.status ?? 200).type('html').set('Cache-Control', 'no-store').send(doc);
  }
  async function redirectToNext(res: Response, ctx: PageContext, instanceId: string): Promise<void> {
    res.redirect(303, nextStepPath(ctx.base, instanceId, await nextStep(engine, instanceId, ctx.user)));
  }
  function forbidden(res: Response, ctx: PageContext): void {
    const msg = ctx.user === null ? 'Sign in to work on tasks.' : 'This task is not assigned to you or to one of your groups.';
    send(res, ctx, errorPage(ctx, 403, 'Not your task', msg));
  }

  router.get('/', async (req, res) => {
    const ctx = await context(req);
    send(res, ctx, processListPage(ctx, catalog.list()));
  });

  router.get('/tasks', async (req, res) => {
    const ctx = await context(req);
    const open = (await engine.listUserTasks()).filter((t) => mayWorkOn(t, ctx.user));
    const mine = ctx.user ? open.filter((t) => t.assignee === ctx.user!.id) : open;
    send(res, ctx, taskListPage(ctx, mine, open.filter((t) => !mine.includes(t))));
  });

  router.get('/instances', async (req, res) => {
    const ctx = await context(req);
    send(res, ctx, instanceListPage(ctx, (await engine.listInstances({ limit: 100 })).items));
  });

  router.get('/:processKey/start', async (req, res) => {
    const ctx = await context(req);
    const proc = catalog.get(req.params.processKey);
    if (!proc) return send(res, ctx, errorPage(ctx, 404, 'Unknown process', `No process "${req.params.processKey}" is deployed here.`));
    send(res, ctx, startPage(ctx, proc, { values: initialValues(proc.startForm, {}) }));
  });

  router.post('/:processKey/start', async (req, res) => {
    const ctx = await context(req);
    const proc = catalog.get(req.params.processKey);
    if (!proc) return send(res, ctx, errorPage(ctx, 404, 'Unknown process', `No process "${req.params.processKey}" is deployed here.`));
    const { values, raw } = readSubmission(proc.startForm, req.body);
    try {
      const variables = validateStart(proc.startForm, values);
      const instance = await engine.start(proc.key, { variables, ...userOpt(ctx.user) });
      await redirectToNext(res, ctx, instance.id);
    } catch (e) {
      if (!(e instanceof FormValidationError)) throw e;
      send(res, ctx, startPage(ctx, proc, { values: raw, errors: e.fields }, 422));
    }
  });

  router.get('/task/:id', async (req, res) => {
    const ctx = await context(req);
    const task = await engine.getUserTask(req.params.id);
    if (!task) return send(res, ctx, errorPage(ctx, 404, 'Task not found', 'This task does not exist or has been completed.'));
    if (!mayWorkOn(task, ctx.user)) return forbidden(res, ctx);
    const instance = await engine.getInstance(task.instanceId);
    send(res, ctx, taskPage(ctx, task, instance, { values: initialValues(task.form, instance?.variables ?? {}) }));
  });

  router.post('/task/:id', async (req, res) => {
    const ctx = await context(req);
    const task = await engine.getUserTask(req.params.id);
    if (!task) return afterGoneTask(req, res, ctx);
    if (!mayWorkOn(task, ctx.user)) return forbidden(res, ctx);
    const { values, raw } = readSubmission(task.form, req.body);
    try {
      await engine.completeUserTask(task.id, values, userOpt(ctx.user));
    } catch (e) {
      if (e instanceof NotFoundError) return afterGoneTask(req, res, ctx, task);
      if (e instanceof FormValidationError) return rerender(res, ctx, task, raw, e.fields, 422);
      if (e instanceof InvalidStateError) return rerender(res, ctx, task, raw, [{ field: '', message: e.reason }], 409);
      throw e;
    }
    await redirectToNext(res, ctx, task.instanceId);
  });

  async function rerender(res: Response, ctx: PageContext, task: UserTask, raw: Record<string, string>, errors: FormValidationError['fields'], status: number): Promise<void> {
    send(res, ctx, taskPage(ctx, task, await engine.getInstance(task.instanceId), { values: raw, errors }, status));
  }

  /** A second submit of a completed task: go where the first one went (the form names its instance). */
  async function afterGoneTask(req: Request, res: Response, ctx: PageContext, task?: UserTask): Promise<void> {
    const hint: unknown = (req.body as Record<string, unknown> | undefined)?._instance;
    const instanceId = task?.instanceId ?? (typeof hint === 'string' ? hint : undefined);
    if (instanceId !== undefined && (await engine.getInstance(instanceId))) return redirectToNext(res, ctx, instanceId);
    send(res, ctx, errorPage(ctx, 404, 'Task not found', 'This task does not exist or has been completed.'));
  }

  router.get('/instance/:id', async (req, res) => {
    const ctx = await context(req);
    if (ctx.user === null) return send(res, ctx, errorPage(ctx, 403, 'Sign in', 'Sign in to see instances.'));
    const instance = await engine.getInstance(req.params.id);
    if (!instance) return send(res, ctx, errorPage(ctx, 404, 'Instance not found', `No instance "${req.params.id}".`));
    const [history, tasks] = await Promise.all([engine.history(instance.id).catch(() => []), engine.listUserTasks({ instanceId: instance.id })]);
    const proc = catalog.get(instance.processKey, instance.processVersion);
    send(res, ctx, instancePage(ctx, { instance, proc, history, tasks: tasks.filter((t) => mayWorkOn(t, ctx.user)) }));
  });

  router.get('/instance/:id/diagram.xml', async (req, res) => {
    const instance = await engine.getInstance(req.params.id);
    const proc = instance ? catalog.get(instance.processKey, instance.processVersion) : undefined;
    if (!proc || (await resolveUser(deps.getUser, req)) === null) return void res.status(404).type('text').send('not found');
    res.type('application/xml').set('Cache-Control', 'no-store').send(proc.xml);
  });

  router.get('/instance/:id/next', async (req, res) => {
    const ctx = await context(req);
    if (ctx.user === null) return send(res, ctx, errorPage(ctx, 403, 'Sign in', 'Sign in to see instances.'));
    const step = await nextStep(engine, req.params.id, ctx.user);
    if (step.kind === 'task') return res.redirect(303, nextStepPath(ctx.base, req.params.id, step));
    if (step.kind === 'missing') return send(res, ctx, errorPage(ctx, 404, 'Instance not found', `No instance "${req.params.id}".`));
    const proc = catalog.get(step.instance.processKey, step.instance.processVersion);
    send(res, ctx, step.kind === 'done' ? donePage(ctx, step.instance, proc) : processingPage(ctx, step.instance, step.othersTasks, proc));
  });

  return router;
}

