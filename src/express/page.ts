import type { SafeHtml } from './html.js';
import type { CurrentUser } from './users.js';

/** What every page renderer gets about the request. */
export interface PageContext {
  /** URL prefix of the router. */
  base: string;
  user: CurrentUser;
  /** The session's CSRF token for the forms on the page. */
  csrfToken: string;
}

/** A rendered page before the layout wraps it. */
export interface Page {
  title: string;
  body: SafeHtml;
  head?: SafeHtml;
  status?: number;
}

export function url(ctx: PageContext, ...parts: string[]): string {
  return `${ctx.base}/${parts.map(encodeURIComponent).join('/')}`;
}
