import type { ElementSpec, ServiceSpec, ServiceTaskSpec } from '../../spec/types.js';
import { priorityOf, setPriority } from '../job-priority.js';
import type { StepContext } from '../step-context.js';
import type { JobState, TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Service, send and business rule tasks become a job; the runtime calls a registered handler or
 * leaves the job for external workers. Retries are decided in `job-failure.ts` when a call fails.
 */
export const enterServiceTask: EnterBehaviour<ServiceTaskSpec> = (ctx, token, el) => {
  runService(ctx, token, el, el.service);
};

/** Do an element's service work: evaluate a `camunda:expression` in place, else wait for a service job. */
export function runService(ctx: StepContext, token: TokenState, el: ElementSpec, service: ServiceSpec): void {
  if (service.expression) {
    // camunda:expression: the value is the task's work (and goes to camunda:resultVariable).
    const value = ctx.evaluate(service.expression, token, el.id);
    if (service.resultVariable !== undefined) ctx.setResult(token, el, { [service.resultVariable]: value === undefined ? null : value });
    ctx.complete(token, el);
    return;
  }
  startServiceJob(ctx, token, el, service);
}

/**
 * What an element calls: a service-like task's service, or the delegate of a Camunda 7 message throw
 * or end event (`<messageEventDefinition camunda:class=…>` behaves like a service task there).
 */
export function serviceOf(el: ElementSpec): ServiceSpec | undefined {
  if ('service' in el) return el.service;
  if (el.kind !== 'endEvent' && el.kind !== 'intermediateThrowEvent') return undefined;
  for (const d of el.eventDefinitions) if (d.type === 'message' && d.service) return d.service;
  return undefined;
}

/** The token waits for a service job; the runtime calls the handler or leaves it to external workers. */
export function startServiceJob(ctx: StepContext, token: TokenState, el: ElementSpec, service: ServiceSpec): void {
  const type = service.typeExpression ? String(ctx.evaluate(service.typeExpression, token, el.id)) : service.type;
  const job: JobState = {
    id: ctx.newId('j'),
    kind: 'service',
    elementId: el.id,
    tokenId: token.id,
    type,
    attempt: 0,
    firstAttemptAt: ctx.now,
    // Workers see how many attempts are left from the first fetch on, as Zeebe and Camunda 7 report.
    retries: service.retry?.maxAttempts ?? ctx.env.retryPolicyFor(type).maxAttempts,
  };
  // An external task is ordered by camunda:taskPriority (what workers fetch by), other service jobs by jobPriority.
  const priority = priorityOf(ctx, el, { token }, service.external ? 'taskPriority' : 'jobPriority');
  setPriority(job, priority);
  ctx.state.jobs.push(job);
  ctx.wait(token, job.id);
  ctx.effects.push({ type: 'jobCreated', jobId: job.id, elementId: el.id, priority });
  requestServiceCall(ctx, token, el, job);
}

export function requestServiceCall(ctx: StepContext, token: TokenState, el: ElementSpec, job: JobState): void {
  const service = serviceOf(el)!;
  const effect: Extract<(typeof ctx.effects)[number], { type: 'callService' }> = {
    type: 'callService',
    jobId: job.id,
    elementId: el.id,
    serviceType: job.type ?? service.type,
    attempt: job.attempt + 1,
  };
  if (service.headers) effect.headers = service.fieldExpressions ? evaluatedHeaders(ctx, token, el, service) : service.headers;
  if ('decisionRef' in el && el.decisionRef !== undefined) {
    effect.decision = {
      ref: el.decisionRef,
      ...(service.resultVariable !== undefined ? { resultVariable: service.resultVariable } : {}),
      ...(el.decisionResultMapping !== undefined ? { mapping: el.decisionResultMapping } : {}),
    };
  }
  ctx.effects.push(effect);
}

/** Headers with the expression fields evaluated now, in the token's scope (text for a handler). */
function evaluatedHeaders(ctx: StepContext, token: TokenState, el: ElementSpec, service: ServiceSpec): Record<string, string> {
  const out: Record<string, string> = { ...service.headers };
  for (const [name, expr] of Object.entries(service.fieldExpressions!)) {
    const v = ctx.evaluate(expr, token, el.id);
    out[name] = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  }
  return out;
}
