import type { Instance, UserTask } from '../index.js';
import type { CatalogProcess } from './diagram-catalog.js';
import { renderFields, type FormState } from './form-fields.js';
import { html } from './html.js';
import { url, type Page, type PageContext } from './page.js';

export function startPage(ctx: PageContext, proc: CatalogProcess, state: FormState, status?: number): Page {
  const hasForm = (proc.startForm?.fields.length ?? 0) > 0;
  return {
    title: `Start ${proc.name ?? proc.key}`,
    ...(status !== undefined ? { status } : {}),
    body: html`<h1>Start: ${proc.name ?? proc.key}</h1>
<div class="card form-card">
<form class="task-form" method="post" action="${url(ctx, proc.key, 'start')}" novalidate>
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
${hasForm ? renderFields(proc.startForm, state) : html`<p class="muted">This process has no start form.</p>`}
${!hasForm && state.errors?.length ? renderFields(undefined, state) : ''}
<div class="actions"><button type="submit">Start process</button></div>
</form>
</div>`,
  };
}

export function taskPage(ctx: PageContext, task: UserTask, instance: Instance | undefined, state: FormState, status?: number): Page {
  const title = task.name ?? task.elementId;
  return {
    title,
    ...(status !== undefined ? { status } : {}),
    body: html`<h1>${title}</h1>
<p class="muted">${task.processKey}${instance?.businessKey !== undefined ? ` · ${instance.businessKey}` : ''} ·
<a href="${url(ctx, 'instance', task.instanceId)}">instance ${task.instanceId}</a>${task.assignee !== undefined ? ` · assigned to ${task.assignee}` : ''}${task.dueDate !== undefined ? ` · due ${task.dueDate}` : ''}</p>
${instance?.status === 'SUSPENDED' ? html`<div class="notice">This instance is suspended; the task cannot be completed until it is resumed.</div>` : ''}
<div class="card form-card">
<form class="task-form" method="post" action="${url(ctx, 'task', task.id)}" novalidate>
<input type="hidden" name="_csrf" value="${ctx.csrfToken}">
<input type="hidden" name="_instance" value="${task.instanceId}">
${(task.form?.fields.length ?? 0) > 0 ? renderFields(task.form, state) : html`<p class="muted">Nothing to fill in: complete the task when it is done.</p>${renderFields(undefined, state)}`}
<div class="actions"><button type="submit">Complete</button></div>
</form>
</div>`,
  };
}
