import { decisionOutput, mapDecisionResult } from '../dmn/index.js';
import type { DecisionResult } from '../dmn/types.js';
import { BpmnError, BpmnRunnerError } from '../errors/index.js';
import { step } from '../engine/step.js';
import { viewOf } from '../engine/scope-variables.js';
import type { HistoryEvent, InstanceState, Variables } from '../engine/state.js';
import type { Command, Effect, PreparedProcess, RetryPolicy } from '../engine/types.js';
import { toJsonVariables } from '../engine/variable-values.js';
import type { ScriptSandbox } from './script-sandbox.js';
import type { ServiceContext, ServiceHandler, VariableMapping } from './types.js';
import { listenerTask, withTaskChanges, type ListenerTask } from './listener-task.js';
import { runVariableMapping, type MappingEffect } from './variable-mapping-call.js';

export interface RunnerDeps {
  now(): string;
  handlerFor(type: string): ServiceHandler | undefined;
  variableMappingFor(name: string): VariableMapping | undefined;
  retryPolicyFor(type: string | undefined): RetryPolicy;
  evaluateDecision(key: string, variables: Variables): DecisionResult;
  flavourOf(state: InstanceState): string;
  elementEvents(): boolean;
  sandbox(): Promise<ScriptSandbox | undefined>;
  scriptLimits: { timeoutMs: number; memoryLimitMb: number };
}

export interface RunOutcome {
  effects: Effect[];
  history: HistoryEvent[];
}

type CallEffect = Extract<Effect, { type: 'callService' }>;

/** Far above real flows (the 10,000-round service loop makes 10,000 calls), far below "hangs". */
const MAX_CALLS_PER_COMMAND = 250_000;
type ScriptEffect = Extract<Effect, { type: 'runScript' }>;

/**
 * Applies a command and then everything it sets off inside the process: service handlers (sync ones
 * without a Promise hop), scripts, immediate retries — until the instance rests. The first command's
 * typed errors reach the caller; later ones cannot be invalid by construction.
 */
export async function runCommand(
  deps: RunnerDeps,
  proc: PreparedProcess,
  state: InstanceState,
  command: Command,
  signal: () => AbortSignal,
  aborted: () => boolean = () => false,
): Promise<RunOutcome> {
  const effects: Effect[] = [];
  const history: HistoryEvent[] = [];
  // Work in order: commands to step, handler calls and scripts the steps asked for.
  const work: (Command | CallEffect | ScriptEffect | MappingEffect)[] = [command];
  const inflight: Promise<Command>[] = [];
  // One reading of the clock per synchronous stretch: time only moves across an await.
  const env = { now: deps.now(), retryPolicyFor: deps.retryPolicyFor, elementEvents: deps.elementEvents() };
  let awaited = false;
  let calls = 0;
  while (work.length > 0 || inflight.length > 0) {
    if (work.length === 0) {
      // Async handlers of parallel branches ran concurrently; their results apply in call order.
      const results = await Promise.all(inflight.splice(0));
      awaited = true;
      // Terminated while handlers ran: their outcomes (often "aborted") must not be retried or become
      // incidents; the terminate that is waiting will cancel what is left.
      if (aborted()) break;
      work.push(...results);
      continue;
    }
    const item = work.shift()!;
    if (awaited) {
      env.now = deps.now();
      awaited = false;
    }
    // Queued calls run one after the other, as Camunda 7 executes parallel instances in one transaction:
    // when an earlier call's error interrupted the scope, the later calls' jobs are gone and never run,
    // and a result of a concurrent call whose job went meanwhile has nothing left to apply to.
    if (item !== command && 'jobId' in item && !jobExists(state, item.jobId)) continue;
    if (item.type === 'callService') {
      if (++calls > MAX_CALLS_PER_COMMAND) {
        // A loop of service tasks that never waits: stop it with an incident rather than spin forever.
        work.unshift({ type: 'failJob', jobId: item.jobId, message: `more than ${MAX_CALLS_PER_COMMAND} service calls in one command without reaching a wait state; is this a loop without an exit?`, retries: 0 });
        continue;
      }
      const result = callOne(deps, proc, state, item, signal);
      // Camunda 7 runs parallel branches one after the other in its transaction, so each call sees
      // the writes of the ones before it; Camunda 8 (and plain BPMN) jobs run concurrently and see
      // the variables as they were when the batch was created.
      if (!(result instanceof Promise)) work.unshift(result);
      else if (proc.spec.flavour === 'camunda7') {
        awaited = true;
        const settled = await result;
        if (aborted()) break;
        work.unshift(settled);
      } else inflight.push(result);
      continue;
    }
    if (item.type === 'mapVariables') {
      // Only Camunda 7 call activities map through user code, and Camunda 7 calls run one after the other.
      const answer = runVariableMapping(deps.variableMappingFor(item.mapping), state, item, signal);
      if (answer instanceof Promise) {
        awaited = true;
        const settled = await answer;
        if (aborted()) break;
        work.unshift(settled);
      } else work.unshift(answer);
      continue;
    }
    if (item.type === 'runScript') {
      awaited = true;
      work.unshift(await runScript(deps, item, state));
      continue;
    }
    const r = step(proc, state, item, env);
    for (const h of r.history) history.push(h);
    let at = 0;
    for (const e of r.effects) {
      effects.push(e);
      if ((e.type === 'callService' && (e.decision || deps.handlerFor(e.serviceType))) || e.type === 'runScript' || e.type === 'mapVariables') work.splice(at++, 0, e);
      else if (e.type === 'callService' && e.listener && !e.listener.external) {
        // A Camunda 7 listener names Java code: without a handler registered under that name it cannot run.
        work.splice(at++, 0, { type: 'failJob', jobId: e.jobId, message: `no handler registered for the ${e.listener.event} listener "${e.serviceType}"`, retries: 0 });
      }
    }
    if (state.status !== 'RUNNING') {
      // The instance ended (terminated): the listeners of what that cancelled are still called, once;
      // nothing they return can land on an ended instance.
      for (const w of work) if (w.type === 'callService' && w.listener?.detached && deps.handlerFor(w.serviceType)) await callAndForget(deps, proc, state, w, signal);
      break;
    }
  }
  return { effects, history };
}

