import { ParseError } from '../errors/index.js';
import type { ElementSpec, ProcessSpec } from '../spec/types.js';

/**
 * Deploy-time rules for the events that catch compensation (compensation boundary events and the start
 * events of compensation event subprocesses), as Camunda 7's BpmnParse.parseCompensationEventSubprocess
 * makes them; pinned by CompensationEventParseInvalidProcessTest.
 */
export function checkCompensationCatches(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  const espBySubprocess = new Map<string, ElementSpec>();
  for (const el of all) {
    const def = 'eventDefinitions' in el ? el.eventDefinitions.find((d) => d.type === 'compensate') : undefined;
    if (!def || def.type !== 'compensate') continue;
    if (el.kind !== 'startEvent' && el.kind !== 'boundaryEvent') continue;
    // Camunda only warns "attribute 'activityRef' is not supported on catching compensation event. attribute
    // will be ignored"; ignoring it would compensate more than the model says, so it is refused here.
    if (def.activityRef !== undefined) {
      fail(el, `compensation ${el.kind === 'startEvent' ? 'start' : 'boundary'} event ${el.id} must not name an activityRef (only throwing compensation events select an activity)`);
    }
    if (el.kind !== 'startEvent') continue;
    const esp = proc.elements[el.scopeId];
    if (esp?.kind !== 'subProcess' || !esp.triggeredByEvent) continue;
    const subprocess = proc.elements[esp.scopeId];
    if (!subprocess || esp.scopeId === proc.id) {
      fail(el, `event subprocess ${esp.id} with a compensation start event is only supported inside an embedded subprocess, not at process level`);
    }
    const other = espBySubprocess.get(subprocess.id);
    if (other) fail(el, `${esp.id} and ${other.id} are both compensation event subprocesses of ${subprocess.id}; only one is supported per scope`);
    espBySubprocess.set(subprocess.id, esp);
    const boundary = (subprocess.boundaryEventIds ?? []).map((id) => proc.elements[id]).find((b) => b?.kind === 'boundaryEvent' && b.eventDefinitions.some((d) => d.type === 'compensate'));
    if (boundary) fail(el, `${subprocess.id} has both a compensation boundary event (${boundary.id}) and a compensation event subprocess (${esp.id}); only one is supported`);
  }
}

function fail(at: ElementSpec, message: string): never {
  throw new ParseError(message, {
    elementId: at.id,
    ...(at.loc.file !== undefined ? { file: at.loc.file } : {}),
    ...(at.loc.line !== undefined ? { line: at.loc.line } : {}),
    ...(at.loc.column !== undefined ? { column: at.loc.column } : {}),
  });
}
