import { NotFoundError } from '../errors/index.js';
import type { BoundaryEventSpec, ElementSpec, EventDefinition, StartEventSpec } from '../spec/types.js';
import { cancelToken } from './cancel.js';
import { conditionHolds, conditionalDefinitionOf, dueForEvaluation } from './conditional-events.js';
import { armDefinition, priorityScope } from './event-listeners.js';
import { priorityExpression, priorityOf, setPriority } from './job-priority.js';
import { propagate, takeVariableEvents, viewOf } from './scope-variables.js';
import type { StepContext } from './step-context.js';
import type { SubscriptionState, TimerState, TokenState, Variables } from './state.js';
import { planCycle } from './timer-schedule.js';
import { fireTaskTimeout } from './task-listeners.js';

type Listener = TimerState | SubscriptionState;

/** A timer fell due: re-arm a cycle where the listener survives firing, then trigger it. */
export function fireTimer(ctx: StepContext, timerId: string): void {
  const s = ctx.state;
  const timer = s.timers.find((t) => t.id === timerId);
  if (!timer) throw new NotFoundError(`timer ${timerId} not found (already fired or cancelled)`, { instanceId: s.instanceId });
  if (timer.signal) {
    s.timers.splice(s.timers.indexOf(timer), 1);
    dropSignalSubscription(ctx, timer);
    ctx.record('signal.received', timer.elementId, { name: timer.signal.name });
    trigger(ctx, timer, timer.signal.variables);
    return;
  }
  ctx.record('timer.fired', timer.elementId, { timerId });
  ctx.effects.push({ type: 'timerFired', timerId, elementId: timer.elementId });
  if (timer.taskListener !== undefined) return fireTaskTimeout(ctx, timer);
  const repeats = timer.cycle !== undefined && timer.repeat !== 0 && survivesFiring(ctx.element(timer.elementId));
  if (repeats) {
    const next = planCycle(timer.cycle!, new Date(timer.dueAt), ctx.proc.spec.flavour, timer.repeat! < 0 ? -1 : timer.repeat);
    timer.dueAt = next.dueAt;
    if (next.repeat !== undefined) timer.repeat = next.repeat;
    ctx.effects.push({ type: 'timerCreated', timerId, elementId: timer.elementId, dueAt: timer.dueAt });
  } else s.timers.splice(s.timers.indexOf(timer), 1);
  trigger(ctx, timer, undefined);
}

export function deliverMessage(ctx: StepContext, subscriptionId: string, variables: Variables | undefined): void {
  const s = ctx.state;
  const sub = s.subscriptions.find((x) => x.id === subscriptionId);
  if (!sub) throw new NotFoundError(`message subscription ${subscriptionId} not found`, { instanceId: s.instanceId });
  if (!survivesFiring(ctx.element(sub.elementId))) s.subscriptions.splice(s.subscriptions.indexOf(sub), 1);
  ctx.record('message.correlated', sub.elementId, { name: sub.name });
  ctx.effects.push({ type: 'messageCorrelated', name: sub.name, elementId: sub.elementId });
  trigger(ctx, sub, variables);
}

/**
 * Every signal subscription of this instance with that name fires. An asynchronous signal (thrown with
 * `camunda:async`) only leaves a delivery per subscription that the job loop carries out.
 */
export function deliverSignal(ctx: StepContext, name: string, variables: Variables | undefined, async = false): void {
  const hits = ctx.state.subscriptions.filter((x) => x.kind === 'signal' && x.name === name);
  if (async) {
    for (const sub of hits) {
      const delivery: TimerState = { id: ctx.newId('tm'), elementId: sub.elementId, dueAt: ctx.now, signal: { name, ...(variables ? { variables } : {}) } };
      if (sub.tokenId !== undefined) delivery.tokenId = sub.tokenId;
      if (sub.scopeId !== undefined) delivery.scopeId = sub.scopeId;
      // The receiving event's priority, not the thrower's (JobPrioritizationBpmnConstantValueTest#testAsyncSignalThrowingEventActivityPriority).
      const receiver = ctx.element(sub.elementId);
      if (priorityExpression(ctx, receiver)) setPriority(delivery, priorityOf(ctx, receiver, priorityScope(ctx, sub, viewOf(ctx.state, sub.scopeId, undefined))));
      ctx.state.timers.push(delivery);
      ctx.effects.push({ type: 'timerCreated', timerId: delivery.id, elementId: sub.elementId, dueAt: delivery.dueAt });
    }
    return;
  }
  for (const sub of hits) {
    if (!ctx.state.subscriptions.includes(sub)) continue; // removed by an earlier interrupting hit
    if (!survivesFiring(ctx.element(sub.elementId))) ctx.state.subscriptions.splice(ctx.state.subscriptions.indexOf(sub), 1);
    ctx.record('signal.received', sub.elementId, { name });
    trigger(ctx, sub, variables);
  }
}

