import { ExpressionError, InvalidStateError } from '../../errors/index.js';
import type { CallActivitySpec, CallMapping, VariableView } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { CallMappingJob, ChildStart, JobState, TokenState, Variables } from '../state.js';
import type { Command } from '../types.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Call activity: the token waits while a child instance runs. The child's id is derived from the
 * parent's (deterministic, so a replayed step asks for the same child); the runtime creates it once
 * the parent is stored and reports back with `childEnded`.
 */
export const enterCallActivity: EnterBehaviour<CallActivitySpec> = (ctx, token, el) => {
  if (!el.calledElement) throw new ExpressionError(`call activity ${el.id} names no process`, { elementId: el.id });
  const key = ctx.evaluate(el.calledElement, token, el.id);
  if (typeof key !== 'string' || key === '') {
    throw new ExpressionError(`call activity ${el.id}: called element evaluated to ${String(key)}`, { elementId: el.id });
  }
  const view = ctx.view(token);
  const { variables, businessKey } = inputsOf(ctx, token, el, view);
  const version = el.versionExpression ? String(ctx.evaluate(el.versionExpression, token, el.id)) : el.version;
  const start: ChildStart = {
    processKey: key,
    binding: el.binding ?? 'latest',
    ...(version !== undefined ? { version } : {}),
    variables,
    ...(businessKey !== undefined ? { businessKey } : {}),
  };
  // Camunda 7 hands what camunda:in produced to the DelegateVariableMapping before the child starts.
  if (el.variableMapping) return awaitMapping(ctx, token, el, { phase: 'input', start });
  startChild(ctx, token, el, start);
};

function startChild(ctx: StepContext, token: TokenState, el: CallActivitySpec, start: ChildStart): void {
  const childInstanceId = ctx.newId('c');
  ctx.wait(token, childInstanceId);
  ctx.effects.push({ type: 'startChild', childInstanceId, elementId: el.id, ...start });
  ctx.record('callActivity.started', el.id, { childInstanceId, processKey: start.processKey });
}

function inputsOf(ctx: StepContext, token: TokenState, el: CallActivitySpec, view: VariableView): { variables: Variables; businessKey?: string } {
  if (ctx.proc.spec.flavour !== 'camunda7') {
    // Camunda 8: all parent variables unless switched off; input mappings (locals) always.
    return { variables: el.propagateAllParentVariables === false ? { ...token.locals } : { ...view } };
  }
  let businessKey: string | undefined;
  const variables = applyMappings(ctx, el, el.inMappings ?? [], view, (m) => {
    if (m.businessKey) businessKey = String(ctx.evaluate(m.businessKey, token, el.id));
  });
  return businessKey !== undefined ? { variables, businessKey } : { variables };
}

/** Camunda 7 `camunda:in` / `camunda:out`: all variables, a named source, or an expression. */
function applyMappings(ctx: StepContext, el: CallActivitySpec, mappings: readonly CallMapping[], from: VariableView, other?: (m: CallMapping) => void): Variables {
  const out: Variables = {};
  for (const m of mappings) {
    if (m.all) Object.assign(out, from);
    else if (m.source !== undefined) out[m.target ?? m.source] = Object.hasOwn(from, m.source) ? from[m.source] : null;
    else if (m.sourceExpression && m.target !== undefined) {
      try {
        out[m.target] = m.sourceExpression.evaluate(from);
      } catch (e) {
        throw new ExpressionError(e instanceof Error ? e.message : String(e), { elementId: el.id, ...ctx.locationOf(el.id) });
      }
    } else other?.(m);
  }
  return out;
}

/** The child ended: map its variables out and move on, or raise its error here. */
export function childEnded(ctx: StepContext, cmd: Extract<Command, { type: 'childEnded' }>, raise: (t: TokenState, code: string, message?: string) => void): void {
  const token = ctx.state.tokens.find((t) => t.waitingFor === cmd.childInstanceId);
  if (!token) throw new InvalidStateError(`no call activity waits for instance ${cmd.childInstanceId}`, { instanceId: ctx.state.instanceId });
  const el = ctx.element(token.elementId) as CallActivitySpec;
  delete token.waitingFor;
  dropEscalationMapping(ctx, token);
  ctx.record('callActivity.ended', el.id, { childInstanceId: cmd.childInstanceId, status: cmd.status });
  const childVariables = cmd.variables ?? {};
  if (cmd.status === 'FAILED' && cmd.failure) {
    // Camunda 7 passes the outputs on before the error leaves the called instance (OutputVariablesPropagator).
    if (cmd.variables && ctx.proc.spec.flavour === 'camunda7') ctx.setResult(token, el, outputsOf(ctx, el, cmd.variables));
    const { code, message } = cmd.failure;
    if (el.variableMapping) {
      const error = message !== undefined ? { code, message } : { code };
      return awaitMapping(ctx, token, el, { phase: 'output', childInstanceId: cmd.childInstanceId, childVariables, then: { error } });
    }
    raise(token, code, message);
    return;
  }
  if (cmd.status !== 'COMPLETED') {
    ctx.incident(token, el, 'unhandled', cmd.reason ?? `called instance ${cmd.childInstanceId} ended as ${cmd.status}`, 'enter');
    return;
  }
  ctx.setResult(token, el, outputsOf(ctx, el, childVariables));
  if (el.variableMapping) return awaitMapping(ctx, token, el, { phase: 'output', childInstanceId: cmd.childInstanceId, childVariables });
  ctx.complete(token, el);
}

