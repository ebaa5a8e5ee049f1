import { FormValidationError, InvalidStateError, NotFoundError } from '../errors/index.js';
import type { BoundaryEventSpec, ElementSpec } from '../spec/types.js';
import { childEnded, childEscalated } from './behaviours/call-activity.js';
import { enterElement } from './behaviours/index.js';
import { throwBpmnError, throwEscalation } from './bpmn-error.js';
import { settleInclusiveJoins } from './behaviours/inclusive-gateway.js';
import { cancelToken } from './cancel.js';
import { validateForm } from './form-validation.js';
import {
  completeJob,
  completeScript,
  failJob,
  failScript,
  fireDueJob,
  lockJob,
  throwFromJob,
} from './job-commands.js';
import { retryIncident } from './incident-commands.js';
import { armEventSubProcesses } from './event-listeners.js';
import { deliverMessage, deliverSignal, fireBoundary, fireTimer, settleConditionals } from './event-triggers.js';
import { hasConditionalEvents } from './conditional-events.js';
import { hasVariableEvents, propagate, trackVariableEvents, untrackVariableEvents, viewOf } from './scope-variables.js';
import { cancelScope, completeScope } from './scopes.js';
import { mapOutputsOnTerminate } from './terminate-outputs.js';
import { StepContext } from './step-context.js';
import { runTokens } from './token-loop.js';
import { createAsyncJob } from './async-continuation.js';
import { finishUserTask } from './behaviours/user-task.js';
import { hasListeners, processEndListenersDone, runDetachedListeners, runListeners } from './listeners.js';
import { taskUpdated } from './task-listeners.js';
import { SCHEMA_VERSION, type DeferredEvent, type InstanceState, type InstanceStatus, type TokenState, type Variables } from './state.js';
import type { Command, PreparedProcess, StepEnv, StepResult } from './types.js';

/** A fresh, not yet started instance. */
export function createInstanceState(
  proc: PreparedProcess,
  init: { instanceId: string; now: string; businessKey?: string; parentInstanceId?: string },
): InstanceState {
  const s: InstanceState = {
    schemaVersion: SCHEMA_VERSION,
    instanceId: init.instanceId,
    process: { key: proc.key, version: proc.version, specHash: proc.specHash },
    status: 'RUNNING',
    tokens: [],
    scopes: [],
    variables: {},
    userTasks: [],
    jobs: [],
    timers: [],
    subscriptions: [],
    incidents: [],
    startedAt: init.now,
    nextId: 0,
    historySeq: 0,
    version: 0,
  };
  if (init.businessKey !== undefined) s.businessKey = init.businessKey;
  if (init.parentInstanceId !== undefined) s.parentInstanceId = init.parentInstanceId;
  return s;
}

/**
 * The engine: apply one command to an instance and run it until every token rests. Pure apart from
 * mutating `state`, which the caller owns (it persists a copy or discards the object on failure).
 * Typed errors for invalid commands are thrown before anything is changed.
 */
export function step(proc: PreparedProcess, state: InstanceState, command: Command, env: StepEnv): StepResult {
  const ctx = new StepContext(proc, state, env);
  ctx.onScopeEmpty = completeScope;
  ctx.cancelScopeOf = cancelScopeOf;
  ctx.fireBoundary = fireBoundaryOf;
  ctx.onScopeOpened = armScope;
  if (state.status === 'SUSPENDED' && isDeferrable(command)) {
    // Events for a suspended instance are kept, in order, and applied on resume (Dapr / durabletask semantics).
    (state.deferred ??= []).push(command);
    ctx.record('event.deferred', undefined, { type: command.type });
    return { effects: ctx.effects, history: ctx.history };
  }
  if (state.status !== 'RUNNING' && !(state.status === 'SUSPENDED' && (command.type === 'resume' || command.type === 'terminate' || command.type === 'setVariables'))) {
    throw new InvalidStateError(`instance ${state.instanceId} is ${state.status}; ${command.type} is not possible`, {
      instanceId: state.instanceId,
    });
  }
  // Conditional events react to variable writes: note them while this step runs.
  const tracking = hasConditionalEvents(proc.spec);
  if (tracking) trackVariableEvents(state);
  dispatch(ctx, command);
  if (command.type === 'resume' && state.deferred) {
    const deferred = state.deferred;
    delete state.deferred;
    for (const d of deferred) {
      try {
        dispatch(ctx, d);
      } catch (e) {
        // A deferred event whose target went away meanwhile (e.g. timer cancelled) is dropped.
        if (!(e instanceof NotFoundError)) throw e;
      }
    }
  }
  // Camunda hands variable writes to conditional events before the writer's token moves on (its
  // "delayed events"): a write that ends a subprocess still triggers that subprocess's event subprocess.
  if (tracking && hasVariableEvents(state)) settleConditionals(ctx);
  runTokens(ctx, enterElement, settleJoins);
  if (tracking) untrackVariableEvents(state);
  // Listeners still running for what was cancelled, then the process's own end listeners, come first.
  if (state.status === 'RUNNING' && state.tokens.length === 0 && !state.jobs.some((j) => j.detached) && processEndListenersDone(ctx)) {
    state.status = 'COMPLETED';
    ctx.record('instance.completed');
  }
  const status = state.status as InstanceStatus;
  if (status !== 'RUNNING' && status !== 'SUSPENDED' && state.endedAt === undefined) {
    state.endedAt = env.now;
    state.timers = [];
    state.subscriptions = [];
    // Listener calls that hold no token cannot complete on an ended instance (see runCommand).
    if (state.jobs.some((j) => j.detached)) state.jobs = state.jobs.filter((j) => !j.detached);
    delete state.deferred;
    if (status === 'FAILED') ctx.record('instance.failed', state.failure?.elementId, { ...state.failure });
    ctx.effects.push({ type: 'instanceEnded', status });
  }
  return { effects: ctx.effects, history: ctx.history };
}

