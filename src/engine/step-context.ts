import { ExpressionError } from '../errors/index.js';
import type { BoundaryEventSpec, CompiledExpression, ElementSpec, FlowSpec, VariableView } from '../spec/types.js';
import type { IncidentState, InstanceState, TokenState, Variables } from './state.js';
import { holdAfter, waitsAfter } from './async-continuation.js';
import { recordCompensable } from './compensation.js';
import { hasListeners, listenersDone, runListeners } from './listeners.js';
import { innerCompleted } from './multi-instance.js';
import { asElementError, locationIn, messageOf, type ElementLocation } from './element-errors.js';
import { withExecution } from './execution-facade.js';
import { selectFlows } from './flow-selection.js';
import { applyOutputs } from './io-mapping.js';
import { setOnToken, viewOf } from './scope-variables.js';
import type { Effect, PreparedProcess, StepEnv, StepResult } from './types.js';

/**
 * The mutable working set of one step. Behaviours receive it and call its small vocabulary (leave,
 * wait, consume, incident, setResult); `runTokens()` in `token-loop.ts` moves tokens until every one rests.
 * Nothing here reads a clock or does I/O: time is `env.now`, ids come from the state's counter.
 */
export class StepContext {
  readonly effects: Effect[] = [];
  readonly history: StepResult['history'] = [];
  /** Tokens waiting to enter their element; public for the loop in `token-loop.ts`, pushed to only here. */
  readonly queue: TokenState[] = [];
  /** Tokens re-entering after an incident: the element was entered once already, history says so once. Made when first needed. */
  reentering: Set<TokenState> | undefined;

  constructor(
    readonly proc: PreparedProcess,
    readonly state: InstanceState,
    readonly env: StepEnv,
  ) {}

  get now(): string {
    return this.env.now;
  }

  /** Ids are `${instanceId}:${prefix}${n}` so that a task or job id alone finds its instance. */
  newId(prefix: string): string {
    this.state.nextId += 1;
    const id = `${this.state.instanceId}:${prefix}${this.state.nextId}`;
    // The template makes a rope; reading a character flattens it once here, instead of every map that
    // hashes it (the runtime index, the store) and the string keeping a rope node for life.
    id.charCodeAt(0);
    return id;
  }

  newTokenId(): string {
    this.state.nextId += 1;
    return `t${this.state.nextId}`;
  }

  element(id: string): ElementSpec {
    const el = this.proc.spec.elements[id];
    if (!el) throw new Error(`element ${id} is not in process ${this.proc.key}`);
    return el;
  }

  flow(id: string): FlowSpec {
    const f = this.proc.spec.flows[id];
    if (!f) throw new Error(`sequence flow ${id} is not in process ${this.proc.key}`);
    return f;
  }

  /** History (and, when someone listens, an event) for a token entering an element. */
  entered(elementId: string): void {
    if (this.env.elementEvents) this.effects.push({ type: 'elementEntered', elementId });
    this.record('element.entered', elementId);
  }

  completed(elementId: string): void {
    if (this.env.elementEvents) this.effects.push({ type: 'elementCompleted', elementId });
    this.record('element.completed', elementId);
  }

  record(type: string, elementId?: string, data?: Record<string, unknown>): void {
    // Every field in the literal, even when undefined (JSON and the stores leave those out): one object
    // shape for all events, so the functions that read them stay monomorphic.
    this.history.push({ seq: ++this.state.historySeq, at: this.env.now, type, elementId, data });
  }

  // ---- variables --------------------------------------------------------------------------------

  /** What expressions and handlers at this token see: the process scope overlaid by activity locals. */
  view(token: TokenState): VariableView {
    return viewOf(this.state, token.scopeId, token.locals);
  }

  evaluate(expr: CompiledExpression, token: TokenState, elementId: string): unknown {
    try {
      return expr.evaluate(expr.usesExecution ? withExecution(this, token, elementId) : this.view(token));
    } catch (e) {
      throw asElementError(e, elementId, this.proc.spec);
    }
  }

