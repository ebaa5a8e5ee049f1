import { ExpressionError } from '../../errors/index.js';
import type { EndEventSpec, EventDefinition, IntermediateThrowEventSpec } from '../../spec/types.js';
import { throwEscalation } from '../bpmn-error.js';
import { startCompensation } from '../compensation.js';
import { signalPayload } from '../signal-payload.js';
import type { StepContext } from '../step-context.js';
import type { TokenState } from '../state.js';
import type { EnterBehaviour } from './behaviour.js';
import { runService, serviceOf } from './service-task.js';

/** Signals and messages leave the instance as effects; the runtime delivers them once it is stored. */
export function emitThrow(ctx: StepContext, token: TokenState, el: IntermediateThrowEventSpec | EndEventSpec, def: EventDefinition): void {
  if (def.type === 'signal' && def.signalName) {
    const name = String(ctx.evaluate(def.signalName, token, el.id));
    ctx.effects.push({ type: 'throwSignal', name, ...signalPayload(ctx, token, el, def), ...(def.async ? { async: true } : {}) });
    ctx.record('signal.thrown', el.id, { name });
  } else if (def.type === 'message' && def.messageName) {
    const effect: Extract<StepContext['effects'][number], { type: 'publishMessage' }> = {
      type: 'publishMessage',
      name: String(ctx.evaluate(def.messageName, token, el.id)),
    };
    if (def.correlationKey) effect.correlationKey = String(ctx.evaluate(def.correlationKey, token, el.id));
    ctx.effects.push(effect);
    ctx.record('message.published', el.id, { name: effect.name });
  } else if (def.type === 'escalation') {
    throwEscalation(ctx, token, el, def.escalationCode ?? '');
  }
}

export const enterIntermediateThrowEvent: EnterBehaviour<IntermediateThrowEventSpec> = (ctx, token, el) => {
  const delegate = serviceOf(el);
  if (delegate) return runService(ctx, token, el, delegate);
  for (const def of el.eventDefinitions) {
    if (def.type === 'link') {
      const target = ctx.proc.scopes.get(el.scopeId)?.linkTargets.get(def.linkName);
      if (!target) throw new ExpressionError(`no link catch event named "${def.linkName}" in this scope`, { elementId: el.id });
      ctx.completed(el.id);
      token.elementId = target;
      delete token.viaFlowId;
      ctx.enqueue(token);
      return;
    }
    if (def.type === 'compensate') {
      if (startCompensation(ctx, token, el, def.activityRef, 'continue')) return;
      continue;
    }
    emitThrow(ctx, token, el, def);
    // An interrupting catch of an escalation may have cancelled this token.
    if (!ctx.state.tokens.includes(token)) return;
  }
  ctx.complete(token, el);
};
