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
  for (const key of Object.keys(vars)) {
    const holder = chain.find((s) => Object.hasOwn(s.variables, key));
    if (holder) holder.variables[key] = vars[key];
    else state.variables[key] = vars[key];
  }
}

export function setOnToken(state: InstanceState, token: TokenState, vars: Variables): void {
  if (!token.locals) {
    propagate(state, token.scopeId, vars);
    return;
  }
  const rest: Variables = {};
  for (const key of Object.keys(vars)) {
    if (Object.hasOwn(token.locals, key)) token.locals[key] = vars[key];
    else rest[key] = vars[key];
  }
  propagate(state, token.scopeId, rest);
}