  /** A condition must be a boolean; JUEL strings "true"/"false" coerce the way JUEL does. */
  evaluateCondition(expr: CompiledExpression, token: TokenState, elementId: string): boolean {
    const v = this.evaluate(expr, token, elementId);
    if (typeof v === 'boolean') return v;
    if (expr.language === 'juel' && (v === 'true' || v === 'false')) return v === 'true';
    throw new ExpressionError(
      `condition ${expr.source} must be a boolean but evaluated to ${v === null ? 'null' : typeof v}`,
      { elementId, ...this.locationOf(elementId) },
    );
  }

  /**
   * Variables produced by an activity (form values, handler output, script variables). Without output
   * mappings they go to the process scope, except names the activity holds locally (its inputs), as
   * Camunda's setVariable does. With output mappings they stay local and only the outputs leave.
   */
  setResult(token: TokenState, el: ElementSpec, vars: Variables): void {
    const names = Object.keys(vars);
    // The audit log says which variables an activity wrote (names only: values live in the snapshot).
    if (names.length > 0) this.record('variables.changed', el.id, { names });
    const outputs = el.io?.outputs;
    if (outputs && outputs.length > 0) {
      token.locals = token.locals ? Object.assign(token.locals, vars) : { ...vars };
      return;
    }
    setOnToken(this.state, token, vars);
  }



  // ---- token movement ---------------------------------------------------------------------------

  enqueue(token: TokenState): void {
    token.phase = 'ready';
    this.queue.push(token);
  }

  reenter(token: TokenState): void {
    (this.reentering ??= new Set()).add(token);
    this.enqueue(token);
  }

  addToken(elementId: string, viaFlowId?: string, scopeId?: string): TokenState {
    const token: TokenState = { id: this.newTokenId(), elementId, phase: 'ready' };
    if (viaFlowId !== undefined) token.viaFlowId = viaFlowId;
    if (scopeId !== undefined) token.scopeId = scopeId;
    this.state.tokens.push(token);
    this.queue.push(token);
    return token;
  }

  /** A second token at an element that waits there at once (one per flow of an asyncAfter). */
  parkToken(elementId: string, scopeId?: string): TokenState {
    const token: TokenState = { id: this.newTokenId(), elementId, phase: 'waiting' };
    if (scopeId !== undefined) token.scopeId = scopeId;
    this.state.tokens.push(token);
    return token;
  }

  wait(token: TokenState, waitingFor?: string): void {
    token.phase = 'waiting';
    if (waitingFor !== undefined) token.waitingFor = waitingFor;
    else delete token.waitingFor;
  }

  /** The token ends here (end event, or an activity without outgoing flows). */
  consume(token: TokenState): void {
    const i = this.state.tokens.indexOf(token);
    if (i >= 0) this.state.tokens.splice(i, 1);
    this.clearAttachments(token);
    const sid = token.scopeId;
    if (sid !== undefined && !this.state.tokens.some((t) => t.scopeId === sid)) this.onScopeEmpty?.(this, sid);
  }

  /** Set by the engine: what to do when the last token of a subprocess scope is gone. */
  onScopeEmpty: ((ctx: StepContext, scopeId: string) => void) | undefined;
  /** Set by the engine: take a boundary event of the activity `host` waits at. */
  fireBoundary: ((this: StepContext, host: TokenState, boundary: BoundaryEventSpec) => void) | undefined;
  /** Set by the engine: cancel everything inside a scope (without completing it). */
  cancelScopeOf: ((this: StepContext, scopeId: string) => void) | undefined;
  /** Set by the engine: a scope (or the process) starts listening for its event subprocesses. */
  onScopeOpened: ((ctx: StepContext, scope: { id: string; elementId: string }) => void) | undefined;

  /** Timers and subscriptions that belong to the token's current element (catch or boundary). */
  clearAttachments(token: TokenState): void {
    const s = this.state;
    if (s.timers.length > 0) s.timers = s.timers.filter((t) => t.tokenId !== token.id);
    if (s.subscriptions.length > 0) s.subscriptions = s.subscriptions.filter((t) => t.tokenId !== token.id);
  }