/** The signal subscription an asynchronous delivery was made for goes, unless its listener survives firing. */
function dropSignalSubscription(ctx: StepContext, delivery: TimerState): void {
  if (survivesFiring(ctx.element(delivery.elementId))) return;
  ctx.state.subscriptions = ctx.state.subscriptions.filter(
    (x) => !(x.kind === 'signal' && x.elementId === delivery.elementId && x.tokenId === delivery.tokenId && x.scopeId === delivery.scopeId),
  );
}

/** Non-interrupting boundaries and event-subprocess starts keep listening after they fire. */
function survivesFiring(el: ElementSpec): boolean {
  return (el.kind === 'boundaryEvent' && !el.cancelActivity) || (el.kind === 'startEvent' && !el.isInterrupting);
}

function trigger(ctx: StepContext, l: Listener, payload: Variables | undefined): void {
  const el = ctx.element(l.elementId);
  if (el.kind === 'boundaryEvent') {
    const host = ctx.state.tokens.find((t) => t.id === l.tokenId);
    if (host) fireBoundary(ctx, host, el, payload);
    return;
  }
  if (el.kind === 'startEvent') {
    startEventSubProcess(ctx, el, l.scopeId, payload);
    return;
  }
  const token = ctx.state.tokens.find((t) => t.id === l.tokenId);
  if (!token) return;
  if (token.elementId !== el.id) {
    // The token waits at an event-based gateway: the first event wins, the others are dropped.
    const gateway = ctx.element(token.elementId);
    ctx.clearAttachments(token);
    ctx.completed(gateway.id);
    delete token.listenersDone;
    token.elementId = el.id;
    token.viaFlowId = el.incoming.find((f) => ctx.flow(f).sourceId === gateway.id) ?? el.incoming[0]!;
    ctx.entered(el.id);
  }
  ctx.clearAttachments(token);
  delete token.waitingFor;
  if (payload) ctx.setResult(token, el, payload);
  ctx.complete(token, el);
}

/** A boundary event fires: an interrupting one cancels its host first; the new token leaves the boundary. */
export function fireBoundary(ctx: StepContext, host: TokenState, el: BoundaryEventSpec, payload: Variables | undefined): void {
  // The boundary's token exists before the host goes, so the enclosing scope never looks finished.
  ctx.addToken(el.id, undefined, host.scopeId);
  if (el.cancelActivity) cancelToken(ctx, host);
  if (payload) propagate(ctx.state, host.scopeId, payload);
}

/**
 * An event subprocess starts in scope `scopeId`. Interrupting: everything else in that scope is
 * cancelled (its owner token is created first, so the scope never looks empty meanwhile). The owner
 * enters the event subprocess like any activity (inputs, start listeners, asyncBefore), and the
 * subprocess opens its scope at its one start event.
 */
export function startEventSubProcess(ctx: StepContext, start: StartEventSpec, scopeId: string | undefined, payload: Variables | undefined): void {
  const s = ctx.state;
  const owner = ctx.addToken(start.scopeId, undefined, scopeId);
  if (start.isInterrupting) {
    for (const t of s.tokens.filter((x) => x !== owner && x.scopeId === scopeId)) cancelToken(ctx, t);
    const listensHere = (x: Listener): boolean => x.tokenId === undefined && x.scopeId === scopeId;
    s.timers = s.timers.filter((x) => !listensHere(x));
    s.subscriptions = s.subscriptions.filter((x) => !listensHere(x));
  }
  if (payload) propagate(s, scopeId, payload);
}

/**
 * Conditional events that are due (just opened, or reached by a variable write since the last check;
 * see conditional-events.ts) evaluate their condition; those that hold fire. Returns true if any did.
 */
export function settleConditionals(ctx: StepContext): boolean {
  const events = takeVariableEvents(ctx.state);
  const due: SubscriptionState[] = [];
  for (const sub of ctx.state.subscriptions) {
    if (sub.kind !== 'conditional') continue;
    const def = conditionalDefinitionOf(ctx.element(sub.elementId));
    if (!def || !dueForEvaluation(ctx, sub, def, events)) continue;
    sub.satisfied = conditionHolds(ctx, sub, def);
    if (sub.satisfied) due.push(sub);
  }
  let fired = false;
  for (const sub of due) {
    // An interrupting event that fired before may have removed this one with its scope.
    if (!ctx.state.subscriptions.includes(sub)) continue;
    const el = ctx.element(sub.elementId);
    if (!survivesFiring(el)) ctx.state.subscriptions.splice(ctx.state.subscriptions.indexOf(sub), 1);
    ctx.record('condition.satisfied', el.id);
    trigger(ctx, sub, undefined);
    fired = true;
  }
  return fired;
}

/** Arm a catch element's listeners for a token that waits at it. */
export function armCatch(ctx: StepContext, token: TokenState, el: ElementSpec, defs: readonly EventDefinition[]): void {
  const view = ctx.view(token);
  for (const d of defs) armDefinition(ctx, el, d, { tokenId: token.id }, view);
}
