import type { ProcessSpec } from '../spec/types.js';
import type { PreparedProcess } from './types.js';

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
  return { spec, key: spec.id, version, specHash, noneStartId, inclusiveUpstream };
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
