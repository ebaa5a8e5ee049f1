import type { ElementSpec } from '../spec/types.js';
import type { StepContext } from './step-context.js';
import type { CompensableState, InstanceState, ScopeState, TokenState, Variables } from './state.js';

/**
 * What stays compensable after an activity completes (BPMN 2.0 §10.7, Camunda 7's compensate event
 * subscriptions). An activity with a compensation handler leaves a record in the scope it completed in.
 * A subprocess that ends with records inside (or with a compensation event subprocess) leaves one record
 * holding a snapshot: its local variables and those inner records, so that compensating it later runs
 * the inner handlers, each with the variables its own instance had. A multi-instance body does the same
 * for its instances. Records of a scope that is cancelled go with it.
 */

/** The activity's compensation handler: its boundary's associated activity, else its compensation event subprocess. */
export function compensationHandlerOf(ctx: StepContext, el: ElementSpec): string | undefined {
  for (const id of el.boundaryEventIds ?? []) {
    const b = ctx.element(id);
    if (b.kind === 'boundaryEvent' && b.compensationHandlerId !== undefined && b.eventDefinitions.some((d) => d.type === 'compensate')) {
      return b.compensationHandlerId;
    }
  }
  return compensationEventSubProcessOf(ctx, el.id)?.espId;
}

/** The event subprocess of `scopeElementId` whose start event catches compensation, if it has one. */
export function compensationEventSubProcessOf(ctx: StepContext, scopeElementId: string): { espId: string; startId: string } | undefined {
  for (const espId of ctx.proc.scopes.get(scopeElementId)?.eventSubProcessIds ?? []) {
    const esp = ctx.element(espId);
    if (esp.kind !== 'subProcess') continue;
    for (const childId of esp.childIds) {
      const start = ctx.element(childId);
      if (start.kind === 'startEvent' && start.eventDefinitions.some((d) => d.type === 'compensate')) return { espId, startId: childId };
    }
  }
  return undefined;
}

/** `token` completed `el`: with a compensation handler, it becomes compensable in its flow scope. */
export function recordCompensable(ctx: StepContext, token: TokenState, el: ElementSpec): void {
  for (const id of el.boundaryEventIds ?? []) {
    const b = ctx.element(id);
    if (b.kind !== 'boundaryEvent' || b.compensationHandlerId === undefined) continue;
    if (!b.eventDefinitions.some((d) => d.type === 'compensate')) continue;
    push(ctx.state, { activityId: el.id, handlerId: b.compensationHandlerId }, flowScopeOf(ctx, token));
    return;
  }
}

/** Inner instances of a multi-instance activity record in its body, which is compensated as a whole. */
function flowScopeOf(ctx: StepContext, token: TokenState): string | undefined {
  if (token.loopInstance === undefined) return token.scopeId;
  return ctx.state.scopes.find((s) => s.id === token.scopeId)?.parentScopeId;
}

function push(s: InstanceState, record: CompensableState, scopeId: string | undefined): void {
  if (scopeId !== undefined) record.scopeId = scopeId;
  (s.compensable ??= []).push(record);
}

/**
 * `scope` (a subprocess `owner` waits at, or a multi-instance body `owner` owns) completed: keep what is
 * compensable inside it as one record of its own in the enclosing scope, with a snapshot of its variables.
 */
export function retainCompensable(ctx: StepContext, scope: ScopeState, owner: TokenState | undefined): void {
  const s = ctx.state;
  const body = scope.loop !== undefined;
  const esp = body ? undefined : compensationEventSubProcessOf(ctx, scope.elementId);
  // The common case (nothing compensable anywhere) allocates nothing.
  if (esp === undefined && !s.compensable?.some((c) => c.scopeId === scope.id)) return;
  const all = s.compensable ?? [];
  const inner = all.filter((c) => c.scopeId === scope.id);
  if (inner.length > 0) s.compensable = all.filter((c) => c.scopeId !== scope.id);
  // An instance of a multi-instance subprocess also owns its loopCounter and element variable.
  const instance = !body && owner?.loopInstance !== undefined ? s.scopes.find((x) => x.id === owner.scopeId) : undefined;
  const variables: Variables = structuredClone({ ...instance?.variables, ...scope.variables });
  const record: CompensableState = { activityId: scope.elementId, snapshot: { variables, records: inner.map(withoutScope) } };
  if (esp !== undefined) record.handlerId = esp.espId;
  if (body) record.body = true;
  push(s, record, body || owner === undefined ? scope.parentScopeId : flowScopeOf(ctx, owner));
}

function withoutScope(c: CompensableState): CompensableState {
  const { scopeId: _, ...rest } = c;
  return rest;
}

/** A scope went away without completing (cancelled, or a compensation run ended): its records go too. */
export function discardCompensable(s: InstanceState, scopeId: string): void {
  if (s.compensable && s.compensable.some((c) => c.scopeId === scopeId)) s.compensable = s.compensable.filter((c) => c.scopeId !== scopeId);
}

/** Whether compensating this record runs anything at all. */
export function hasWork(c: CompensableState): boolean {
  if (c.handlerId !== undefined) return true;
  return c.snapshot !== undefined && c.snapshot.records.some(hasWork);
}

/**
 * Take the records a compensation throw in `scopeId` compensates (they are consumed). A throw inside an
 * event subprocess compensates the scope the event subprocess belongs to as well. With `activityRef`,
 * only the records of that activity: for a multi-instance activity its body, otherwise the record its
 * compensation handler left (or, without a handler, the record of the completed subprocess itself).
 */
export function takeCompensable(ctx: StepContext, scopeId: string | undefined, activityRef: string | undefined): CompensableState[] {
  const s = ctx.state;
  if (!s.compensable || s.compensable.length === 0) return [];
  const scopes = new Set<string | undefined>([scopeId]);
  for (let id = scopeId; id !== undefined; ) {
    const scope = s.scopes.find((x) => x.id === id);
    const el = scope ? ctx.proc.spec.elements[scope.elementId] : undefined;
    if (!scope || !(el?.kind === 'subProcess' && el.triggeredByEvent) || scope.compensation) break;
    id = scope.parentScopeId;
    scopes.add(id);
  }
  const matches = activityRef === undefined ? () => true : refMatcher(ctx, activityRef);
  const mine = s.compensable.filter((c) => scopes.has(c.scopeId) && matches(c));
  if (mine.length > 0) s.compensable = s.compensable.filter((c) => !mine.includes(c));
  return mine.filter(hasWork);
}

function refMatcher(ctx: StepContext, ref: string): (c: CompensableState) => boolean {
  const target = ctx.proc.spec.elements[ref];
  if (!target) return () => false;
  if (target.loop !== undefined) return (c) => c.body === true && c.activityId === ref;
  const handler = compensationHandlerOf(ctx, target);
  return (c) => c.body !== true && c.activityId === ref && c.handlerId === handler;
}
