import type { ProcessSpec } from '../spec/types.js';
import type { ElementSpec } from '../spec/types.js';
import type { PreparedProcess, ScopeInfo } from './types.js';

/**
 * Everything the engine would otherwise recompute on each step is derived here once per deployed
 * process: the none start event and, for each inclusive join, the set of elements from which a token
 * could still arrive. That set is what makes an inclusive join decidable in O(tokens) at run time.
 */
export function prepareProcess(spec: ProcessSpec, version: number, specHash: string): PreparedProcess {
  let noneStartId: string | undefined;
  for (const id of spec.childIds) {
    const el = spec.elements[id];
    if (el?.kind === 'startEvent' && el.eventDefinitions.length === 0) {
      noneStartId = id;
      break;
    }
  }
  const inclusiveUpstream = new Map<string, ReadonlySet<string>>();
  for (const el of Object.values(spec.elements)) {
    if (el.kind === 'inclusiveGateway' && el.incoming.length > 1) {
      inclusiveUpstream.set(el.id, upstreamOf(spec, el.id));
    }
  }
  const scopes = new Map<string, ScopeInfo>();
  scopes.set(spec.id, scopeInfo(spec, spec.childIds));
  for (const el of Object.values(spec.elements)) {
    if (el.kind === 'subProcess' || el.kind === 'transaction' || el.kind === 'adHocSubProcess') {
      scopes.set(el.id, scopeInfo(spec, el.childIds));
    }
  }
  return { spec, key: spec.id, version, specHash, noneStartId, inclusiveUpstream, scopes };
}

function scopeInfo(spec: ProcessSpec, childIds: readonly string[]): ScopeInfo {
  const children = childIds.map((id) => spec.elements[id]).filter((e): e is ElementSpec => e !== undefined);
  const eventSubProcessIds = children.filter((e) => e.kind === 'subProcess' && e.triggeredByEvent).map((e) => e.id);
  const noneStart = children.find((e) => e.kind === 'startEvent' && e.eventDefinitions.length === 0);
  // BPMN 2.0 §10.5.2: without a start event, every activity/gateway without incoming flows starts.
  const startIds = noneStart
    ? [noneStart.id]
    : children
        .filter((e) => e.incoming.length === 0 && e.kind !== 'boundaryEvent' && e.kind !== 'startEvent' && !e.isForCompensation)
        .filter((e) => !(e.kind === 'subProcess' && e.triggeredByEvent))
        .filter((e) => !(e.kind === 'intermediateCatchEvent' && e.eventDefinitions.some((d) => d.type === 'link')))
        .map((e) => e.id);
  const linkTargets = new Map<string, string>();
  for (const e of children) {
    if (e.kind !== 'intermediateCatchEvent') continue;
    for (const d of e.eventDefinitions) if (d.type === 'link') linkTargets.set(d.linkName, e.id);
  }
  return { startIds, eventSubProcessIds, linkTargets };
}

/** Elements with a path of sequence flows to `joinId` that does not pass through the join itself. */
function upstreamOf(spec: ProcessSpec, joinId: string): Set<string> {
  const seen = new Set<string>();
  const stack: string[] = [];
  const join = spec.elements[joinId]!;
  for (const flowId of join.incoming) {
    const src = spec.flows[flowId]?.sourceId;
    if (src !== undefined && src !== joinId) stack.push(src);
  }
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const el = spec.elements[id];
    if (!el) continue;
    for (const flowId of el.incoming) {
      const src = spec.flows[flowId]?.sourceId;
      if (src !== undefined && src !== joinId && !seen.has(src)) stack.push(src);
    }
    // A token waiting on a boundary event's host can still leave through the boundary.
    if (el.kind === 'boundaryEvent' && !seen.has(el.attachedToId)) stack.push(el.attachedToId);
  }
  return seen;
}
