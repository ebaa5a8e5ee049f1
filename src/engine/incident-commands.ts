import { NotFoundError } from '../errors/index.js';
import type { CallActivitySpec, ScriptTaskSpec } from '../spec/types.js';
import { requestVariableMapping } from './behaviours/call-activity.js';
import { requestScriptRun } from './behaviours/script-task.js';
import { requestServiceCall, serviceOf } from './behaviours/service-task.js';
import { requestIoScriptRun } from './io-mapping.js';
import { reenterForRetry } from './job-commands.js';
import { requestListenerRun } from './listeners.js';
import type { StepContext } from './step-context.js';
import type { Command } from './types.js';

/** Resolve an incident and resume exactly where it stopped the token. */
export function retryIncident(ctx: StepContext, cmd: Extract<Command, { type: 'retryIncident' }>): void {
  const state = ctx.state;
  const inc = state.incidents.find((i) => i.id === cmd.incidentId);
  if (!inc) throw new NotFoundError(`incident ${cmd.incidentId} not found`, { instanceId: state.instanceId });
  const token = state.tokens.find((t) => t.id === inc.tokenId);
  state.incidents.splice(state.incidents.indexOf(inc), 1);
  ctx.effects.push({ type: 'incidentResolved', incidentId: inc.id, elementId: inc.elementId });
  ctx.record('incident.resolved', inc.elementId, { incidentId: inc.id });
  const listenerJob = inc.jobId !== undefined ? state.jobs.find((j) => j.id === inc.jobId && j.kind === 'listener') : undefined;
  if (listenerJob && (listenerJob.detached || !token)) {
    // A listener that holds no token (a cancelled activity's, the process's end listeners): call it again.
    listenerJob.attempt = 0;
    listenerJob.retries = cmd.retries ?? 1;
    requestListenerRun(ctx, listenerJob);
    return;
  }
  if (!token) return;
  const el = ctx.element(inc.elementId);
  switch (inc.resume) {
    case 'enter':
      delete token.waitingFor;
      ctx.reenter(token);
      return;
    case 'complete':
      ctx.complete(token, el);
      return;
    case 'job': {
      const job = state.jobs.find((j) => j.id === inc.jobId);
      if (!job) return;
      const policy = ctx.env.retryPolicyFor(job.type);
      job.attempt = 0;
      job.firstAttemptAt = ctx.now;
      job.retries = cmd.retries ?? (job.kind !== 'service' ? 1 : (serviceOf(el)?.retry?.maxAttempts ?? policy.maxAttempts));
      delete job.dueAt;
      if (job.kind === 'listener') requestListenerRun(ctx, job);
      else if (job.kind === 'mapping') requestVariableMapping(ctx, token, el as CallActivitySpec, job);
      else if (job.io) requestIoScriptRun(ctx, el, job);
      else if (job.kind === 'script') requestScriptRun(ctx, token, el as ScriptTaskSpec, job);
      else {
        reenterForRetry(ctx, token, el);
        requestServiceCall(ctx, token, el, job);
      }
      return;
    }
  }
}