// The context's hooks as plain functions rather than closures made per step (the context is `this`).
function cancelScopeOf(this: StepContext, scopeId: string): void {
  cancelScope(this, scopeId, cancelToken);
}
function fireBoundaryOf(this: StepContext, host: TokenState, boundary: BoundaryEventSpec): void {
  fireBoundary(this, host, boundary, undefined);
}
function armScope(ctx: StepContext, scope: { id: string; elementId: string }): void {
  armEventSubProcesses(ctx, scope.elementId, scope.id, viewOf(ctx.state, scope.id, undefined));
}
function settleJoins(ctx: StepContext): boolean {
  return settleInclusiveJoins(ctx) || settleConditionals(ctx);
}

function dispatch(ctx: StepContext, cmd: Command): void {
  const state = ctx.state;
  switch (cmd.type) {
    case 'start':
      return start(ctx, cmd);
    case 'completeUserTask':
      return completeUserTask(ctx, cmd);
    case 'claimUserTask': {
      const task = state.userTasks.find((t) => t.id === cmd.taskId);
      if (!task) throw new NotFoundError(`user task ${cmd.taskId} not found`, { instanceId: state.instanceId });
      const changed = task.assignee !== cmd.user;
      if (cmd.user === undefined) delete task.assignee;
      else task.assignee = cmd.user;
      ctx.record('userTask.claimed', task.elementId, { taskId: task.id, user: cmd.user ?? null });
      const holder = state.tokens.find((t) => t.id === task.tokenId);
      if (holder) taskUpdated(ctx, holder, ctx.element(task.elementId) as Extract<ElementSpec, { kind: 'userTask' }>, changed);
      return;
    }
    case 'completeJob':
      return completeJob(ctx, cmd);
    case 'completeScript':
      return completeScript(ctx, cmd);
    case 'failJob':
      return failJob(ctx, cmd);
    case 'failScript':
      return failScript(ctx, cmd);
    case 'throwBpmnError':
      return throwFromJob(ctx, cmd);
    case 'lockJob':
      return lockJob(ctx, cmd);
    case 'fireDueJob':
      return fireDueJob(ctx, cmd);
    case 'fireTimer':
      return fireTimer(ctx, cmd.timerId);
    case 'deliverMessage':
      return deliverMessage(ctx, cmd.subscriptionId, cmd.variables);
    case 'signal':
      return deliverSignal(ctx, cmd.name, cmd.variables, cmd.async === true);
    case 'childEnded':
      return childEnded(ctx, cmd, (t, code, message) => throwBpmnError(ctx, t, ctx.element(t.elementId), code, message, undefined));
    case 'childEscalated':
      return childEscalated(ctx, cmd, (t, code) => throwEscalation(ctx, t, ctx.element(t.elementId), code));
    case 'trigger': {
      // Camunda 7's runtimeService.signal: moves a token on from a receive task (dropping its message
      // subscription if it has one).
      // On a multi-instance receive task the body's token waits there too; the signal goes to an instance.
      const isLoopBody = (t: TokenState): boolean => state.scopes.some((x) => x.id === t.waitingFor && x.loop !== undefined);
      const token = state.tokens.find((t) => t.elementId === cmd.elementId && t.phase === 'waiting' && !isLoopBody(t));
      const el = token ? ctx.element(token.elementId) : undefined;
      if (!token || el?.kind !== 'receiveTask') {
        throw new InvalidStateError(`no token waits at receive task ${cmd.elementId}`, { instanceId: state.instanceId, elementId: cmd.elementId });
      }
      ctx.clearAttachments(token);
      if (cmd.variables) ctx.setResult(token, el, cmd.variables);
      ctx.complete(token, el);
      return;
    }
    case 'setVariables':
      propagate(state, undefined, cmd.variables);
      ctx.record('variables.set', undefined, { names: Object.keys(cmd.variables) });
      return;
    case 'retryIncident':
      return retryIncident(ctx, cmd);
    case 'suspend':
      state.status = 'SUSPENDED';
      ctx.record('instance.suspended');
      return;
    case 'resume':
      if (state.status !== 'SUSPENDED') throw new InvalidStateError(`instance ${state.instanceId} is not suspended`);
      state.status = 'RUNNING';
      ctx.record('instance.resumed');
      return;
    case 'terminate':
      mapOutputsOnTerminate(ctx);
      for (const t of [...state.tokens]) cancelToken(ctx, t, cmd.reason ?? 'deleted');
      // Camunda tells the process's end listeners too (isCanceled); handlers among them are called once
      // by the runtime after this step, their results cannot land on a terminated instance.
      if (hasListeners(ctx.proc.spec, 'end') && state.processEnd === undefined) {
        runDetachedListeners(ctx, ctx.proc.spec.id, 'end', 0, { view: state.variables, cancelled: true });
      }
      state.status = 'TERMINATED';
      ctx.record('instance.terminated', undefined, cmd.reason !== undefined ? { reason: cmd.reason } : undefined);
      return;
  }
}

