import type { ServiceTaskSpec } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { JobState, TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Service, send and business rule tasks become a job; the runtime calls a registered handler or
 * leaves the job for external workers. Retries are decided in `job-failure.ts` when a call fails.
 */
export const enterServiceTask: EnterBehaviour<ServiceTaskSpec> = (ctx, token, el) => {
  if (el.service.expression) {
    // camunda:expression: the value is the task's work (and goes to camunda:resultVariable).
    const value = ctx.evaluate(el.service.expression, token, el.id);
    if (el.service.resultVariable !== undefined) ctx.setResult(token, el, { [el.service.resultVariable]: value === undefined ? null : value });
    ctx.complete(token, el);
    return;
  }
  const job: JobState = {
    id: ctx.newId('j'),
    kind: 'service',
    elementId: el.id,
    tokenId: token.id,
    type: el.service.type,
    attempt: 0,
    firstAttemptAt: ctx.now,
    // Workers see how many attempts are left from the first fetch on, as Zeebe and Camunda 7 report.
    retries: el.service.retry?.maxAttempts ?? ctx.env.retryPolicyFor(el.service.type).maxAttempts,
  };
  ctx.state.jobs.push(job);
  ctx.wait(token, job.id);
  ctx.effects.push({ type: 'jobCreated', jobId: job.id, elementId: el.id });
  requestServiceCall(ctx, token, el, job);
};

export function requestServiceCall(ctx: StepContext, _token: TokenState, el: ServiceTaskSpec, job: JobState): void {
  const effect: Extract<(typeof ctx.effects)[number], { type: 'callService' }> = {
    type: 'callService',
    jobId: job.id,
    elementId: el.id,
    serviceType: el.service.type,
    attempt: job.attempt + 1,
  };
  if (el.service.headers) effect.headers = el.service.headers;
  if (el.decisionRef !== undefined) {
    effect.decision = {
      ref: el.decisionRef,
      ...(el.service.resultVariable !== undefined ? { resultVariable: el.service.resultVariable } : {}),
      ...(el.decisionResultMapping !== undefined ? { mapping: el.decisionResultMapping } : {}),
    };
  }
  ctx.effects.push(effect);
}
