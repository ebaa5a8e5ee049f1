import { html, trusted, type SafeHtml } from './html.js';
import type { CurrentUser } from './users.js';

/** Everything a layout gets; `body` and `head` are finished, escaped HTML. */
export interface PageParts {
  /** Page title, plain text (the layout escapes it). */
  title: string;
  /** The application title (option `title`), plain text. */
  appTitle: string;
  body: string;
  /** Extra `<head>` markup: stylesheets, scripts, meta refresh. */
  head: string;
  /** URL prefix of the router, e.g. `/flows` or `` at the root. */
  basePath: string;
  user: CurrentUser;
}

/** Returns a whole HTML document. A custom layout must escape `title`, `appTitle` and the user's name itself. */
export type Layout = (page: PageParts) => string;

export const defaultLayout: Layout = (p) =>
  html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · ${p.appTitle}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${p.basePath}/assets/app.css">
${trusted(p.head)}
</head>
<body>
<header class="topbar">
<a class="brand" href="${p.basePath}/">${p.appTitle}</a>
<nav><a href="${p.basePath}/">Processes</a><a href="${p.basePath}/tasks">Tasks</a><a href="${p.basePath}/instances">Instances</a></nav>
${p.user ? html`<span class="user">${p.user.name ?? p.user.id}</span>` : p.user === null ? html`<span class="user">not signed in</span>` : ''}
</header>
<main>
${trusted(p.body)}
</main>
</body>
</html>
`.text;

/** Small helpers pages share. */
export function statusBadge(status: string): SafeHtml {
  return html`<span class="badge badge-${status.toLowerCase()}">${status}</span>`;
}
