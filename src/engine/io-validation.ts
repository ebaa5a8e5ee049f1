import { ParseError } from '../errors/index.js';
import type { ElementSpec, ProcessSpec } from '../spec/types.js';

/**
 * Where Camunda 7 accepts `camunda:inputOutput` (BpmnParse.checkActivityInputOutputSupported and
 * checkActivityOutputParameterSupported, pinned by InputOutputEventTest and InputOutputTest): on tasks,
 * intermediate and end events, subprocesses, transactions and call activities; not on start or boundary
 * events, gateways or event subprocesses; no outputs on end events or multi-instance activities (there
 * is no single value to carry out of many instances). Anything else would be mapped silently here and
 * refused by Camunda, so it is refused here too.
 */
export function checkIoMappings(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  if (proc.flavour !== 'camunda7') return;
  for (const el of all) {
    const io = el.io;
    if (!io || io.inputs.length + io.outputs.length === 0) continue;
    if (UNSUPPORTED.has(el.kind)) fail(el, `camunda:inputOutput mapping unsupported for element type '${el.kind}'`);
    if (el.kind === 'subProcess' && el.triggeredByEvent) {
      fail(el, `camunda:inputOutput mapping unsupported for element type 'subProcess' with attribute 'triggeredByEvent = true'`);
    }
    if (io.outputs.length === 0) continue;
    if (el.kind === 'endEvent') fail(el, `camunda:outputParameter not allowed for element type 'endEvent'`);
    if (el.loop?.type === 'multiInstance') fail(el, 'camunda:outputParameter not allowed for multi-instance constructs');
  }
}

const UNSUPPORTED = new Set<ElementSpec['kind']>([
  'startEvent',
  'boundaryEvent',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
  'complexGateway',
]);

function fail(el: ElementSpec, message: string): never {
  throw new ParseError(message, {
    elementId: el.id,
    ...(el.loc.file !== undefined ? { file: el.loc.file } : {}),
    ...(el.loc.line !== undefined ? { line: el.loc.line } : {}),
    ...(el.loc.column !== undefined ? { column: el.loc.column } : {}),
  });
}
