import { continueCompensation, discardCompensable, retainCompensable } from './compensation.js';
import type { StepContext } from './step-context.js';
import type { ScopeState, TokenState } from './state.js';

/**
 * Open a scope for the subprocess `owner` waits at: the owner's input-mapped locals become the
 * scope's variables, and tokens start at the scope's start elements.
 */
export function openScope(ctx: StepContext, owner: TokenState, elementId: string, startIds?: readonly string[]): ScopeState {
  ctx.state.nextId += 1;
  const scope: ScopeState = { id: `s${ctx.state.nextId}`, elementId, ownerTokenId: owner.id, variables: owner.locals ?? {} };
  if (owner.scopeId !== undefined) scope.parentScopeId = owner.scopeId;
  delete owner.locals;
  ctx.state.scopes.push(scope);
  ctx.wait(owner, scope.id);
  ctx.onScopeOpened?.(ctx, scope);
  const starts = startIds ?? ctx.proc.scopes.get(elementId)?.startIds ?? [];
  for (const startId of starts) ctx.addToken(startId, undefined, scope.id);
  if (starts.length === 0) completeScope(ctx, scope.id);
  return scope;
}

/**
 * The last token inside a scope is gone: output mappings of the subprocess read the scope's
 * variables, then the scope is dropped and the owner moves on.
 */
export function completeScope(ctx: StepContext, scopeId: string): void {
  const s = ctx.state;
  const scope = s.scopes.find((x) => x.id === scopeId);
  if (!scope) return; // being cancelled
  if (continueCompensation(ctx, scope, (owner) => cancelTransaction(ctx, owner))) return;
  const owner = s.tokens.find((t) => t.id === scope.ownerTokenId);
  retainCompensable(ctx, scope, owner);
  // Outputs are evaluated while the scope still exists; `locals` lets them see its variables.
  if (owner) owner.locals = scope.variables;
  dropScope(ctx, scope);
  if (!owner) return;
  ctx.complete(owner, ctx.element(owner.elementId));
}

/** Cancel everything inside a scope (nested scopes too), without completing it. */
export function cancelScope(ctx: StepContext, scopeId: string, cancelToken: (ctx: StepContext, t: TokenState) => void): void {
  const s = ctx.state;
  const scope = s.scopes.find((x) => x.id === scopeId);
  if (!scope) return;
  dropScope(ctx, scope);
  // Inner scopes of a loop body are not owned by a token inside the body: reach them by parent.
  for (const child of s.scopes.filter((x) => x.parentScopeId === scopeId)) cancelScope(ctx, child.id, cancelToken);
  for (const t of s.tokens.filter((x) => x.scopeId === scopeId)) cancelToken(ctx, t);
}

function dropScope(ctx: StepContext, scope: ScopeState): void {
  const s = ctx.state;
  s.scopes.splice(s.scopes.indexOf(scope), 1);
  discardCompensable(s, scope.id);
  if (s.timers.length > 0) s.timers = s.timers.filter((t) => t.scopeId !== scope.id);
  if (s.subscriptions.length > 0) s.subscriptions = s.subscriptions.filter((t) => t.scopeId !== scope.id);
}

/**
 * After a transaction's compensation: its cancel boundary takes over (interrupting), or without one
 * the transaction simply ends there.
 */
export function cancelTransaction(ctx: StepContext, endToken: TokenState): void {
  const s = ctx.state;
  const txScope = s.scopes.find((x) => x.id === endToken.scopeId);
  let owner = txScope ? s.tokens.find((t) => t.id === txScope.ownerTokenId) : undefined;
  if (owner?.loopInstance !== undefined) {
    // A multi-instance transaction: the cancel boundary sits on the activity and cancels every instance.
    const body = s.scopes.find((x) => x.id === s.scopes.find((y) => y.id === owner!.scopeId)?.parentScopeId);
    owner = body ? s.tokens.find((t) => t.id === body.ownerTokenId) : undefined;
  }
  const tx = owner ? ctx.element(owner.elementId) : undefined;
  const boundary = tx?.boundaryEventIds?.map((id) => ctx.element(id)).find((b) => b.kind === 'boundaryEvent' && b.eventDefinitions.some((d) => d.type === 'cancel'));
  if (owner && boundary && boundary.kind === 'boundaryEvent') {
    ctx.fireBoundary?.(owner, boundary);
    return;
  }
  ctx.takeFlows(endToken, ctx.element(endToken.elementId), []);
}
