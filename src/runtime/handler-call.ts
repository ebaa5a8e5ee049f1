import { decisionOutput, mapDecisionResult } from '../dmn/index.js';
import type { DecisionResult } from '../dmn/types.js';
import { BpmnError, BpmnRunnerError } from '../errors/index.js';
import { viewOf } from '../engine/scope-variables.js';
import type { InstanceState, Variables } from '../engine/state.js';
import type { Command, Effect, PreparedProcess } from '../engine/types.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { RunnerDeps } from './command-runner.js';
import type { ServiceContext } from './types.js';
import { listenerTask, withTaskChanges, type ListenerTask } from './listener-task.js';

export type CallEffect = Extract<Effect, { type: 'callService' }>;

/** What a handler or script at `jobId` sees now: its token's scopes and locals, as a copy. */
export function variablesAt(state: InstanceState, jobId: string): Variables {
  const job = state.jobs.find((j) => j.id === jobId);
  const token = job ? state.tokens.find((t) => t.id === job.tokenId) : undefined;
  // A listener of a cancelled activity (or of the ending process) sees the variables of that moment.
  if (!token && job?.view) return { ...job.view };
  return { ...viewOf(state, token?.scopeId, token?.locals) };
}

/** Elements without headers share this one (frozen: it is not the handler's to fill). */
const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What a service handler receives. A class rather than an object literal per call: every call builds
 * the same shape, and `signal` sits on the prototype, so the AbortController exists only for the few
 * handlers that read it.
 */
class HandlerContext implements ServiceContext {
  readonly instanceId: string;
  readonly elementId: string;
  readonly businessKey: string | undefined;
  readonly variables: Variables;
  readonly attempt: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly listener: ServiceContext['listener'];
  readonly task: ListenerTask | undefined;
  readonly #signal: () => AbortSignal;
  readonly #proc: PreparedProcess;

  constructor(proc: PreparedProcess, state: InstanceState, c: CallEffect, variables: Variables, signal: () => AbortSignal) {
    this.instanceId = state.instanceId;
    this.elementId = c.elementId;
    this.businessKey = state.businessKey;
    this.variables = variables;
    this.attempt = c.attempt;
    this.headers = c.headers ?? NO_HEADERS;
    this.listener = c.listener ? listenerInfo(c) : undefined;
    this.task = c.task ? listenerTask(c.task) : undefined;
    this.#signal = signal;
    this.#proc = proc;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }

  get elementName(): string | undefined {
    return this.elementId === this.#proc.spec.id ? this.#proc.spec.name : this.#proc.spec.elements[this.elementId]?.name;
  }
}

function listenerInfo(c: CallEffect): ServiceContext['listener'] {
  const info = { event: c.listener!.event, cancelled: c.listener!.cancelled === true };
  return c.task?.deleteReason !== undefined ? { ...info, deleteReason: c.task.deleteReason } : info;
}

export function callOne(deps: RunnerDeps, proc: PreparedProcess, state: InstanceState, c: CallEffect, signal: () => AbortSignal): Command | Promise<Command> {
  if (c.decision) return decide(deps, state, c, c.decision);
  const handler = deps.handlerFor(c.serviceType)!;
  const ctx = new HandlerContext(proc, state, c, variablesAt(state, c.jobId), signal);
  let result: unknown;
  try {
    result = handler(ctx);
  } catch (e) {
    return failure(c.jobId, e);
  }
  if (result instanceof Promise) {
    return result.then(
      (v: unknown) => withTaskChanges(success(c.jobId, v), c, ctx.task),
      (e: unknown) => failure(c.jobId, e),
    );
  }
  return withTaskChanges(success(c.jobId, result), c, ctx.task);
}

export async function callAndForget(deps: RunnerDeps, proc: PreparedProcess, state: InstanceState, c: CallEffect, signal: () => AbortSignal): Promise<void> {
  try {
    await callOne(deps, proc, state, c, signal);
  } catch {
    // A listener of an ended instance has nobody to report to.
  }
}

/**
 * A business rule task: the decision is evaluated here, like a built-in handler. A decision that
 * cannot be evaluated (missing, a UNIQUE table with two hits…) will not do better on a retry, so it
 * becomes an incident at once.
 */
function decide(deps: RunnerDeps, state: InstanceState, c: CallEffect, d: NonNullable<CallEffect['decision']>): Command {
  let r: DecisionResult;
  try {
    r = deps.evaluateDecision(d.ref, variablesAt(state, c.jobId));
  } catch (e) {
    if (!(e instanceof BpmnRunnerError)) throw e;
    return { type: 'failJob', jobId: c.jobId, message: `decision ${d.ref}: ${e.reason}`, retries: 0 };
  }
  const value = deps.flavourOf(state) === 'camunda8' ? decisionOutput(r) : mapDecisionResult(r, (d.mapping ?? 'resultList') as 'resultList');
  const vars = toJsonVariables(d.resultVariable !== undefined ? { [d.resultVariable]: value } : {});
  const record = { type: 'decision.evaluated', data: { decision: r.decisionKey, matchedRules: r.matchedRules, inputs: r.inputs } as Record<string, unknown> };
  if (!vars.ok) return { type: 'failJob', jobId: c.jobId, message: `decision ${d.ref} produced a value that cannot be stored`, retries: 0 };
  return { type: 'completeJob', jobId: c.jobId, variables: vars.value, record: JSON.parse(JSON.stringify(record)) as typeof record };
}

function success(jobId: string, value: unknown): Command {
  if (value === undefined || value === null) return { type: 'completeJob', jobId };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { type: 'failJob', jobId, message: 'service handler must return an object of output variables (or nothing)' };
  }
  const vars = toJsonVariables(value as Variables);
  if (!vars.ok) {
    const why = vars.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    return { type: 'failJob', jobId, message: `service handler returned variables that cannot be stored: ${why}` };
  }
  return { type: 'completeJob', jobId, variables: vars.value };
}

function failure(jobId: string, e: unknown): Command {
  if (isBpmnError(e)) {
    const cmd: Command = { type: 'throwBpmnError', jobId, code: e.code, message: e.message };
    if (e.variables) {
      const vars = toJsonVariables(e.variables);
      if (vars.ok) cmd.variables = vars.value;
    }
    return cmd;
  }
  return { type: 'failJob', jobId, message: e instanceof Error ? e.message : String(e) };
}

/** Duck-typed too: a handler may throw the BpmnError of another copy of this package. */
function isBpmnError(e: unknown): e is BpmnError {
  return e instanceof BpmnError || (e instanceof Error && e.name === 'BpmnError' && typeof (e as { code?: unknown }).code === 'string');
}