/**
 * An escalation left the called instance uncaught. Camunda 7 maps the outputs at that moment, whether
 * or not anything here catches it, then the escalation goes on from the call activity.
 */
export function childEscalated(ctx: StepContext, cmd: Extract<Command, { type: 'childEscalated' }>, raise: (t: TokenState, code: string) => void): void {
  const token = ctx.state.tokens.find((t) => t.waitingFor === cmd.childInstanceId);
  if (!token) throw new InvalidStateError(`no call activity waits for instance ${cmd.childInstanceId}`, { instanceId: ctx.state.instanceId });
  const el = ctx.element(token.elementId) as CallActivitySpec;
  if (cmd.variables && ctx.proc.spec.flavour === 'camunda7') ctx.setResult(token, el, outputsOf(ctx, el, cmd.variables));
  if (el.variableMapping) {
    const mapping: CallMappingJob = { phase: 'output', childInstanceId: cmd.childInstanceId, childVariables: cmd.variables ?? {}, then: { escalation: cmd.code } };
    return awaitMapping(ctx, token, el, mapping);
  }
  raise(token, cmd.code);
}

// ---- delegated variable mapping (camunda:variableMappingClass / variableMappingDelegateExpression) ------

/** How the job's follow-up raises from the call activity (bpmn-error.ts, handed in to keep imports one-way). */
export type RaiseFromCall = (token: TokenState, kind: 'error' | 'escalation', code: string, message?: string) => void;

const escalating = (m: CallMappingJob | undefined): m is Extract<CallMappingJob, { phase: 'output' }> & { then: { escalation: string } } =>
  m?.phase === 'output' && m.then !== undefined && 'escalation' in m.then;

/**
 * The call activity waits for a `mapping` job: the runtime calls the registered mapping (user code, so
 * never here) and answers with completeJob / failJob / throwBpmnError on that job.
 */
function awaitMapping(ctx: StepContext, token: TokenState, el: CallActivitySpec, mapping: CallMappingJob): void {
  const job: JobState = { id: ctx.newId('j'), kind: 'mapping', elementId: el.id, tokenId: token.id, type: el.variableMapping!.name, attempt: 0, mapping };
  ctx.state.jobs.push(job);
  // After an escalation the child runs on: the token still waits for it, the job is found by its token.
  if (!escalating(mapping)) ctx.wait(token, job.id);
  requestVariableMapping(ctx, token, el, job);
}

/** Ask the runtime to run the mapping, with the variables as the call activity sees them now. */
export function requestVariableMapping(ctx: StepContext, token: TokenState, el: CallActivitySpec, job: JobState): void {
  const m = job.mapping!;
  ctx.effects.push({
    type: 'mapVariables',
    jobId: job.id,
    elementId: el.id,
    mapping: job.type ?? el.variableMapping!.name,
    phase: m.phase,
    variables: { ...ctx.view(token) },
    ...(m.phase === 'input'
      ? { subVariables: { ...m.start.variables }, processKey: m.start.processKey }
      : { subVariables: { ...m.childVariables }, subInstanceId: m.childInstanceId }),
  });
}

/** The mapping answered: its variables go on top of the child's inputs, or into this instance as outputs. */
export function variableMappingDone(ctx: StepContext, job: JobState, token: TokenState, vars: Variables | undefined, raise: RaiseFromCall): void {
  const el = ctx.element(job.elementId) as CallActivitySpec;
  const m = job.mapping!;
  if (m.phase === 'input') {
    startChild(ctx, token, el, vars ? { ...m.start, variables: { ...m.start.variables, ...vars } } : m.start);
    return;
  }
  if (vars && Object.keys(vars).length > 0) ctx.setResult(token, el, vars);
  if (escalating(m)) {
    ctx.wait(token, m.childInstanceId);
    raise(token, 'escalation', m.then.escalation);
    return;
  }
  delete token.waitingFor;
  if (m.then && 'error' in m.then) raise(token, 'error', m.then.error.code, m.then.error.message);
  else ctx.complete(token, el);
}

/**
 * The mapping failed, was missing, or threw a BPMN error: Camunda 7 lets the exception out of the API
 * call (no boundary catches it) and rolls back; here it is an incident, and retrying it runs the mapping again.
 */
export function variableMappingFailed(ctx: StepContext, job: JobState, token: TokenState, message: string): void {
  job.attempt += 1;
  job.lastError = message;
  ctx.incident(token, ctx.element(job.elementId), 'failedJob', message, 'job', job.id);
  // The incident points the token at the job; after an escalation it must keep waiting for its child.
  if (escalating(job.mapping)) token.waitingFor = job.mapping.childInstanceId;
}

/** The child ended while the mapping of its escalation had failed: that mapping (and its incident) is moot now. */
function dropEscalationMapping(ctx: StepContext, token: TokenState): void {
  const s = ctx.state;
  const job = s.jobs.find((j) => j.kind === 'mapping' && j.tokenId === token.id);
  if (!job) return;
  s.jobs.splice(s.jobs.indexOf(job), 1);
  const inc = s.incidents.find((i) => i.jobId === job.id);
  if (!inc) return;
  s.incidents.splice(s.incidents.indexOf(inc), 1);
  ctx.effects.push({ type: 'incidentResolved', incidentId: inc.id, elementId: inc.elementId });
}

function outputsOf(ctx: StepContext, el: CallActivitySpec, childVars: Variables): Variables {
  if (ctx.proc.spec.flavour !== 'camunda7') return el.propagateAllChildVariables === false ? {} : childVars;
  return applyMappings(ctx, el, el.outMappings ?? [], childVars);
}
