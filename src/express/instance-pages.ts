import type { HistoryEvent, Instance, UserTask } from '../index.js';
import type { CatalogProcess } from './diagram-catalog.js';
import { displayValue, html, type SafeHtml } from './html.js';
import { statusBadge } from './layout.js';
import { url, type Page, type PageContext } from './page.js';

export interface InstanceView {
  instance: Instance;
  proc: CatalogProcess | undefined;
  history: readonly HistoryEvent[];
  tasks: readonly UserTask[];
}

export function instancePage(ctx: PageContext, v: InstanceView): Page {
  const { instance: i, proc } = v;
  const names = proc?.elementNames ?? {};
  const label = (id: string | undefined): string => (id === undefined ? '' : names[id] !== undefined ? `${names[id]} (${id})` : id);
  return {
    title: `Instance ${i.id}`,
    head: html`<link rel="stylesheet" href="${ctx.base}/assets/bpmn-js/assets/diagram-js.css">
<link rel="stylesheet" href="${ctx.base}/assets/bpmn-js/assets/bpmn-js.css">
<script src="${ctx.base}/assets/bpmn-js/bpmn-navigated-viewer.production.min.js" defer></script>
<script src="${ctx.base}/assets/diagram-page.js" defer></script>`,
    body: html`<h1>${proc?.name ?? i.processKey} ${statusBadge(i.status)}</h1>
<div class="card"><dl class="meta">
<dt>Instance</dt><dd class="mono">${i.id}</dd>
<dt>Process</dt><dd>${i.processKey} v${i.processVersion}</dd>
${i.businessKey !== undefined ? html`<dt>Business key</dt><dd>${i.businessKey}</dd>` : ''}
<dt>Started</dt><dd>${i.startedAt}</dd>
${i.endedAt !== undefined ? html`<dt>Ended</dt><dd>${i.endedAt}</dd>` : ''}
<dt>Active</dt><dd>${i.activeElementIds.length > 0 ? i.activeElementIds.map(label).join(', ') : '—'}</dd>
${i.failure ? html`<dt>Failure</dt><dd>${i.failure.code}${i.failure.message !== undefined ? `: ${i.failure.message}` : ''}</dd>` : ''}
</dl></div>
${i.incidents.length > 0 ? html`<div class="alert" role="alert">${i.incidents.map((x) => html`<p><strong>Incident at ${label(x.elementId)}</strong>: ${x.message}</p>`)}</div>` : ''}
${v.tasks.length > 0 ? html`<div class="notice">Open tasks: ${v.tasks.map((t, n) => html`${n > 0 ? ', ' : ''}<a href="${url(ctx, 'task', t.id)}">${t.name ?? t.elementId}</a>`)}</div>` : ''}
<h2>Diagram</h2>
${proc
  ? html`<div id="diagram" class="diagram" data-xml-url="${url(ctx, 'instance', i.id, 'diagram.xml')}" data-active="${JSON.stringify(i.activeElementIds)}" data-incidents="${JSON.stringify(i.incidents.map((x) => x.elementId))}"></div>`
  : html`<div class="card muted">The diagram of ${i.processKey} v${i.processVersion} was not deployed through these pages.</div>`}
<div class="grid">
<section><h2>Variables</h2>${variablesTable(i.variables)}</section>
<section><h2>History</h2>${timeline(v.history, label)}</section>
</div>`,
  };
}

export function variablesTable(vars: Readonly<Record<string, unknown>>): SafeHtml {
  const names = Object.keys(vars).sort();
  if (names.length === 0) return html`<div class="card muted">No variables.</div>`;
  return html`<table class="variables"><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>
${names.map((n) => html`<tr><td><code>${n}</code></td><td class="mono">${displayValue(vars[n])}</td></tr>`)}
</tbody></table>`;
}

function timeline(history: readonly HistoryEvent[], label: (id: string | undefined) => string): SafeHtml {
  if (history.length === 0) return html`<div class="card muted">No history recorded.</div>`;
  return html`<ol class="timeline">
${history.map((e) => html`<li><time>${e.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')}</time><span>${e.type}${e.elementId !== undefined ? html` · <strong>${label(e.elementId)}</strong>` : ''}</span></li>`)}
</ol>`;
}

/** Still running and nothing for this user yet: refresh until there is. */
export function processingPage(ctx: PageContext, i: Instance, othersTasks: readonly UserTask[], proc?: CatalogProcess): Page {
  const at = i.activeElementIds.map((id) => proc?.elementNames[id] ?? id);
  const waitingForOthers = othersTasks.length > 0;
  const seconds = i.status === 'SUSPENDED' || i.incidents.length > 0 || waitingForOthers ? 10 : 2;
  return {
    title: 'Processing',
    head: html`<meta http-equiv="refresh" content="${seconds}">`,
    body: html`<h1>${proc?.name ?? i.processKey} ${statusBadge(i.status)}</h1>
<div class="card processing"><div class="spinner" aria-hidden="true"></div><div>
${i.status === 'SUSPENDED'
  ? html`<p>This instance is suspended.</p>`
  : i.incidents.length > 0
    ? html`<p>This instance is stuck on an incident: ${i.incidents.map((x) => x.message).join('; ')}</p>`
    : waitingForOthers
      ? html`<p>Waiting for someone else: ${othersTasks.map((t) => t.name ?? t.elementId).join(', ')}.</p>`
      : html`<p>Processing${at.length > 0 ? ` at ${at.join(', ')}` : ''}… this page refreshes by itself.</p>`}
<p class="small"><a href="${url(ctx, 'instance', i.id)}">Show the instance</a></p></div></div>`,
  };
}

/** The instance has ended: its final variables. */
export function donePage(ctx: PageContext, i: Instance, proc?: CatalogProcess): Page {
  const ok = i.status === 'COMPLETED';
  return {
    title: ok ? 'Done' : i.status,
    body: html`<h1>${ok ? 'Done' : 'Ended'} ${statusBadge(i.status)}</h1>
<div class="card"><p>${proc?.name ?? i.processKey}${i.businessKey !== undefined ? ` (${i.businessKey})` : ''} ${ok ? 'has completed' : `ended as ${i.status}`}${i.endedAt !== undefined ? ` at ${i.endedAt}` : ''}.</p>
${i.failure ? html`<p class="field-error">${i.failure.code}${i.failure.message !== undefined ? `: ${i.failure.message}` : ''}</p>` : ''}
<p class="small"><a href="${url(ctx, 'instance', i.id)}">Show the instance</a> · <a href="${ctx.base}/">Start another process</a></p></div>
<h2>Final variables</h2>
${variablesTable(i.variables)}`,
  };
}

export function errorPage(ctx: PageContext, status: number, title: string, message: string): Page {
  return {
    title,
    status,
    body: html`<h1>${title}</h1><div class="card"><p>${message}</p><p class="small"><a href="${ctx.base}/">Back to the processes</a></p></div>`,
  };
}
