import { BpmnRunnerError, ExpressionError } from '../errors/index.js';
import type { ProcessSpec } from '../spec/types.js';

export interface ElementLocation {
  line?: number;
  column?: number;
  file?: string;
}

/** Where an element or flow stands in its file, for errors and incidents. */
export function locationIn(spec: ProcessSpec, elementId: string): ElementLocation {
  const loc = spec.elements[elementId]?.loc ?? spec.flows[elementId]?.loc;
  const out: ElementLocation = {};
  if (loc?.line !== undefined) out.line = loc.line;
  if (loc?.column !== undefined) out.column = loc.column;
  if (loc?.file !== undefined) out.file = loc.file;
  return out;
}

/** The text an incident shows: a typed error's reason without its location prefix. */
export function messageOf(e: unknown): string {
  if (e instanceof BpmnRunnerError) return e.reason;
  return e instanceof Error ? e.message : String(e);
}

/** Any failure while evaluating for an element, as an ExpressionError that names the element. */
export function asElementError(e: unknown, elementId: string, spec: ProcessSpec): BpmnRunnerError {
  if (e instanceof BpmnRunnerError && e.elementId !== undefined) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ExpressionError(message, { elementId, ...locationIn(spec, elementId) }, { cause: e });
}
