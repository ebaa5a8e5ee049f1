import type { Instance, UserTask } from '../index.js';
import type { CatalogProcess } from './diagram-catalog.js';
import { html } from './html.js';
import { statusBadge } from './layout.js';
import { url, type Page, type PageContext } from './page.js';

export function processListPage(ctx: PageContext, processes: readonly CatalogProcess[]): Page {
  return {
    title: 'Processes',
    body: html`<h1>Processes</h1>
${processes.length === 0
  ? html`<div class="card muted">No diagrams are deployed through these pages yet.</div>`
  : html`<table><thead><tr><th>Process</th><th>Key</th><th>Version</th><th>Flavour</th><th></th></tr></thead><tbody>
${processes.map((p) => html`<tr><td>${p.name ?? p.key}</td><td><code>${p.key}</code></td><td>${p.version ?? ''}</td><td>${flavourName(p.flavour)}</td>
<td><a class="button" href="${url(ctx, p.key, 'start')}">Start</a></td></tr>`)}
</tbody></table>`}`,
  };
}

function flavourName(f: string): string {
  return f === 'camunda7' ? 'Camunda 7' : f === 'camunda8' ? 'Camunda 8' : 'BPMN';
}

export function taskListPage(ctx: PageContext, mine: readonly UserTask[], others: readonly UserTask[]): Page {
  const signedIn = ctx.user !== undefined;
  return {
    title: 'Tasks',
    body: html`<h1>Tasks</h1>
${signedIn ? html`<h2>Assigned to me</h2>${taskTable(ctx, mine)}<h2>For my groups</h2>${taskTable(ctx, others)}` : taskTable(ctx, [...mine, ...others])}`,
  };
}

function taskTable(ctx: PageContext, tasks: readonly UserTask[]): unknown {
  if (tasks.length === 0) return html`<div class="card muted">No open tasks.</div>`;
  return html`<table><thead><tr><th>Task</th><th>Process</th><th>Assignee</th><th>Candidates</th><th>Created</th></tr></thead><tbody>
${tasks.map((t) => html`<tr><td><a href="${url(ctx, 'task', t.id)}">${t.name ?? t.elementId}</a></td><td>${t.processKey} <a class="small" href="${url(ctx, 'instance', t.instanceId)}">instance</a></td>
<td>${t.assignee ?? html`<span class="muted">—</span>`}</td><td>${[...t.candidateUsers, ...t.candidateGroups.map((g) => `group ${g}`)].join(', ')}</td><td class="small">${t.createdAt}</td></tr>`)}
</tbody></table>`;
}

export function instanceListPage(ctx: PageContext, instances: readonly Instance[]): Page {
  return {
    title: 'Instances',
    body: html`<h1>Instances</h1>
${instances.length === 0
  ? html`<div class="card muted">No instances yet.</div>`
  : html`<table><thead><tr><th>Instance</th><th>Process</th><th>Business key</th><th>Status</th><th>Started</th></tr></thead><tbody>
${instances.map((i) => html`<tr><td><a class="mono" href="${url(ctx, 'instance', i.id)}">${i.id}</a></td><td>${i.processKey} v${i.processVersion}</td>
<td>${i.businessKey ?? ''}</td><td>${statusBadge(i.status)}${i.incidents.length > 0 ? html` <span class="badge badge-failed">${i.incidents.length} incident(s)</span>` : ''}</td><td class="small">${i.startedAt}</td></tr>`)}
</tbody></table>`}`,
  };
}
