import type { ElementSpec, ServiceSpec, TaskAssignment } from '../spec/types.js';
import { commaListExpression, concatListExpressions } from './composite-expressions.js';
import { eventDefinitions, messageDefinition } from './event-definitions.js';
import type { FlavourExtensions, ScriptParts } from './flavour-extensions.js';
import { withJuelScript } from './juel-scripts.js';
import { bool, child, elements, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/** The fields every element shares, filled by process-builder.ts before the kind-specific mapper runs. */
export type ElementBaseFields = Omit<ElementSpec, 'kind'> & Record<string, unknown>;

type Mapper = (el: ModdleElement, base: ElementBaseFields, ctx: ParseContext, ext: FlavourExtensions) => ElementSpec;

const opt = <K extends string, V>(key: K, v: V | undefined): Partial<Record<K, V>> =>
  (v === undefined ? {} : { [key]: v }) as Partial<Record<K, V>>;

/**
 * BPMN's own `humanPerformer` / `potentialOwner` resource assignments, which Camunda 7 reads as assignee
 * and `user(a), group(b)` candidate lists (a bare name is a group).
 */
function resourceAssignment(el: ModdleElement, ctx: ParseContext): TaskAssignment {
  const out: { -readonly [K in keyof TaskAssignment]: TaskAssignment[K] } = {};
  const users: string[] = [];
  const groups: string[] = [];
  for (const r of elements(el['resources'])) {
    const text = str(child(child(r, 'resourceAssignmentExpression'), 'expression'), 'body')?.trim();
    if (!text) continue;
    if (r.$type === 'bpmn:HumanPerformer') {
      out.assignee = ctx.expr(text, el);
      continue;
    }
    for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(user|group)\((.*)\)$/.exec(part);
      if (m?.[1] === 'user') users.push(m[2] as string);
      else groups.push(m ? (m[2] as string) : part);
    }
  }
  if (users.length > 0) out.candidateUsers = commaListExpression(users.join(','), el, ctx);
  if (groups.length > 0) out.candidateGroups = commaListExpression(groups.join(','), el, ctx);
  return out;
}

/** Flavour attributes win for single values; candidate lists from both sources add up, as in Camunda 7. */
function mergeAssignments(spec: TaskAssignment, ext: TaskAssignment): TaskAssignment {
  const out: { -readonly [K in keyof TaskAssignment]: TaskAssignment[K] } = { ...spec, ...ext };
  for (const key of ['candidateUsers', 'candidateGroups'] as const) {
    const merged = concatListExpressions(spec[key], ext[key]);
    if (merged !== undefined) out[key] = merged;
  }
  return out;
}

const event =
  <K extends 'endEvent' | 'intermediateThrowEvent' | 'intermediateCatchEvent'>(kind: K): Mapper =>
  (el, base, ctx, ext) =>
    ({ ...base, kind, eventDefinitions: eventDefinitions(el, ctx, ext) }) as ElementSpec;

const plain =
  <K extends 'task' | 'manualTask'>(kind: K): Mapper =>
  (_el, base) =>
    ({ ...base, kind }) as ElementSpec;

const serviceLike =
  <K extends 'serviceTask' | 'sendTask' | 'businessRuleTask'>(kind: K): Mapper =>
  (el, base, ctx, ext) => {
    const decisionRef = kind === 'businessRuleTask' ? ext.decisionRef?.(el) : undefined;
    const own = ext.service?.(el, ctx);
    // A business rule task that calls a DMN decision is served by the decision, not by a handler type.
    const service: ServiceSpec =
      own ??
      (decisionRef !== undefined
        ? { type: decisionRef, typeSource: ctx.flavour === 'camunda8' ? 'zeebe' : 'camundaType', external: false, ...decisionResult(el, ctx) }
        : // No implementation attribute (plain BPMN, or left open): wait as an external task on a topic
          // named after the element, so a worker or a handler registered under the id can serve it.
          { type: el.id ?? '', typeSource: 'topic', external: true });
    const mapping = decisionRef !== undefined && ctx.flavour !== 'camunda8' ? str(el, 'mapDecisionResult') : undefined;
    return { ...base, kind, service, ...opt('decisionRef', decisionRef), ...opt('decisionResultMapping', mapping) } as ElementSpec;
  };

function decisionResult(el: ModdleElement, ctx: ParseContext): Partial<ServiceSpec> {
  const v = ctx.flavour === 'camunda8' ? str(elements(child(el, 'extensionElements')?.['values']).find((x) => x.$type === 'zeebe:CalledDecision'), 'resultVariable') : str(el, 'resultVariable');
  return v !== undefined ? { resultVariable: v } : {};
}

