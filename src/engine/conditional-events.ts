import type { ConditionalDefinition, ElementSpec } from '../spec/types.js';
import { scopeChain, type VariableEvent } from './scope-variables.js';
import type { StepContext } from './step-context.js';
import type { SubscriptionState, TokenState } from './state.js';

/**
 * When Camunda 7 evaluates a conditional event: once when its subscription opens (the "default
 * evaluation"), then on every variable write that reaches it and passes its `camunda:variableName` /
 * `camunda:variableEvents` filter. A write reaches the subscriptions of the scope it was made in and of
 * every scope below (Camunda dispatches it down the execution tree); an activity's local write reaches
 * that activity's own listeners. A condition that holds fires each time it is evaluated, so a
 * non-interrupting event fires again on every write that leaves its condition true.
 */
export function conditionalDefinitionOf(el: ElementSpec): ConditionalDefinition | undefined {
  const def = ('eventDefinitions' in el ? el.eventDefinitions : []).find((d) => d.type === 'conditional');
  return def?.type === 'conditional' ? def : undefined;
}

/** Does this subscription have to evaluate its condition now? */
export function dueForEvaluation(ctx: StepContext, sub: SubscriptionState, def: ConditionalDefinition, events: readonly VariableEvent[]): boolean {
  if (sub.satisfied === undefined) return true; // just opened
  if (events.length === 0) return false;
  let home: string[] | undefined;
  for (const ev of events) {
    if (def.variableNames && def.variableNames.length > 0 && !def.variableNames.includes(ev.name)) continue;
    if (def.variableEvents && def.variableEvents.length > 0 && !def.variableEvents.includes(ev.kind)) continue;
    if (ev.tokenId !== undefined) {
      if (sub.tokenId === ev.tokenId) return true;
      continue;
    }
    if (ev.scopeId === undefined) return true;
    home ??= homeScopes(ctx, sub);
    if (home.includes(ev.scopeId)) return true;
  }
  return false;
}

/** The scope ids a subscription listens in, innermost first (a subprocess's boundary listens inside it too). */
function homeScopes(ctx: StepContext, sub: SubscriptionState): string[] {
  const s = ctx.state;
  const token = sub.tokenId !== undefined ? s.tokens.find((t) => t.id === sub.tokenId) : undefined;
  const ids: string[] = [];
  if (token) {
    const owned = s.scopes.find((x) => x.ownerTokenId === token.id);
    if (owned) ids.push(owned.id);
  }
  const from = token ? token.scopeId : sub.scopeId;
  for (const scope of scopeChain(s, from)) ids.push(scope.id);
  return ids;
}

/** Evaluate a subscription's condition where it listens; a variable it reads that does not exist yet means false. */
export function conditionHolds(ctx: StepContext, sub: SubscriptionState, def: ConditionalDefinition): boolean {
  const owner = sub.tokenId !== undefined ? ctx.state.tokens.find((t) => t.id === sub.tokenId) : undefined;
  const at: TokenState = owner ?? { id: '', elementId: '', phase: 'waiting', ...(sub.scopeId !== undefined ? { scopeId: sub.scopeId } : {}) };
  try {
    return def.condition.evaluate(ctx.view(at)) === true;
  } catch {
    return false;
  }
}

const withConditionals = new WeakMap<object, boolean>();

/** Whether a process has conditional events at all (only then are variable writes tracked). */
export function hasConditionalEvents(spec: { readonly elements: Readonly<Record<string, ElementSpec>> }): boolean {
  let known = withConditionals.get(spec);
  if (known === undefined) {
    known = Object.values(spec.elements).some((el) => conditionalDefinitionOf(el) !== undefined);
    withConditionals.set(spec, known);
  }
  return known;
}
