import type { ElementSpec, ListenerSpec } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { JobState, ListenerEvent, TokenState } from './state.js';

/** Zeebe names its task listener events differently; both spellings mean the same point. */
const EVENT_ALIASES: Readonly<Record<string, ListenerEvent>> = {
  start: 'start',
  end: 'end',
  create: 'create',
  creating: 'create',
  complete: 'complete',
  completing: 'complete',
};

export function listenerEventOf(l: ListenerSpec): ListenerEvent | undefined {
  return EVENT_ALIASES[l.event];
}

function chain(el: ElementSpec, event: ListenerEvent): ListenerSpec[] {
  const scope = event === 'create' || event === 'complete' ? 'task' : 'execution';
  return (el.listeners ?? []).filter((l) => l.scope === scope && listenerEventOf(l) === event);
}

export function hasListeners(el: ElementSpec, event: ListenerEvent): boolean {
  return el.listeners !== undefined && chain(el, event).length > 0;
}

/**
 * Run the listeners of `event` from `from` on: expression listeners in place, handler and script
 * listeners as jobs (one at a time, in document order, like Camunda's listener chain).
 * Returns true when the chain is done and the caller may go on; false when it waits for a job.
 */
export function runListeners(ctx: StepContext, token: TokenState, el: ElementSpec, event: ListenerEvent, from = 0, holdToken = true): boolean {
  const list = chain(el, event);
  for (let i = from; i < list.length; i++) {
    const l = list[i]!;
    if (l.kind === 'expression') {
      if (l.expression) ctx.evaluate(l.expression, token, el.id);
      continue;
    }
    const job: JobState = { id: ctx.newId('j'), kind: 'listener', elementId: el.id, tokenId: token.id, attempt: 0, listener: { event, index: i }, retries: 1 };
    if (l.serviceName !== undefined) job.type = l.serviceName;
    ctx.state.jobs.push(job);
    if (holdToken) ctx.wait(token, job.id);
    requestListenerRun(ctx, el, job);
    return false;
  }
  (token.listenersDone ??= []).push(event);
  return true;
}

export function requestListenerRun(ctx: StepContext, el: ElementSpec, job: JobState): void {
  const l = chain(el, job.listener!.event)[job.listener!.index]!;
  if (l.kind === 'script') {
    ctx.effects.push({ type: 'runScript', jobId: job.id, elementId: el.id, format: l.format ?? '', script: l.source, capture: [], wantResult: false });
    return;
  }
  ctx.effects.push({
    type: 'callService',
    jobId: job.id,
    elementId: el.id,
    serviceType: l.serviceName ?? l.source,
    attempt: job.attempt + 1,
    headers: { event: l.event },
    listener: { event: l.event, external: l.format === 'job' },
  });
}

export function listenersDone(token: TokenState, event: ListenerEvent): boolean {
  return token.listenersDone?.includes(event) === true;
}
