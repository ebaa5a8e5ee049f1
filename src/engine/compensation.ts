import type { ElementSpec } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { ScopeState, TokenState } from './state.js';

/**
 * Compensation (BPMN 2.0 §10.7): an activity with a compensation boundary leaves a record when it
 * completes; a compensation throw in a scope runs the handlers of that scope's records in reverse order
 * of completion, one after the other, while the throwing token waits. A transaction's cancel end event
 * does the same and then takes the transaction's cancel boundary.
 */
export function recordCompensable(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  for (const id of el.boundaryEventIds ?? []) {
    const b = ctx.element(id);
    if (b.kind !== 'boundaryEvent' || !b.compensationHandlerId) continue;
    if (!b.eventDefinitions.some((d) => d.type === 'compensate')) continue;
    const entry: { activityId: string; handlerId: string; scopeId?: string } = { activityId: el.id, handlerId: b.compensationHandlerId };
    const scopeId = flowScopeOf(ctx, token);
    if (scopeId !== undefined) entry.scopeId = scopeId;
    (ctx.state.compensable ??= []).push(entry);
  }
}

/** Inner instances of a loop record against the scope the loop runs in, not their own. */
function flowScopeOf(ctx: StepContext, token: TokenState): string | undefined {
  if (token.loopInstance === undefined) return token.scopeId;
  const inner = ctx.state.scopes.find((s) => s.id === token.scopeId);
  const body = inner ? ctx.state.scopes.find((s) => s.id === inner.parentScopeId) : undefined;
  return body?.parentScopeId;
}

/** A subprocess scope ended: what completed inside stays compensable from the enclosing scope. */
export function hoistCompensable(ctx: StepContext, scope: ScopeState): void {
  for (const c of ctx.state.compensable ?? []) if (c.scopeId === scope.id) {
    if (scope.parentScopeId !== undefined) c.scopeId = scope.parentScopeId;
    else delete c.scopeId;
  }
}

/**
 * Run compensation for `token`'s scope (optionally only `activityRef`). Returns false when there is
 * nothing to compensate, so the caller just moves on.
 */
export function startCompensation(ctx: StepContext, token: TokenState, el: ElementSpec, activityRef: string | undefined, then: 'continue' | 'cancelTransaction'): boolean {
  const s = ctx.state;
  const mine = (s.compensable ?? []).filter((c) => c.scopeId === token.scopeId && (activityRef === undefined || c.activityId === activityRef));
  if (mine.length === 0) return false;
  s.compensable = (s.compensable ?? []).filter((c) => !mine.includes(c));
  ctx.record('compensation.started', el.id, { activities: mine.map((c) => c.activityId).reverse() });
  const pending = mine.map((c) => c.handlerId).reverse();
  s.nextId += 1;
  const scope: ScopeState = { id: `s${s.nextId}`, elementId: el.id, ownerTokenId: token.id, variables: {}, compensation: { pending: pending.slice(1), then } };
  if (token.scopeId !== undefined) scope.parentScopeId = token.scopeId;
  s.scopes.push(scope);
  ctx.wait(token, scope.id);
  ctx.addToken(pending[0]!, undefined, scope.id);
  return true;
}

/**
 * The compensation scope ran empty: start the next handler, or finish. Returns true when it handled
 * the scope (the caller must not complete it as a subprocess).
 */
export function continueCompensation(ctx: StepContext, scope: ScopeState, fireCancel: (owner: TokenState) => void): boolean {
  const comp = scope.compensation;
  if (!comp) return false;
  const next = comp.pending.shift();
  if (next !== undefined) {
    ctx.addToken(next, undefined, scope.id);
    return true;
  }
  const s = ctx.state;
  s.scopes.splice(s.scopes.indexOf(scope), 1);
  const owner = s.tokens.find((t) => t.id === scope.ownerTokenId);
  if (!owner) return true;
  ctx.record('compensation.completed', owner.elementId);
  delete owner.waitingFor;
  if (comp.then === 'cancelTransaction') fireCancel(owner);
  else if (ctx.element(owner.elementId).kind === 'endEvent') ctx.takeFlows(owner, ctx.element(owner.elementId), []);
  else ctx.complete(owner, ctx.element(owner.elementId));
  return true;
}
