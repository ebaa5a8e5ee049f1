import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response, type Router } from 'express';
import { BpmnRunnerError, FormValidationError, type Engine, type Instance } from '../index.js';
import type { DiagramCatalog } from './diagram-catalog.js';
import { mayWorkOn, resolveUser, userOpt, type CurrentUser, type GetUser } from './users.js';

export interface ApiDeps {
  engine: Engine;
  catalog: DiagramCatalog;
  getUser: GetUser | undefined;
  basePath: string | undefined;
}

/** An error answer: `{ code, message, fields? }` with its HTTP status. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const STATUS_BY_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  CONFLICT: 409,
  FORM_INVALID: 422,
  EXPRESSION_ERROR: 422,
  PARSE_ERROR: 400,
  UNSUPPORTED_ELEMENT: 400,
  TIMEOUT: 504,
};

/**
 * The status API, shaped like Durable Functions' HTTP API: starting answers 202 with the URIs to poll
 * and to act on the instance. It takes no CSRF token: every POST must be `Content-Type:
 * application/json`, which a cross-site HTML form cannot send and cross-site `fetch` cannot send
 * without a CORS preflight this router never answers, so cookies a `getUser` may rely on cannot be
 * ridden from another site.
 */
export function apiRoutes(deps: ApiDeps): Router {
  const { engine, catalog } = deps;
  const router = express.Router();
  router.use(jsonOnly, express.json({ limit: '1mb' }));

  const users = new WeakMap<Request, CurrentUser>();
  router.use(async (req, _res, next) => {
    const user = await resolveUser(deps.getUser, req);
    if (user === null) throw new ApiError(401, 'UNAUTHENTICATED', 'sign in to use the API');
    users.set(req, user);
    next();
  });
  const userOf = (req: Request): CurrentUser => users.get(req);

  function instanceUris(req: Request, id: string): Record<string, string> {
    const root = `${req.protocol}://${req.get('host') ?? 'localhost'}${deps.basePath ?? req.baseUrl.replace(/\/api$/, '')}/api/instances/${encodeURIComponent(id)}`;
    return {
      statusQueryGetUri: root,
      sendEventPostUri: `${root}/events/{eventName}`,
      terminatePostUri: `${root}/terminate`,
      suspendPostUri: `${root}/suspend`,
      resumePostUri: `${root}/resume`,
      purgeHistoryDeleteUri: root,
    };
  }
  const TERMINAL = new Set(['COMPLETED', 'TERMINATED', 'FAILED']);
  async function status(id: string): Promise<Instance & { userTasks: unknown[] }> {
    const instance = await engine.getInstance(id);
    if (!instance) throw new ApiError(404, 'NOT_FOUND', `instance ${id} not found`);
    const userTasks = (await engine.listUserTasks({ instanceId: id })).map((t) => ({ id: t.id, elementId: t.elementId, name: t.name, assignee: t.assignee }));
    return { ...instance, userTasks };
  }

  router.get('/processes', (_req, res) => {
    res.json(catalog.list().map((p) => ({ key: p.key, version: p.version, name: p.name, flavour: p.flavour, startForm: p.startForm ?? null })));
  });

  router.post('/processes/:key/instances', async (req, res) => {
    const body = objectBody(req.body);
    const variables = optionalObject(body.variables, 'variables');
    const instance = await engine.start(req.params.key as string, {
      ...(variables !== undefined ? { variables } : {}),
      ...(typeof body.businessKey === 'string' ? { businessKey: body.businessKey } : {}),
      ...(typeof body.instanceId === 'string' ? { instanceId: body.instanceId } : {}),
      ...(typeof body.version === 'number' ? { version: body.version } : {}),
      ...userOpt(userOf(req)),
    });
    res.status(202).location(instanceUris(req, instance.id).statusQueryGetUri!).json({ id: instance.id, status: instance.status, ...instanceUris(req, instance.id) });
  });

  // Durable Functions answers 202 while the instance runs and 200 once it has ended.
  router.get('/instances/:id', async (req, res) => {
    const s = await status(req.params.id as string);
    res.status(TERMINAL.has(s.status) ? 200 : 202).json(s);
  });

  router.post('/instances/:id/events/:name', async (req, res) => {
    const instance = await status(req.params.id as string);
    const body = objectBody(req.body);
    const variables = optionalObject(body.variables, 'variables');
    const correlationKey = typeof body.correlationKey === 'string' ? body.correlationKey : instance.businessKey;
    // correlateMessage picks subscriptions by name and key only: without a key the message could
    // reach another instance waiting for the same name, which this per-instance URI must not do.
    if (correlationKey === undefined) throw new ApiError(400, 'BAD_REQUEST', 'send a correlationKey: the instance has no business key to correlate on');
    const result = await engine.correlateMessage(req.params.name as string, {
      correlationKey,
      ...(variables !== undefined ? { variables } : {}),
      ...(typeof body.messageId === 'string' ? { messageId: body.messageId } : {}),
    });
    res.status(202).json(result);
  });

  router.post('/instances/:id/terminate', async (req, res) => {
    const reason = objectBody(req.body).reason;
    res.json(await engine.terminate(req.params.id as string, typeof reason === 'string' ? reason : undefined));
  });
  router.post('/instances/:id/suspend', async (req, res) => {
    const reason = objectBody(req.body).reason;
    res.json(await engine.suspend(req.params.id as string, typeof reason === 'string' ? reason : undefined));
  });
  router.post('/instances/:id/resume', async (req, res) => {
    res.json(await engine.resume(req.params.id as string));
  });
  router.delete('/instances/:id', async (req, res) => {
    await engine.purge(req.params.id as string);
    res.json({ instancesDeleted: 1 });
  });

  router.get('/tasks', async (req, res) => {
    const q: Record<string, string> = {};
    for (const k of ['instanceId', 'processKey', 'assignee', 'candidateUser', 'candidateGroup']) {
      if (typeof req.query[k] === 'string') q[k] = req.query[k];
    }
    res.json((await engine.listUserTasks(q)).filter((t) => mayWorkOn(t, userOf(req))));
  });
  router.get('/tasks/:id', async (req, res) => {
    res.json(await allowedTask(req));
  });
  router.post('/tasks/:id/complete', async (req, res) => {
    const task = await allowedTask(req);
    const variables = optionalObject(objectBody(req.body).variables, 'variables') ?? {};
    const instance = await engine.completeUserTask(task.id, variables, userOpt(userOf(req)));
    const next = (await engine.listUserTasks({ instanceId: instance.id })).filter((t) => mayWorkOn(t, userOf(req)));
    res.json({ instance, nextTaskIds: next.map((t) => t.id) });
  });

  async function allowedTask(req: Request) {
    const task = await engine.getUserTask(req.params.id as string);
    if (!task) throw new ApiError(404, 'NOT_FOUND', `user task ${req.params.id} not found`);
    if (!mayWorkOn(task, userOf(req))) throw new ApiError(403, 'FORBIDDEN', 'this task is not assigned to you or your groups');
    return task;
  }

  router.use((req, _res, next) => next(new ApiError(404, 'NOT_FOUND', `no API route ${req.method} ${req.path}`)));
  router.use(apiErrors);
  return router;
}

const jsonOnly: RequestHandler = (req, _res, next) => {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return next();
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'send Content-Type: application/json'));
  next();
};

function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'BAD_REQUEST', 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

function optionalObject(value: unknown, name: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ApiError(400, 'BAD_REQUEST', `${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

const apiErrors: ErrorRequestHandler = (err: unknown, _req, res: Response, _next) => {
  if (err instanceof ApiError) return void res.status(err.status).json({ code: err.code, message: err.message });
  if (err instanceof FormValidationError) return void res.status(422).json({ code: err.code, message: err.message, fields: err.fields });
  if (err instanceof BpmnRunnerError) return void res.status(STATUS_BY_CODE[err.code] ?? 500).json({ code: err.code, message: err.message });
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed') return void res.status(400).json({ code: 'BAD_JSON', message: 'the body is not valid JSON' });
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return void res.status(e.status).json({ code: 'BAD_REQUEST', message: e.message ?? 'bad request' });
  console.error('bpmn-runner api:', err);
  res.status(500).json({ code: 'INTERNAL', message: 'internal error' });
};