function start(ctx: StepContext, cmd: Extract<Command, { type: 'start' }>): void {
  const startId = cmd.startEventId ?? ctx.proc.noneStartId ?? soleStartEvent(ctx);
  if (startId === undefined) {
    throw new InvalidStateError(`process ${ctx.proc.key} has no none start event to start from`);
  }
  const el = ctx.element(startId);
  if (cmd.variables) Object.assign(ctx.state.variables, cmd.variables);
  if (el.kind === 'startEvent' && el.initiator !== undefined && cmd.user !== undefined) {
    ctx.state.variables[el.initiator] = cmd.user;
  }
  ctx.record('instance.started', undefined, { processKey: ctx.proc.key, version: ctx.proc.version });
  armEventSubProcesses(ctx, ctx.proc.spec.id, undefined, ctx.state.variables);
  const token = ctx.addToken(startId);
  // The process's own start listeners run when its start event is entered (after an async continuation).
  if (hasListeners(ctx.proc.spec, 'start')) token.processStart = true;
  // Started by a signal thrown with camunda:async: the new instance waits for a job before its start event.
  if (cmd.async) {
    ctx.entered(startId);
    createAsyncJob(ctx, token, el, 'before');
  }
}

/** Camunda 7 starts a process whose only start event is, say, a message start event by its key too. */
function soleStartEvent(ctx: StepContext): string | undefined {
  const starts = ctx.proc.spec.childIds.filter((id) => ctx.proc.spec.elements[id]?.kind === 'startEvent');
  return starts.length === 1 ? starts[0] : undefined;
}

function isDeferrable(cmd: Command): cmd is DeferredEvent {
  return cmd.type === 'fireTimer' || cmd.type === 'deliverMessage' || cmd.type === 'signal' || cmd.type === 'childEnded';
}

/** A user task without a form takes any JSON values. */
const NO_FORM = Object.freeze({ fields: Object.freeze([]) as never[] });

function completeUserTask(ctx: StepContext, cmd: Extract<Command, { type: 'completeUserTask' }>): void {
  const state = ctx.state;
  const task = state.userTasks.find((t) => t.id === cmd.taskId);
  if (!task) throw new NotFoundError(`user task ${cmd.taskId} not found (already completed?)`, { instanceId: state.instanceId });
  const token = state.tokens.find((t) => t.id === task.tokenId);
  if (!token) throw new InvalidStateError(`user task ${task.id} has no active token`, { elementId: task.elementId });
  const el = ctx.element(task.elementId) as Extract<ElementSpec, { kind: 'userTask' }>;
  if (token.waitingFor !== task.id) {
    throw new InvalidStateError(`user task ${task.id} is being completed already (its complete listeners are running)`, { elementId: el.id });
  }
  const check = validateForm(el.form ?? NO_FORM, cmd.values, ctx.view(token));
  if (!check.ok) {
    throw new FormValidationError(check.errors, { elementId: el.id, instanceId: state.instanceId });
  }
  ctx.record('userTask.completed', el.id, { taskId: task.id, user: cmd.user ?? task.assignee ?? null });
  ctx.setResult(token, el, check.values as Variables);
  if (hasListeners(el, 'complete') && !runListeners(ctx, token, el, 'complete')) return;
  finishUserTask(ctx, token, el);
}