const gateway =
  <K extends 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway' | 'complexGateway'>(kind: K): Mapper =>
  (el, base) =>
    ({ ...base, kind, ...opt('defaultFlowId', child(el, 'default')?.id) }) as ElementSpec;

const scope =
  <K extends 'subProcess' | 'transaction' | 'adHocSubProcess'>(kind: K): Mapper =>
  (el, base) =>
    ({ ...base, kind, triggeredByEvent: bool(el, 'triggeredByEvent') ?? false, childIds: [] }) as ElementSpec;

export const ELEMENT_MAPPERS: Readonly<Record<string, Mapper>> = {
  'bpmn:StartEvent': (el, base, ctx, ext) =>
    ({
      ...base,
      kind: 'startEvent',
      eventDefinitions: eventDefinitions(el, ctx, ext),
      isInterrupting: bool(el, 'isInterrupting') ?? true,
      ...opt('form', ext.startForm?.(el, ctx)),
      ...opt('initiator', ext.initiator?.(el)),
    }) as ElementSpec,
  'bpmn:EndEvent': event('endEvent'),
  'bpmn:IntermediateThrowEvent': event('intermediateThrowEvent'),
  'bpmn:IntermediateCatchEvent': event('intermediateCatchEvent'),
  'bpmn:BoundaryEvent': (el, base, ctx, ext) => {
    const host = child(el, 'attachedToRef')?.id;
    if (host === undefined) return ctx.fail(el, 'boundary event needs attachedToRef');
    return {
      ...base,
      kind: 'boundaryEvent',
      eventDefinitions: eventDefinitions(el, ctx, ext),
      attachedToId: host,
      cancelActivity: bool(el, 'cancelActivity') ?? true,
    } as ElementSpec;
  },
  'bpmn:Task': plain('task'),
  'bpmn:ManualTask': plain('manualTask'),
  'bpmn:UserTask': (el, base, ctx, ext) =>
    ({
      ...base,
      kind: 'userTask',
      assignment: mergeAssignments(ctx.flavour === 'camunda8' ? {} : resourceAssignment(el, ctx), ext.assignment?.(el, ctx) ?? {}),
      ...opt('form', ext.userTaskForm?.(el, ctx)),
    }) as ElementSpec,
  'bpmn:ServiceTask': serviceLike('serviceTask'),
  'bpmn:SendTask': serviceLike('sendTask'),
  'bpmn:BusinessRuleTask': serviceLike('businessRuleTask'),
  'bpmn:ScriptTask': (el, base, ctx, ext) => {
    const script = str(el, 'script');
    const fallback: ScriptParts = { format: (str(el, 'scriptFormat') ?? '').toLowerCase(), ...opt('script', script) };
    return { ...base, kind: 'scriptTask', ...withJuelScript(ext.script?.(el, ctx) ?? fallback, el, ctx) } as ElementSpec;
  },
  'bpmn:ReceiveTask': (el, base, ctx, ext) => {
    const message = child(el, 'messageRef');
    return { ...base, kind: 'receiveTask', ...(message ? { message: messageDefinition(message, el, ctx, ext) } : {}) } as ElementSpec;
  },
  'bpmn:ExclusiveGateway': gateway('exclusiveGateway'),
  'bpmn:ParallelGateway': gateway('parallelGateway'),
  'bpmn:InclusiveGateway': gateway('inclusiveGateway'),
  'bpmn:EventBasedGateway': gateway('eventBasedGateway'),
  'bpmn:ComplexGateway': gateway('complexGateway'),
  'bpmn:SubProcess': scope('subProcess'),
  'bpmn:Transaction': scope('transaction'),
  'bpmn:AdHocSubProcess': scope('adHocSubProcess'),
  'bpmn:CallActivity': (el, base, ctx, ext) => {
    const called = str(el, 'calledElement');
    const parts = ext.callActivity?.(el, ctx) ?? (called !== undefined ? { calledElement: ctx.expr(called, el) } : {});
    return { ...base, kind: 'callActivity', ...parts } as ElementSpec;
  },
};

/** Flow elements that carry data or documentation only; they never hold a token. */
export const SKIPPED_FLOW_ELEMENTS = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

export const SCOPE_KINDS = new Set(['subProcess', 'transaction', 'adHocSubProcess']);
export const ACTIVITY_KINDS = new Set([
  'task', 'manualTask', 'userTask', 'serviceTask', 'sendTask', 'businessRuleTask', 'scriptTask', 'receiveTask',
  'subProcess', 'transaction', 'adHocSubProcess', 'callActivity',
]);