function jobExists(state: InstanceState, jobId: string): boolean {
  return state.jobs.some((j) => j.id === jobId);
}

/** What a handler or script at `jobId` sees now: its token's scopes and locals, as a copy. */
function variablesAt(state: InstanceState, jobId: string): Variables {
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

function callOne(deps: RunnerDeps, proc: PreparedProcess, state: InstanceState, c: CallEffect, signal: () => AbortSignal): Command | Promise<Command> {
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

async function callAndForget(deps: RunnerDeps, proc: PreparedProcess, state: InstanceState, c: CallEffect, signal: () => AbortSignal): Promise<void> {
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

async function runScript(deps: RunnerDeps, s: ScriptEffect, state: InstanceState): Promise<Command> {
  const sandbox = await deps.sandbox();
  if (!sandbox) return { type: 'failScript', jobId: s.jobId, message: 'scripts are disabled in this engine (scripts.enabled = false)' };
  // After a crashed WASM module the sandbox swaps in a spare; wait for it rather than fail the run.
  await sandbox.whenReady();
  const out = sandbox.run({
    source: s.script,
    variables: variablesAt(state, s.jobId),
    timeoutMs: deps.scriptLimits.timeoutMs,
    memoryLimitMb: deps.scriptLimits.memoryLimitMb,
    capture: s.capture,
    wantResult: s.wantResult,
    execution: {
      processInstanceId: state.instanceId,
      activityId: s.elementId,
      processDefinitionId: `${state.process.key}:${state.process.version}`,
      ...(s.elementName !== undefined ? { activityName: s.elementName } : {}),
      ...(state.businessKey !== undefined ? { businessKey: state.businessKey } : {}),
    },
  });
  if (!out.ok) {
    const where = out.line !== undefined ? ` (script line ${out.line})` : '';
    return { type: 'failScript', jobId: s.jobId, message: `${out.message}${where}` };
  }
  const vars = toJsonVariables(out.setVariables);
  const locals = toJsonVariables(out.setVariablesLocal);
  const result = toJsonVariables({ result: out.result });
  if (!vars.ok || !locals.ok || !result.ok) {
    return { type: 'failScript', jobId: s.jobId, message: 'script produced values that cannot be stored as JSON' };
  }
  const cmd: Command = { type: 'completeScript', jobId: s.jobId, result: result.value.result, setVariables: vars.value };
  if (Object.keys(locals.value).length > 0) cmd.setVariablesLocal = locals.value;
  return cmd;
}
