import type { VariableView } from '../spec/types.js';
import type { InstanceState, ScopeState, TokenState, Variables } from './state.js';

/**
 * Variable scoping as both Camundas do it: an activity sees its locals, then each enclosing
 * subprocess scope, then the process; writing a name goes to the nearest scope that already holds it,
 * else to the process scope.
 */
export function scopeChain(state: InstanceState, scopeId: string | undefined): ScopeState[] {
  const chain: ScopeState[] = [];
  let id = scopeId;
  while (id !== undefined) {
    const scope = state.scopes.find((s) => s.id === id);
    if (!scope) break;
    chain.push(scope);
    id = scope.parentScopeId;
  }
  return chain;
}

export function viewOf(state: InstanceState, scopeId: string | undefined, locals: Variables | undefined): VariableView {
  if (scopeId === undefined && locals === undefined) return state.variables;
  const chain = scopeChain(state, scopeId);
  const view: Variables = { ...state.variables };
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(view, chain[i]!.variables);
  if (locals) Object.assign(view, locals);
  return view;
}

/** Write `vars` from scope `scopeId` upwards (not into activity locals). */
export function propagate(state: InstanceState, scopeId: string | undefined, vars: Variables): void {
  const chain = scopeId === undefined ? [] : scopeChain(state, scopeId);
  const events = pendingEvents.get(state);
  for (const key of Object.keys(vars)) {
    const holder = chain.find((s) => Object.hasOwn(s.variables, key));
    const target = holder ? holder.variables : state.variables;
    events?.push({ name: key, kind: Object.hasOwn(target, key) ? 'update' : 'create', ...(holder ? { scopeId: holder.id } : {}) });
    target[key] = vars[key];
  }
}

export function setOnToken(state: InstanceState, token: TokenState, vars: Variables): void {
  if (!token.locals) {
    propagate(state, token.scopeId, vars);
    return;
  }
  const rest: Variables = {};
  const events = pendingEvents.get(state);
  for (const key of Object.keys(vars)) {
    if (Object.hasOwn(token.locals, key)) {
      token.locals[key] = vars[key];
      events?.push({ name: key, kind: 'update', tokenId: token.id });
    } else rest[key] = vars[key];
  }
  propagate(state, token.scopeId, rest);
}

/**
 * A variable write, as Camunda 7's conditional events see it: created or updated, in the process scope
 * (no ids), in a subprocess scope, or among an activity's locals.
 */
export interface VariableEvent {
  name: string;
  kind: 'create' | 'update' | 'delete';
  scopeId?: string;
  tokenId?: string;
}

/**
 * The writes of the step running on a state, kept aside while it runs (only for processes with conditional
 * events): they decide which conditions to evaluate again. Per-step bookkeeping, never part of the snapshot.
 */
const pendingEvents = new WeakMap<InstanceState, VariableEvent[]>();

export function trackVariableEvents(state: InstanceState): void {
  pendingEvents.set(state, []);
}

export function untrackVariableEvents(state: InstanceState): void {
  pendingEvents.delete(state);
}

export function hasVariableEvents(state: InstanceState): boolean {
  return (pendingEvents.get(state)?.length ?? 0) > 0;
}

/** The writes since the last call (and forget them). */
export function takeVariableEvents(state: InstanceState): VariableEvent[] {
  const list = pendingEvents.get(state);
  if (!list || list.length === 0) return [];
  pendingEvents.set(state, []);
  return list;
}
