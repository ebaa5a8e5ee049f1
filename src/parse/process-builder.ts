import type { ElementSpec, FlowSpec, ProcessSpec } from '../spec/types.js';
import { ACTIVITY_KINDS, ELEMENT_MAPPERS, SCOPE_KINDS, SKIPPED_FLOW_ELEMENTS } from './element-mappers.js';
import type { ElementBaseFields } from './element-mappers.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { assertExpressionCondition } from './juel-scripts.js';
import { loopOf } from './loop-characteristics.js';
import { child, elements, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/** Spec objects are readonly to their readers; while building, the id lists are still being filled. */
type Building = ElementSpec & { incoming: string[]; outgoing: string[]; boundaryEventIds?: string[]; childIds?: string[] };

function documentation(el: ModdleElement): string | undefined {
  const texts = elements(el['documentation']).map((d) => str(d, 'text') ?? '').filter((t) => t.trim() !== '');
  return texts.length > 0 ? texts.join('\n') : undefined;
}

function baseOf(el: ModdleElement, scopeId: string, ctx: ParseContext, ext: FlavourExtensions): ElementBaseFields {
  const b: Record<string, unknown> = { id: el.id, loc: ctx.loc(el), scopeId, incoming: [], outgoing: [] };
  if (el.name !== undefined) b['name'] = el.name;
  // Activities may have a default flow too (taken when none of their conditional flows holds).
  if (el['isForCompensation'] === true) b['isForCompensation'] = true;
  const defaultFlow = child(el, 'default')?.id;
  if (defaultFlow !== undefined) b['defaultFlowId'] = defaultFlow;
  const doc = documentation(el);
  if (doc !== undefined) b['documentation'] = doc;
  ext.check?.(el, ctx);
  const io = ext.io?.(el, ctx);
  if (io) b['io'] = io;
  Object.assign(b, ext.async?.(el), ext.priorities?.(el, ctx));
  const retry = ext.retry?.(el, ctx);
  if (retry) b['retry'] = retry;
  const loop = loopOf(el, ctx, ext);
  if (loop) b['loop'] = loop;
  const listeners = ext.listeners?.(el, ctx);
  if (listeners) b['listeners'] = listeners;
  return b as ElementBaseFields;
}

function conditionOf(flow: ModdleElement, ctx: ParseContext): FlowSpec['condition'] {
  const expr = child(flow, 'conditionExpression');
  if (!expr) return undefined;
  assertExpressionCondition(expr, flow, ctx);
  const text = str(expr, 'body')?.trim();
  return text ? ctx.cond(text, flow) : undefined;
}

export function buildProcess(proc: ModdleElement, ctx: ParseContext, ext: FlavourExtensions, isExecutable: boolean): ProcessSpec {
  const elementsById: Record<string, Building> = {};
  const flows: Record<string, FlowSpec> = {};
  const pending: { flow: ModdleElement; scopeId: string }[] = [];
  const childIds: string[] = [];

  const associations: { source?: string; target?: string }[] = [];
  let unnamedElements = 0;
  const walk = (container: ModdleElement, scopeId: string, into: string[]): void => {
    // Associations are artifacts; the one from a compensation boundary names its handler.
    for (const a of elements(container['artifacts'])) {
      if (a.$type === 'bpmn:Association') associations.push({ source: child(a, 'sourceRef')?.id, target: child(a, 'targetRef')?.id });
    }
    for (const fe of elements(container['flowElements'])) {
      if (fe.$type === 'bpmn:SequenceFlow') {
        pending.push({ flow: fe, scopeId });
        continue;
      }
      if (SKIPPED_FLOW_ELEMENTS.has(fe.$type)) continue;
      const map = ELEMENT_MAPPERS[fe.$type];
      if (!map) return ctx.unsupported(fe, `unsupported element <${fe.$type}>`);
      // Camunda 7 deploys elements without an id (BpmnParseTest#testParseEscalationStartEvent has such an
      // event subprocess); nothing can refer to one, so a name no XML id can take is safe (see flows below).
      const id = fe.id ?? `${fe.$type.replace(/^bpmn:/, '')}#${++unnamedElements}`;
      if (!fe.id) (fe as { id?: string }).id = id;
      const spec = map(fe, baseOf(fe, scopeId, ctx, ext), ctx, ext) as Building;
      elementsById[id] = spec;
      into.push(id);
      if (SCOPE_KINDS.has(spec.kind)) walk(fe, id, spec.childIds as string[]);
    }
  };
  walk(proc, proc.id as string, childIds);
  for (const a of associations) {
    const source = a.source !== undefined ? elementsById[a.source] : undefined;
    if (source?.kind === 'boundaryEvent' && a.target !== undefined && elementsById[a.target]) {
      (source as unknown as Record<string, unknown>)['compensationHandlerId'] = a.target;
    }
  }

  let unnamed = 0;
  for (const { flow, scopeId } of pending) {
    const sourceId = child(flow, 'sourceRef')?.id;
    const targetId = child(flow, 'targetRef')?.id;
    // Camunda 7 accepts sequence flows without an id (hundreds of its own test files have them) and
    // names them itself; so do we, with a name no real XML id can take (ids cannot contain '>').
    const id = (flow.id as string | undefined) ?? `${sourceId ?? '?'}->${targetId ?? '?'}#${++unnamed}`;
    for (const [role, ref] of [['source', sourceId], ['target', targetId]] as const) {
      if (ref === undefined) return ctx.fail(flow, `sequence flow needs a ${role}Ref`);
      const node = elementsById[ref];
      if (!node) return ctx.fail(flow, `sequence flow ${role} "${ref}" is not a flow node of this process`);
      if (node.scopeId !== scopeId) {
        return ctx.fail(flow, `sequence flow ${role} "${ref}" is in scope "${node.scopeId}", the flow is in "${scopeId}"; flows cannot cross a subprocess border`);
      }
    }
    const condition = conditionOf(flow, ctx);
    const takeListeners = ext.listeners?.(flow, ctx);
    flows[id] = {
      id,
      ...(flow.name !== undefined ? { name: flow.name } : {}),
      loc: ctx.loc(flow),
      sourceId: sourceId as string,
      targetId: targetId as string,
      ...(condition ? { condition } : {}),
      ...(takeListeners ? { listeners: takeListeners } : {}),
    };
    elementsById[sourceId as string]!.outgoing.push(id);
    elementsById[targetId as string]!.incoming.push(id);
  }

  for (const spec of Object.values(elementsById)) {
    if (spec.kind === 'boundaryEvent') {
      const host = elementsById[spec.attachedToId];
      const at = () => ({ $type: 'bpmn:BoundaryEvent', id: spec.id }) as ModdleElement;
      if (!host || !ACTIVITY_KINDS.has(host.kind)) {
        ctx.fail(at(), `boundary event is attached to "${spec.attachedToId}", which is not an activity of this process`);
      } else if (host.scopeId !== spec.scopeId) {
        ctx.fail(at(), `boundary event and its activity "${host.id}" must be in the same scope`);
      } else (host.boundaryEventIds ??= []).push(spec.id);
    }
    if ('defaultFlowId' in spec && spec.defaultFlowId !== undefined && !spec.outgoing.includes(spec.defaultFlowId)) {
      ctx.fail({ $type: 'bpmn:Gateway', id: spec.id }, `default flow "${spec.defaultFlowId}" is not an outgoing flow of this element`);
    }
  }

  const versionTag = ext.versionTag?.(proc);
  ext.check?.(proc, ctx);
  const processListeners = ext.listeners?.(proc, ctx);
  const processDoc = documentation(proc);
  return {
    ...(processDoc !== undefined ? { documentation: processDoc.trim() } : {}),
    ...(processListeners ? { listeners: processListeners } : {}),
    id: proc.id as string,
    ...(proc.name !== undefined ? { name: proc.name } : {}),
    flavour: ctx.flavour,
    isExecutable,
    ...(versionTag !== undefined ? { versionTag } : {}),
    loc: ctx.loc(proc),
    ...ext.priorities?.(proc, ctx),
    elements: elementsById,
    flows,
    childIds,
  };
}