  /**
   * Leave `el` along `flowIds`: the first flow reuses the token object (no allocation on the common
   * single-path case), every further flow forks a new token.
   */
  takeFlows(token: TokenState, el: ElementSpec, flowIds: readonly string[]): void {
    this.completed(el.id);
    if (flowIds.length === 0) {
      this.consume(token);
      return;
    }
    for (let i = 0; i < flowIds.length; i++) {
      const flow = this.flow(flowIds[i]!);
      if (i === 0) this.moveAlong(token, flow);
      else {
        const forked = this.addToken(flow.targetId, flow.id, token.scopeId);
        if (flow.listeners) runListeners(this, forked, flow, 'take');
      }
    }
  }

  /** The token leaves its element along `flow` (the element's completion is recorded already). */
  moveAlong(token: TokenState, flow: FlowSpec): void {
    this.clearAttachments(token);
    // `in` first: deleting a property the token does not have still costs a runtime call, every step.
    if ('listenersDone' in token) delete token.listenersDone;
    token.elementId = flow.targetId;
    token.viaFlowId = flow.id;
    if ('locals' in token) delete token.locals;
    if ('waitingFor' in token) delete token.waitingFor;
    if ('pastAsyncBefore' in token) delete token.pastAsyncBefore;
    this.enqueue(token);
    // Take listeners run as the token passes the flow (after the source's end listeners, before the target).
    if (flow.listeners) runListeners(this, token, flow, 'take');
  }



  /** Apply output mappings, then (unless asyncAfter holds it) take the outgoing flows. */
  complete(token: TokenState, el: ElementSpec): void {
    // Back after its end listeners ran as jobs: outputs were applied before them.
    if (!listenersDone(token, 'end')) {
      try {
        // false: an output script runs as a job first; its completion calls complete() again.
        if (!applyOutputs(this, token, el)) return;
      } catch (e) {
        this.incident(token, el, 'failedExpression', messageOf(e), 'complete');
        return;
      }
      if (el.boundaryEventIds) recordCompensable(this, token, el);
      if (hasListeners(el, 'end') && !runListeners(this, token, el, 'end')) return;
    }
    this.continueAfter(token, el);
  }

  /** The element is done: wait for its asyncAfter job(s), or take the outgoing flows now. */
  continueAfter(token: TokenState, el: ElementSpec): void {
    if (waitsAfter(el, token)) holdAfter(this, token, el);
    else this.leave(token, el);
  }

  /** Take the activity's outgoing flows (condition errors become an incident that resumes here). */
  leave(token: TokenState, el: ElementSpec): void {
    if (token.loopInstance !== undefined) {
      try {
        innerCompleted(this, token, el);
      } catch (e) {
        this.incident(token, el, 'failedExpression', messageOf(e), 'complete');
      }
      return;
    }
    let flows: string[];
    try {
      flows = selectFlows(this, token, el);
    } catch (e) {
      this.incident(token, el, 'failedExpression', messageOf(e), 'complete');
      return;
    }
    this.takeFlows(token, el, flows);
  }

  incident(
    token: TokenState,
    el: ElementSpec,
    type: IncidentState['type'],
    message: string,
    resume: IncidentState['resume'],
    jobId?: string,
  ): void {
    const id = this.newId('i');
    const inc: IncidentState = { id, elementId: el.id, tokenId: token.id, type, message, createdAt: this.now, resume };
    if (jobId !== undefined) inc.jobId = jobId;
    this.state.incidents.push(inc);
    this.wait(token, jobId ?? token.waitingFor);
    this.effects.push({ type: 'incidentCreated', incidentId: id, elementId: el.id, message });
    this.record('incident.created', el.id, { incidentId: id, message });
  }

  locationOf(elementId: string): ElementLocation {
    return locationIn(this.proc.spec, elementId);
  }
}
