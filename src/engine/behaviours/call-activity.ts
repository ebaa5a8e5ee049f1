import { ExpressionError, InvalidStateError } from '../../errors/index.js';
import type { CallActivitySpec, CallMapping, VariableView } from '../../spec/types.js';
import type { StepContext } from '../step-context.js';
import type { TokenState, Variables } from '../state.js';
import type { Command } from '../types.js';
import type { EnterBehaviour } from './behaviour.js';

/**
 * Call activity: the token waits while a child instance runs. The child's id is derived from the
 * parent's (deterministic, so a replayed step asks for the same child); the runtime creates it once
 * the parent is stored and reports back with `childEnded`.
 */
export const enterCallActivity: EnterBehaviour<CallActivitySpec> = (ctx, token, el) => {
  if (!el.calledElement) throw new ExpressionError(`call activity ${el.id} names no process`, { elementId: el.id });
  const key = ctx.evaluate(el.calledElement, token, el.id);
  if (typeof key !== 'string' || key === '') {
    throw new ExpressionError(`call activity ${el.id}: called element evaluated to ${String(key)}`, { elementId: el.id });
  }
  const view = ctx.view(token);
  const { variables, businessKey } = inputsOf(ctx, token, el, view);
  const version = el.versionExpression ? String(ctx.evaluate(el.versionExpression, token, el.id)) : el.version;
  const childInstanceId = ctx.newId('c');
  ctx.wait(token, childInstanceId);
  ctx.effects.push({
    type: 'startChild',
    childInstanceId,
    elementId: el.id,
    processKey: key,
    binding: el.binding ?? 'latest',
    ...(version !== undefined ? { version } : {}),
    variables,
    ...(businessKey !== undefined ? { businessKey } : {}),
  });
  ctx.record('callActivity.started', el.id, { childInstanceId, processKey: key });
};

function inputsOf(ctx: StepContext, token: TokenState, el: CallActivitySpec, view: VariableView): { variables: Variables; businessKey?: string } {
  if (ctx.proc.spec.flavour !== 'camunda7') {
    // Camunda 8: all parent variables unless switched off; input mappings (locals) always.
    return { variables: el.propagateAllParentVariables === false ? { ...token.locals } : { ...view } };
  }
  let businessKey: string | undefined;
  const variables = applyMappings(ctx, el, el.inMappings ?? [], view, (m) => {
    if (m.businessKey) businessKey = String(ctx.evaluate(m.businessKey, token, el.id));
  });
  return businessKey !== undefined ? { variables, businessKey } : { variables };
}

/** Camunda 7 `camunda:in` / `camunda:out`: all variables, a named source, or an expression. */
function applyMappings(ctx: StepContext, el: CallActivitySpec, mappings: readonly CallMapping[], from: VariableView, other?: (m: CallMapping) => void): Variables {
  const out: Variables = {};
  for (const m of mappings) {
    if (m.all) Object.assign(out, from);
    else if (m.source !== undefined) out[m.target ?? m.source] = Object.hasOwn(from, m.source) ? from[m.source] : null;
    else if (m.sourceExpression && m.target !== undefined) {
      try {
        out[m.target] = m.sourceExpression.evaluate(from);
      } catch (e) {
        throw new ExpressionError(e instanceof Error ? e.message : String(e), { elementId: el.id, ...ctx.locationOf(el.id) });
      }
    } else other?.(m);
  }
  return out;
}

/** The child ended: map its variables out and move on, or raise its error here. */
export function childEnded(ctx: StepContext, cmd: Extract<Command, { type: 'childEnded' }>, raise: (t: TokenState, code: string, message?: string) => void): void {
  const token = ctx.state.tokens.find((t) => t.waitingFor === cmd.childInstanceId);
  if (!token) throw new InvalidStateError(`no call activity waits for instance ${cmd.childInstanceId}`, { instanceId: ctx.state.instanceId });
  const el = ctx.element(token.elementId) as CallActivitySpec;
  delete token.waitingFor;
  ctx.record('callActivity.ended', el.id, { childInstanceId: cmd.childInstanceId, status: cmd.status });
  if (cmd.status === 'FAILED' && cmd.failure) {
    // Camunda 7 passes the outputs on before the error leaves the called instance (OutputVariablesPropagator).
    if (cmd.variables && ctx.proc.spec.flavour === 'camunda7') ctx.setResult(token, el, outputsOf(ctx, el, cmd.variables));
    raise(token, cmd.failure.code, cmd.failure.message);
    return;
  }
  if (cmd.status !== 'COMPLETED') {
    ctx.incident(token, el, 'unhandled', cmd.reason ?? `called instance ${cmd.childInstanceId} ended as ${cmd.status}`, 'enter');
    return;
  }
  ctx.setResult(token, el, outputsOf(ctx, el, cmd.variables ?? {}));
  ctx.complete(token, el);
}

/**
 * An escalation left the called instance uncaught. Camunda 7 maps the outputs at that moment, whether
 * or not anything here catches it, then the escalation goes on from the call activity.
 */
export function childEscalated(ctx: StepContext, cmd: Extract<Command, { type: 'childEscalated' }>, raise: (t: TokenState, code: string) => void): void {
  const token = ctx.state.tokens.find((t) => t.waitingFor === cmd.childInstanceId);
  if (!token) throw new InvalidStateError(`no call activity waits for instance ${cmd.childInstanceId}`, { instanceId: ctx.state.instanceId });
  const el = ctx.element(token.elementId) as CallActivitySpec;
  if (cmd.variables && ctx.proc.spec.flavour === 'camunda7') ctx.setResult(token, el, outputsOf(ctx, el, cmd.variables));
  raise(token, cmd.code);
}

function outputsOf(ctx: StepContext, el: CallActivitySpec, childVars: Variables): Variables {
  if (ctx.proc.spec.flavour !== 'camunda7') return el.propagateAllChildVariables === false ? {} : childVars;
  return applyMappings(ctx, el, el.outMappings ?? [], childVars);
}
