import type { BoundaryEventSpec, ElementSpec, EventDefinition, StartEventSpec } from '../spec/types.js';
import { cancelToken } from './cancel.js';
import { fireBoundary, startEventSubProcess } from './event-triggers.js';
import type { StepContext } from './step-context.js';
import type { TokenState, Variables } from './state.js';

type Kind = 'error' | 'escalation';

type Catcher =
  | { via: 'boundary'; host: TokenState; el: BoundaryEventSpec; def: EventDefinition }
  | { via: 'eventSubProcess'; scopeId: string | undefined; el: StartEventSpec; def: EventDefinition };

/**
 * Find what catches an error or escalation raised by `token` at `el`: a boundary on the raising
 * activity, else — scope by scope outwards — an event subprocess of the scope, then a boundary on the
 * subprocess that owns it. A catcher naming the code wins over a catch-all at the same level.
 */
function findCatcher(ctx: StepContext, kind: Kind, code: string, token: TokenState, el: ElementSpec): Catcher | undefined {
  const onActivity = (host: TokenState, hostEl: ElementSpec): Catcher | undefined => {
    const found = best(ctx, kind, code, hostEl.boundaryEventIds ?? []);
    return found ? { via: 'boundary', host, el: found.el as BoundaryEventSpec, def: found.def } : undefined;
  };
  const scopeOf = (id: string | undefined) => (id !== undefined ? ctx.state.scopes.find((x) => x.id === id) : undefined);
  // An event subprocess never catches what is raised inside itself: a re-throw goes on outwards
  // (Camunda 7's isReThrowingErrorEventSubprocess / isReThrowingEscalationEventSubprocess).
  const enclosing = new Set<string>();
  for (let id = el.scopeId; id !== ctx.proc.spec.id && !enclosing.has(id); ) {
    enclosing.add(id);
    id = ctx.element(id).scopeId;
  }
  if (el.kind !== 'endEvent' && el.kind !== 'intermediateThrowEvent' && token.loopInstance === undefined) {
    const c = onActivity(token, el);
    if (c) return c;
  }
  let scopeId = token.scopeId;
  for (;;) {
    const scope = scopeOf(scopeId);
    // The scope of one multi-instance instance holds loopCounter & co., not the activity's own scope.
    const loopInner = scopeOf(scope?.parentScopeId)?.loop !== undefined;
    const scopeElementId = scope ? scope.elementId : ctx.proc.spec.id;
    const starts: string[] = [];
    for (const espId of loopInner ? [] : ctx.proc.scopes.get(scopeElementId)?.eventSubProcessIds ?? []) {
      if (enclosing.has(espId)) continue;
      const esp = ctx.element(espId);
      if (esp.kind === 'subProcess') for (const c of esp.childIds) if (ctx.element(c).kind === 'startEvent') starts.push(c);
    }
    const viaEsp = best(ctx, kind, code, starts);
    if (viaEsp) return { via: 'eventSubProcess', scopeId, el: viaEsp.el as StartEventSpec, def: viaEsp.def };
    if (!scope) return undefined;
    const owner = ctx.state.tokens.find((t) => t.id === scope.ownerTokenId);
    if (!owner) return undefined;
    // A boundary event sits on the multi-instance body, not on one instance: from an instance's own
    // scope, walk on to the instance's scope, whose owner is the body's token.
    if (owner.loopInstance === undefined) {
      const c = onActivity(owner, ctx.element(owner.elementId));
      if (c) return c;
    }
    scopeId = owner.scopeId;
  }
}

function best(ctx: StepContext, kind: Kind, code: string, ids: readonly string[]): { el: ElementSpec; def: EventDefinition } | undefined {
  let catchAll: { el: ElementSpec; def: EventDefinition } | undefined;
  for (const id of ids) {
    const el = ctx.element(id);
    if (!('eventDefinitions' in el)) continue;
    for (const def of el.eventDefinitions) {
      if (def.type !== kind) continue;
      const want = def.type === 'error' ? def.errorCode : def.type === 'escalation' ? def.escalationCode : undefined;
      if (want === code) return { el, def };
      // Camunda 7 reads an empty code (`escalationCode=""`) on a catching event as "catch all".
      if (want === undefined || want === '') catchAll ??= { el, def };
    }
  }
  return catchAll;
}

function catchIt(ctx: StepContext, c: Catcher, vars: Variables): void {
  if (c.via === 'boundary') fireBoundary(ctx, c.host, c.el, vars);
  else startEventSubProcess(ctx, c.el, c.scopeId, vars);
}

/**
 * A BPMN error at `el` (a failing job's task, or an error end event). Caught: the catcher takes over
 * (cancelling what it interrupts). Uncaught: the instance FAILS with the code, as API.md defines.
 */
export function throwBpmnError(
  ctx: StepContext,
  token: TokenState,
  el: ElementSpec,
  code: string,
  message: string | undefined,
  variables: Variables | undefined,
): void {
  ctx.record('error.thrown', el.id, { code, ...(message !== undefined ? { message } : {}) });
  if (variables) ctx.setResult(token, el, variables);
  const c = findCatcher(ctx, 'error', code, token, el);
  if (c) {
    const vars: Variables = {};
    if (c.def.type === 'error') {
      if (c.def.errorCodeVariable) vars[c.def.errorCodeVariable] = code;
      if (c.def.errorMessageVariable) vars[c.def.errorMessageVariable] = message ?? null;
    }
    catchIt(ctx, c, vars);
    return;
  }
  for (const t of [...ctx.state.tokens]) cancelToken(ctx, t);
  const failure: { code: string; message?: string; elementId?: string } = { code, elementId: el.id };
  if (message !== undefined) failure.message = message;
  ctx.state.failure = failure;
  ctx.state.status = 'FAILED';
}

/** An escalation: caught like an error, but uncaught it is only recorded and the flow goes on. */
export function throwEscalation(ctx: StepContext, token: TokenState, el: ElementSpec, code: string): void {
  ctx.record('escalation.thrown', el.id, { code });
  const c = findCatcher(ctx, 'escalation', code, token, el);
  if (!c) {
    // Uncaught in a called process: the call activity in the parent gets its chance (Camunda 7 and 8).
    if (ctx.state.parentInstanceId !== undefined) ctx.effects.push({ type: 'escalateToParent', code, variables: { ...ctx.state.variables } });
    return;
  }
  const vars: Variables = {};
  if (c.def.type === 'escalation' && c.def.escalationCodeVariable) vars[c.def.escalationCodeVariable] = code;
  catchIt(ctx, c, vars);
}
