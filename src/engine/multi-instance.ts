import { ExpressionError } from '../errors/index.js';
import type { ElementSpec, MultiInstanceSpec, StandardLoopSpec } from '../spec/types.js';
import { retainCompensable } from './compensation-records.js';
import { propagate } from './scope-variables.js';
import type { StepContext } from './step-context.js';
import type { ScopeState, TokenState, Variables } from './state.js';

/**
 * Multi-instance and standard loops run as a body: the token that entered waits at the activity
 * owning a body scope (nrOfInstances & co. live there), and each inner instance is a token with
 * `loopInstance` set in a scope of its own (loopCounter, the element variable). Inner instances
 * come back through `innerCompleted` instead of leaving along the outgoing flows.
 */
export function startLoopBody(ctx: StepContext, owner: TokenState, el: ElementSpec): void {
  const loop = el.loop!;
  ctx.state.nextId += 1;
  const body: ScopeState = { id: `s${ctx.state.nextId}`, elementId: el.id, ownerTokenId: owner.id, variables: {}, loop: { total: -1, next: 0 } };
  if (owner.scopeId !== undefined) body.parentScopeId = owner.scopeId;
  ctx.wait(owner, body.id);
  if (loop.type === 'standardLoop') {
    ctx.state.scopes.push(body);
    if (loop.testBefore && !loopContinues(ctx, owner, el, loop, body)) return finishBody(ctx, owner, el, body);
    spawn(ctx, body, el, undefined);
    return;
  }
  const items = loop.inputCollection ? collectionOf(ctx.evaluate(loop.inputCollection, owner, el.id), el) : undefined;
  const total = items ? items.length : cardinalityOf(ctx.evaluate(loop.loopCardinality!, owner, el.id), el);
  body.loop = { total, next: 0, ...(items ? { items } : {}), ...(loop.outputCollection !== undefined ? { outputs: new Array(total).fill(null) } : {}) };
  body.variables = { nrOfInstances: total, nrOfActiveInstances: 0, nrOfCompletedInstances: 0 };
  // Camunda 8 spells them out; both names are kept in step.
  if (ctx.proc.spec.flavour === 'camunda8') Object.assign(body.variables, { numberOfInstances: total, numberOfActiveInstances: 0, numberOfCompletedInstances: 0 });
  ctx.state.scopes.push(body);
  if (total === 0) return finishBody(ctx, owner, el, body);
  const first = loop.isSequential ? 1 : total;
  for (let i = 0; i < first; i++) spawn(ctx, body, el, loop);
}

function spawn(ctx: StepContext, body: ScopeState, el: ElementSpec, mi: MultiInstanceSpec | undefined): void {
  const index = body.loop!.next++;
  ctx.state.nextId += 1;
  // Camunda 7 counts loopCounter from 0, Camunda 8 from 1.
  const vars: Variables = { loopCounter: ctx.proc.spec.flavour === 'camunda8' ? index + 1 : index };
  if (mi?.inputElement !== undefined && body.loop!.items) vars[mi.inputElement] = body.loop!.items[index] ?? null;
  const inner: ScopeState = { id: `s${ctx.state.nextId}`, elementId: el.id, parentScopeId: body.id, ownerTokenId: body.ownerTokenId, variables: vars };
  ctx.state.scopes.push(inner);
  if (mi) bump(ctx, body, 'ActiveInstances', 1);
  const token = ctx.addToken(el.id, undefined, inner.id);
  token.loopInstance = index;
}

/** An inner instance finished its activity. Decide: next instance, or the body is done. */
export function innerCompleted(ctx: StepContext, inner: TokenState, el: ElementSpec): void {
  const s = ctx.state;
  const innerScope = s.scopes.find((x) => x.id === inner.scopeId)!;
  const body = s.scopes.find((x) => x.id === innerScope.parentScopeId)!;
  const owner = s.tokens.find((t) => t.id === body.ownerTokenId)!;
  const loop = el.loop!;
  if (loop.type === 'multiInstance') {
    if (loop.outputElement && body.loop!.outputs) {
      body.loop!.outputs[inner.loopInstance!] = ctx.evaluate(loop.outputElement, inner, el.id);
    }
    bump(ctx, body, 'ActiveInstances', -1);
    bump(ctx, body, 'CompletedInstances', 1);
  }
  const done =
    loop.type === 'multiInstance'
      ? (loop.completionCondition !== undefined && ctx.evaluateCondition(loop.completionCondition, inner, el.id)) ||
        (body.variables['nrOfCompletedInstances'] as number) >= body.loop!.total
      : !loopContinues(ctx, inner, el, loop, body);
  removeInner(ctx, inner, innerScope);
  if (done) return finishBody(ctx, owner, el, body);
  if (loop.type === 'standardLoop' || loop.isSequential) spawn(ctx, body, el, loop.type === 'multiInstance' ? loop : undefined);
}

function bump(ctx: StepContext, body: ScopeState, what: 'ActiveInstances' | 'CompletedInstances', by: number): void {
  body.variables[`nrOf${what}`] = (body.variables[`nrOf${what}`] as number) + by;
  if (ctx.proc.spec.flavour === 'camunda8') body.variables[`numberOf${what}`] = (body.variables[`numberOf${what}`] as number) + by;
}

function loopContinues(ctx: StepContext, token: TokenState, el: ElementSpec, loop: StandardLoopSpec, body: ScopeState): boolean {
  if (loop.loopMaximum !== undefined && body.loop!.next >= loop.loopMaximum) return false;
  return loop.loopCondition !== undefined && ctx.evaluateCondition(loop.loopCondition, token, el.id);
}

function removeInner(ctx: StepContext, inner: TokenState, scope: ScopeState): void {
  const s = ctx.state;
  s.scopes.splice(s.scopes.indexOf(scope), 1);
  s.tokens.splice(s.tokens.indexOf(inner), 1);
  ctx.clearAttachments(inner);
}

/** Cancel what still runs (a completion condition ended it early), publish outputs, move on. */
function finishBody(ctx: StepContext, owner: TokenState, el: ElementSpec, body: ScopeState): void {
  const s = ctx.state;
  retainCompensable(ctx, body, owner);
  ctx.cancelScopeOf?.(body.id);
  const loop = el.loop!;
  if (loop.type === 'multiInstance' && loop.outputCollection !== undefined) {
    propagate(s, owner.scopeId, { [loop.outputCollection]: body.loop!.outputs ?? [] });
  }
  delete owner.waitingFor;
  // The body's own asyncAfter (camunda:asyncAfter on the activity) waits here, after all instances.
  ctx.continueAfter(owner, el);
}

function collectionOf(v: unknown, el: ElementSpec): unknown[] {
  if (Array.isArray(v)) return v;
  throw new ExpressionError(`the multi-instance collection of ${el.id} is not a list (got ${v === null ? 'null' : typeof v})`, { elementId: el.id });
}

function cardinalityOf(v: unknown, el: ElementSpec): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 0) return n;
  throw new ExpressionError(`loopCardinality of ${el.id} must be a whole number ≥ 0 (got ${String(v)})`, { elementId: el.id });
}
