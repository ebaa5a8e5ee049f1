import type { EventDefinition, MessageDefinition } from '../spec/types.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { assertExpressionCondition } from './juel-scripts.js';
import { bool, child, elements, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

type DefinitionMapper = (def: ModdleElement, ctx: ParseContext, ext: FlavourExtensions) => EventDefinition;

const body = (el: ModdleElement | undefined): string | undefined => {
  const b = str(el, 'body');
  return b !== undefined && b.trim() !== '' ? b.trim() : undefined;
};

export function messageDefinition(message: ModdleElement | undefined, at: ModdleElement, ctx: ParseContext, ext: FlavourExtensions): MessageDefinition {
  const name = str(message, 'name');
  const correlationKey = ext.correlationKey?.(message, ctx);
  return {
    type: 'message',
    ...(name !== undefined ? { messageName: ctx.expr(name, at) } : {}),
    ...(correlationKey ? { correlationKey } : {}),
  };
}

/** Errors and expressions point at the event, not at its (often generated) definition id. */
const owner = (def: ModdleElement): ModdleElement => def.$parent ?? def;

const MAPPERS: Record<string, DefinitionMapper> = {
  'bpmn:TimerEventDefinition': (def, ctx) => {
    const out: { type: 'timer'; timeDate?: ReturnType<ParseContext['expr']>; timeDuration?: ReturnType<ParseContext['expr']>; timeCycle?: ReturnType<ParseContext['expr']> } = { type: 'timer' };
    for (const key of ['timeDate', 'timeDuration', 'timeCycle'] as const) {
      const text = body(child(def, key));
      if (text !== undefined) out[key] = ctx.expr(text, owner(def));
    }
    if (!out.timeDate && !out.timeDuration && !out.timeCycle) ctx.fail(owner(def), 'timer event definition has no timeDate, timeDuration or timeCycle');
    return out;
  },
  'bpmn:MessageEventDefinition': (def, ctx, ext) => {
    const message = messageDefinition(child(def, 'messageRef'), owner(def), ctx, ext);
    // Camunda 7 runs a delegate on a message throw or end event like a service task (ServiceTaskLike).
    const thrown = owner(def).$type === 'bpmn:EndEvent' || owner(def).$type === 'bpmn:IntermediateThrowEvent';
    const service = thrown && ctx.flavour === 'camunda7' ? ext.service?.(def, ctx) : undefined;
    return service ? { ...message, service } : message;
  },
  'bpmn:SignalEventDefinition': (def, ctx, ext) => {
    const name = str(child(def, 'signalRef'), 'name');
    const thrown = owner(def).$type === 'bpmn:EndEvent' || owner(def).$type === 'bpmn:IntermediateThrowEvent';
    const extras = thrown ? ext.signalThrow?.(def, ctx) : undefined;
    return { type: 'signal', ...(name !== undefined ? { signalName: ctx.expr(name, owner(def)) } : {}), ...extras };
  },
  'bpmn:ErrorEventDefinition': (def, ctx, ext) => {
    const error = child(def, 'errorRef');
    const errorCode = str(error, 'errorCode');
    const errorMessage = ext.errorMessage?.(error);
    const dynamic = errorMessage !== undefined && /[$#]\{/.test(errorMessage);
    return {
      type: 'error',
      ...(errorCode !== undefined ? { errorCode } : {}),
      ...(errorMessage !== undefined ? { errorMessage } : {}),
      ...(dynamic ? { errorMessageExpression: ctx.expr(errorMessage, owner(def)) } : {}),
      ...ext.errorVariables?.(def),
    };
  },
  'bpmn:EscalationEventDefinition': (def, _ctx, ext) => {
    const escalationCode = str(child(def, 'escalationRef'), 'escalationCode');
    const escalationCodeVariable = ext.escalationCodeVariable?.(def);
    return {
      type: 'escalation',
      ...(escalationCode !== undefined ? { escalationCode } : {}),
      ...(escalationCodeVariable !== undefined ? { escalationCodeVariable } : {}),
    };
  },
  'bpmn:ConditionalEventDefinition': (def, ctx, ext) => {
    const condition = child(def, 'condition');
    const text = body(condition);
    if (text === undefined) return ctx.fail(owner(def), 'conditional event definition has no condition');
    assertExpressionCondition(condition!, owner(def), ctx);
    return { type: 'conditional', condition: ctx.cond(text, owner(def)), ...ext.conditionalFilter?.(def) };
  },
  'bpmn:TerminateEventDefinition': () => ({ type: 'terminate' }),
  'bpmn:LinkEventDefinition': (def, ctx) => {
    const linkName = str(def, 'name');
    if (linkName === undefined || linkName === '') return ctx.fail(owner(def), 'link event definition needs a name');
    return { type: 'link', linkName };
  },
  'bpmn:CompensateEventDefinition': (def) => {
    const activityRef = child(def, 'activityRef')?.id;
    return { type: 'compensate', ...(activityRef ? { activityRef } : {}), waitForCompletion: bool(def, 'waitForCompletion') ?? true };
  },
  'bpmn:CancelEventDefinition': () => ({ type: 'cancel' }),
};

export function eventDefinitions(event: ModdleElement, ctx: ParseContext, ext: FlavourExtensions): EventDefinition[] {
  const defs = elements(event['eventDefinitions']);
  if (elements(event['eventDefinitionRefs']).length > 0) {
    ctx.unsupported(event, 'eventDefinitionRef (shared event definitions) is not supported; define the event inline');
  }
  return defs.map((def) => {
    const map = MAPPERS[def.$type];
    if (!map) return ctx.unsupported(event, `unsupported event definition <${def.$type}>`);
    return map(def, ctx, ext);
  });
}

/**
 * Camunda 7 checks the <signal> declarations of a file even when nothing references them
 * (BpmnParse.parseSignals): each needs an id, and two signals may not share a name, since a signal is
 * delivered by name and the second declaration could never be told apart from the first.
 */
export function checkSignalDeclarations(definitions: ModdleElement | undefined, ctx: ParseContext): void {
  if (ctx.flavour === 'camunda8') return;
  const seen = new Set<string>();
  for (const signal of elements(definitions?.['rootElements']).filter((r) => r.$type === 'bpmn:Signal')) {
    const name = str(signal, 'name');
    if (name !== undefined && seen.has(name)) ctx.fail(signal, `duplicate signal name "${name}"`);
    if (name !== undefined) seen.add(name);
    if (signal.id === undefined || signal.id.trim() === '') ctx.fail(signal, `signal${name !== undefined ? ` "${name}"` : ''} must have an id`);
  }
}
