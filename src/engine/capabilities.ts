import { UnsupportedElementError } from '../errors/index.js';
import type { DefinitionsSpec, ElementSpec, EventDefinition, ProcessSpec } from '../spec/types.js';
import { BEHAVIOURS } from './behaviours/index.js';

/** Script formats the sandbox runs; everything else (groovy, python, juel scripts) is refused. */
const SCRIPT_FORMATS = new Set(['javascript', 'js', 'ecmascript', 'feel']);

/**
 * The deploy-time promise "never run half a diagram": every element of every process must be
 * something this engine version executes faithfully, else UnsupportedElementError with its location.
 * The parser represents everything; this is the single place that says what runs.
 */
export function assertRunnable(defs: DefinitionsSpec): void {
  for (const proc of defs.processes) {
    for (const id of Object.keys(proc.elements)) checkElement(proc, proc.elements[id]!);
  }
}

function reject(el: ElementSpec, what: string): never {
  throw new UnsupportedElementError(`${what} is not supported yet`, {
    elementId: el.id,
    ...(el.loc.file !== undefined ? { file: el.loc.file } : {}),
    ...(el.loc.line !== undefined ? { line: el.loc.line } : {}),
    ...(el.loc.column !== undefined ? { column: el.loc.column } : {}),
  });
}

function checkElement(proc: ProcessSpec, el: ElementSpec): void {
  if (!BEHAVIOURS[el.kind]) reject(el, `${el.kind} ${el.id}`);
  if (el.loop) reject(el, `${el.loop.type === 'multiInstance' ? 'multi-instance' : 'loop'} on ${el.id}`);
  if (el.boundaryEventIds && el.boundaryEventIds.length > 0) reject(el, `boundary events on ${el.id}`);
  for (const l of el.listeners ?? []) {
    // A listener we cannot run would silently skip the side effect it exists for.
    reject(el, `${l.scope} listener (${l.kind}) on ${el.id}`);
  }
  switch (el.kind) {
    case 'startEvent':
      checkDefinitions(el, el.eventDefinitions, []);
      return;
    case 'endEvent':
      checkDefinitions(el, el.eventDefinitions, ['terminate']);
      return;
    case 'intermediateThrowEvent':
      checkDefinitions(el, el.eventDefinitions, []);
      return;
    case 'scriptTask':
      if (el.resource !== undefined) reject(el, `external script resource ${el.resource} on ${el.id}`);
      if (!SCRIPT_FORMATS.has(el.format)) reject(el, `script format "${el.format}" on ${el.id} (only JavaScript and FEEL run)`);
      return;
    case 'serviceTask':
    case 'sendTask':
    case 'businessRuleTask':
      if (el.decisionRef !== undefined) reject(el, `DMN decision ${el.decisionRef} on business rule task ${el.id}`);
      if (el.service.typeSource === 'expression') {
        reject(el, `camunda:expression on ${el.id} (use camunda:delegateExpression="\${name}" with a registered service, or an external topic)`);
      }
      return;
    case 'subProcess':
      if (el.triggeredByEvent) reject(el, `event subprocess ${el.id}`);
      return;
    case 'inclusiveGateway':
    case 'exclusiveGateway':
    case 'parallelGateway':
      return;
    default:
      return;
  }
}

function checkDefinitions(el: ElementSpec, defs: readonly EventDefinition[], allowed: EventDefinition['type'][]): void {
  for (const d of defs) {
    if (!allowed.includes(d.type)) reject(el, `${d.type} event definition on ${el.kind} ${el.id}`);
  }
}
