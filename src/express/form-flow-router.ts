import express, { type ErrorRequestHandler, type Router } from 'express';
import { BpmnRunnerError, type Engine } from '../index.js';
import { apiRoutes } from './api-routes.js';
import { assetRoutes } from './assets.js';
import { DiagramCatalog } from './diagram-catalog.js';
import { formRoutes } from './form-routes.js';
import { html } from './html.js';
import { defaultLayout, type Layout } from './layout.js';
import { csrfProtection, securityHeaders, sessionIfMissing } from './security.js';
import type { GetUser } from './users.js';

export interface FormFlowOptions {
  engine: Engine;
  /** The deployed XML the pages show and take start forms from; see DiagramCatalog. Default: empty. */
  diagrams?: DiagramCatalog;
  /** Who is asking. Without it everybody may see and do everything (a local tool). */
  getUser?: GetUser;
  /** URL prefix for links and redirects when it differs from the mount path (e.g. behind a proxy). */
  basePath?: string;
  layout?: Layout;
  /** Application title in the header. Default "bpmn-runner". */
  title?: string;
  /** Secret for the router's own session cookie (only used when no session middleware runs before it). */
  sessionSecret?: string;
}

/**
 * The web face of an engine, mountable anywhere (`app.use('/flows', createFormFlowRouter({ engine }))`):
 * HTML form flows with CSRF tokens, the diagram page, and the JSON status API under `/api`.
 */
export function createFormFlowRouter(opts: FormFlowOptions): Router {
  const catalog = opts.diagrams ?? new DiagramCatalog();
  const basePath = opts.basePath?.replace(/\/+$/, '');
  const router = express.Router();
  router.use(securityHeaders());
  router.use('/assets', assetRoutes());
  router.use('/api', apiRoutes({ engine: opts.engine, catalog, getUser: opts.getUser, basePath }));

  const csrf = csrfProtection();
  router.use(sessionIfMissing(opts.sessionSecret));
  router.use(express.urlencoded({ extended: false, limit: '200kb' }));
  router.use(csrf.csrfSynchronisedProtection);
  router.use(
    formRoutes({
      engine: opts.engine,
      catalog,
      getUser: opts.getUser,
      basePath,
      layout: opts.layout ?? defaultLayout,
      title: opts.title ?? 'bpmn-runner',
      csrf,
    }),
  );
  router.use(pageErrors(opts.layout ?? defaultLayout, opts.title ?? 'bpmn-runner', basePath));
  return router;
}

/** Errors of the HTML side as pages: 403 for a missing/wrong CSRF token, the engine's codes, else 500. */
function pageErrors(layout: Layout, appTitle: string, basePath: string | undefined): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = err as { code?: string; status?: number; statusCode?: number; message?: string };
    let status = 500;
    let title = 'Something went wrong';
    let message = 'The request could not be handled. Details are in the server log.';
    if (e.code === 'EBADCSRFTOKEN') {
      [status, title, message] = [403, 'Form expired', 'The form was missing its security token or it has expired. Go back, reload the page and submit again.'];
    } else if (err instanceof BpmnRunnerError) {
      status = err.code === 'NOT_FOUND' ? 404 : err.code === 'INVALID_STATE' || err.code === 'CONFLICT' ? 409 : 500;
      [title, message] = [err.code, err.reason];
    } else if (typeof (e.status ?? e.statusCode) === 'number' && (e.status ?? e.statusCode)! < 500) {
      [status, title, message] = [(e.status ?? e.statusCode)!, 'Bad request', e.message ?? 'bad request'];
    }
    if (status === 500) console.error('bpmn-runner pages:', err);
    const base = basePath ?? req.baseUrl;
    const body = html`<h1>${title}</h1><div class="card"><p>${message}</p><p class="small"><a href="${base}/">Back to the processes</a></p></div>`;
    res.status(status).type('html').send(layout({ title, appTitle, body: body.text, head: '', basePath: base, user: undefined }));
  };
}
