import type { ElementSpec } from '../spec/types.js';
import { compensationEventSubProcessOf, discardCompensable, hasWork, takeCompensable } from './compensation-records.js';
import { openScope } from './scopes.js';
import type { StepContext } from './step-context.js';
import type { CompensableState, ScopeState, TokenState } from './state.js';

export { recordCompensable, retainCompensable, discardCompensable } from './compensation-records.js';

/**
 * Compensation (BPMN 2.0 §10.7) as both Camundas run it: a compensation throw starts the handlers of
 * everything compensable in its scope at once, latest completion first, inside a "run" scope, while the
 * throwing token waits; when the last handler is done the throw moves on. A completed subprocess is
 * compensated inside a scope restored from its snapshot: by its compensation event subprocess if it has
 * one, else by compensating what completed inside it. A transaction's cancel end event does the same and
 * then takes the transaction's cancel boundary.
 */

/**
 * Run compensation for `token`'s scope (optionally only `activityRef`). Returns false when there is
 * nothing to compensate, so the caller just moves on.
 */
export function startCompensation(ctx: StepContext, token: TokenState, el: ElementSpec, activityRef: string | undefined, then: 'continue' | 'cancelTransaction'): boolean {
  const records = takeCompensable(ctx, token.scopeId, activityRef);
  if (records.length === 0) return false;
  ctx.record('compensation.started', el.id, { activities: records.map((c) => c.activityId).reverse() });
  const run = openRun(ctx, el.id, token.id, token.scopeId, then);
  ctx.wait(token, run.id);
  startAll(ctx, run, records);
  return true;
}

function openRun(ctx: StepContext, elementId: string, ownerTokenId: string, parentScopeId: string | undefined, then: 'continue' | 'cancelTransaction' | 'nested'): ScopeState {
  ctx.state.nextId += 1;
  const scope: ScopeState = { id: `s${ctx.state.nextId}`, elementId, ownerTokenId, variables: {}, compensation: { then } };
  if (parentScopeId !== undefined) scope.parentScopeId = parentScopeId;
  ctx.state.scopes.push(scope);
  return scope;
}

/** Camunda orders the handlers by completion and starts the latest first. */
function startAll(ctx: StepContext, run: ScopeState, records: readonly CompensableState[]): void {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!;
    if (hasWork(r)) start(ctx, run, r);
  }
}

function start(ctx: StepContext, run: ScopeState, r: CompensableState): void {
  if (!r.snapshot) {
    ctx.addToken(r.handlerId!, undefined, run.id);
    return;
  }
  // The completed scope comes back with its variables, under the run (its handlers see them).
  const restored = openRun(ctx, r.activityId, run.ownerTokenId, run.id, 'nested');
  restored.variables = r.snapshot.variables;
  const esp = r.handlerId !== undefined ? compensationEventSubProcessOf(ctx, r.activityId) : undefined;
  if (!esp) {
    startAll(ctx, restored, r.snapshot.records);
    return;
  }
  // The compensation event subprocess decides what to compensate: its throws find the inner records here.
  const s = ctx.state;
  for (const c of r.snapshot.records) (s.compensable ??= []).push({ ...c, scopeId: restored.id });
  s.nextId += 1;
  const owner: TokenState = { id: `t${s.nextId}`, elementId: esp.espId, scopeId: restored.id, phase: 'waiting' };
  s.tokens.push(owner);
  ctx.entered(esp.espId);
  openScope(ctx, owner, esp.espId, [esp.startId]);
}

/**
 * A compensation run has no token left: when nothing nested still runs in it either, it is done. Returns
 * true when it handled the scope (the caller must not complete it as a subprocess).
 */
export function continueCompensation(ctx: StepContext, scope: ScopeState, fireCancel: (owner: TokenState) => void): boolean {
  const comp = scope.compensation;
  if (!comp) return false;
  const s = ctx.state;
  // Snapshots written before handlers ran together still list the ones to run one after the other.
  const next = comp.pending?.shift();
  if (next !== undefined) {
    ctx.addToken(next, undefined, scope.id);
    return true;
  }
  if (s.tokens.some((t) => t.scopeId === scope.id) || s.scopes.some((x) => x.parentScopeId === scope.id)) return true;
  s.scopes.splice(s.scopes.indexOf(scope), 1);
  discardCompensable(s, scope.id);
  if (comp.then === 'nested') {
    const parent = s.scopes.find((x) => x.id === scope.parentScopeId);
    if (parent) continueCompensation(ctx, parent, fireCancel);
    return true;
  }
  const owner = s.tokens.find((t) => t.id === scope.ownerTokenId);
  if (!owner) return true;
  ctx.record('compensation.completed', owner.elementId);
  delete owner.waitingFor;
  if (comp.then === 'cancelTransaction') fireCancel(owner);
  else if (ctx.element(owner.elementId).kind === 'endEvent') ctx.takeFlows(owner, ctx.element(owner.elementId), []);
  else ctx.complete(owner, ctx.element(owner.elementId));
  return true;
}
