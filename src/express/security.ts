import { randomBytes } from 'node:crypto';
import type { RequestHandler } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { csrfSync, type CsrfSync } from 'csrf-sync';

/**
 * helmet's defaults with one change: no `upgrade-insecure-requests`. `serve` runs on plain HTTP
 * (localhost or a LAN address) and the directive would make the browser fetch the page's own
 * scripts and styles over https, which is not there. The bpmn-js viewer needs nothing else: its
 * script is a same-origin file, it styles SVG through the CSSOM and fetches the XML from 'self'.
 */
export function securityHeaders(): RequestHandler {
  return helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}

/**
 * A session only to hold the CSRF token. A host app that already has session middleware in front of
 * the router keeps its own (and its store); otherwise an in-memory session with a per-process secret
 * unless `sessionSecret` is given (restarts then invalidate open forms, which re-render on 403).
 */
export function sessionIfMissing(secret: string | undefined): RequestHandler {
  const own = session({
    name: 'bpmn-runner.sid',
    secret: secret ?? randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  });
  return (req, res, next) => (req.session ? next() : own(req, res, next));
}

/** Synchroniser-token CSRF: the token lives in the session, every POST form carries it as `_csrf`. */
export function csrfProtection(): CsrfSync {
  return csrfSync({
    size: 32,
    getTokenFromRequest: (req) => {
      const body: unknown = req.body;
      const fromBody = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
      if (typeof fromBody === 'string') return fromBody;
      const header = req.headers['x-csrf-token'];
      return typeof header === 'string' ? header : undefined;
    },
  });
}
