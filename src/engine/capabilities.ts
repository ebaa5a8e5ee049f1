import { UnsupportedElementError } from '../errors/index.js';
import type { DefinitionsSpec, ElementSpec, EventDefinition, ProcessSpec } from '../spec/types.js';
import { isDecisionResultMapping } from '../dmn/index.js';
import { BEHAVIOURS } from './behaviours/index.js';
import { listenerEventOf } from './listeners.js';
import { validateModel } from './model-validation.js';

/** Script formats the sandbox runs; everything else (groovy, python, …) is refused. */
const SCRIPT_FORMATS = new Set(['javascript', 'js', 'ecmascript', 'feel']);

/**
 * A script runs when the sandbox runs its language, or when the parser compiled it to an expression
 * (JUEL in Camunda 7 files; a Camunda 8 FEEL script task). FEEL has no place in io parameters or listeners.
 */
function runnable(format: string | undefined, expression: unknown, where: 'task' | 'other'): boolean {
  if (format === 'juel') return expression !== undefined;
  if (format === 'feel') return where === 'task';
  return SCRIPT_FORMATS.has(format ?? '');
}

/**
 * The deploy-time promise "never run half a diagram": every element of every process must be
 * something this engine version executes faithfully, else UnsupportedElementError with its location.
 * The parser represents everything; this is the single place that says what runs.
 */
export function assertRunnable(defs: DefinitionsSpec): void {
  validateModel(defs);
  for (const proc of defs.processes) {
    for (const id of Object.keys(proc.elements)) checkElement(proc, proc.elements[id]!);
    // The process's own listeners: reported at the <process> element.
    if (proc.listeners) checkListeners({ id: proc.id, loc: proc.loc } as ElementSpec, proc.listeners, false);
    for (const f of Object.values(proc.flows)) if (f.listeners) checkListeners({ id: f.id, loc: f.loc } as ElementSpec, f.listeners, false, true);
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

const CATCHABLE: EventDefinition['type'][] = ['timer', 'message', 'signal', 'conditional'];

function checkElement(proc: ProcessSpec, el: ElementSpec): void {
  if (!BEHAVIOURS[el.kind]) reject(el, `${el.kind} ${el.id}`);
  if (el.loop?.type === 'multiInstance' && !el.loop.inputCollection && !el.loop.loopCardinality) {
    reject(el, `multi-instance on ${el.id} without loopCardinality or an input collection`);
  }
  if (el.loop?.type === 'standardLoop' && proc.flavour === 'camunda8') {
    reject(el, `standard loop on ${el.id}: Camunda 8 has no standard loop characteristics (use multi-instance)`);
  }
  if (el.loop?.type === 'standardLoop' && !el.loop.loopCondition && el.loop.loopMaximum === undefined) {
    reject(el, `standard loop on ${el.id} without loopCondition or loopMaximum (it would never end)`);
  }
  checkListeners(el, el.listeners, el.kind === 'userTask');
  for (const p of [...(el.io?.inputs ?? []), ...(el.io?.outputs ?? [])]) {
    for (const sc of p.scripts ?? []) {
      // The stored deployment is the BPMN text alone: a script file next to it would not come back with it.
      if (!runnable(sc.format, undefined, 'other') && sc.resource === undefined) reject(el, `script format "${sc.format}" in input/output parameter "${p.target}" of ${el.id} (only JavaScript and JUEL run)`);
      if (sc.resource !== undefined) reject(el, `external script resource ${sc.resource} in input/output parameter "${p.target}" of ${el.id}`);
    }
  }
  switch (el.kind) {
    case 'startEvent': {
      const parent = proc.elements[el.scopeId];
      const inEventSubProcess = parent?.kind === 'subProcess' && parent.triggeredByEvent;
      if (inEventSubProcess) checkDefinitions(el, el.eventDefinitions, [...CATCHABLE, 'error', 'escalation', 'compensate']);
      else if (el.scopeId === proc.id) checkDefinitions(el, el.eventDefinitions, ['message', 'signal', 'timer', 'conditional']);
      else checkDefinitions(el, el.eventDefinitions, []);
      if (el.eventDefinitions.length > 1) reject(el, `start event ${el.id} with several event definitions`);
      return;
    }
    case 'endEvent':
      checkDefinitions(el, el.eventDefinitions, ['terminate', 'error', 'escalation', 'signal', 'message', 'compensate', 'cancel']);
      if (el.eventDefinitions.some((d) => d.type === 'cancel') && proc.elements[el.scopeId]?.kind !== 'transaction') {
        reject(el, `cancel end event ${el.id} outside a transaction`);
      }
      return;
    case 'intermediateThrowEvent':
      checkDefinitions(el, el.eventDefinitions, ['signal', 'message', 'escalation', 'link', 'compensate']);
      return;
    case 'intermediateCatchEvent':
      checkDefinitions(el, el.eventDefinitions, [...CATCHABLE, 'link']);
      if (el.eventDefinitions.length === 0) reject(el, `intermediate catch event ${el.id} without an event definition`);
      return;
    case 'boundaryEvent':
      checkDefinitions(el, el.eventDefinitions, [...CATCHABLE, 'error', 'escalation', 'compensate', 'cancel']);
      if (el.eventDefinitions.length === 0) reject(el, `boundary event ${el.id} without an event definition`);
      if (el.eventDefinitions.some((d) => d.type === 'cancel') && proc.elements[el.attachedToId]?.kind !== 'transaction') {
        reject(el, `cancel boundary ${el.id} not on a transaction`);
      }
      return;
    case 'receiveTask':
      return;
    case 'eventBasedGateway':
      for (const f of el.outgoing) {
        const target = proc.elements[proc.flows[f]?.targetId ?? ''];
        const ok = target && (target.kind === 'receiveTask' || (target.kind === 'intermediateCatchEvent' && target.eventDefinitions.some((d) => CATCHABLE.includes(d.type))));
        if (!ok) reject(el, `event-based gateway ${el.id} leading to something other than a catch event or receive task`);
        // BPMN 2.0 §10.6.6: the events after an event-based gateway have that gateway as their only way in.
        if (target && target.incoming.length > 1) reject(target, `${target.id} follows event-based gateway ${el.id} but has other incoming sequence flows`);
      }
      return;
    case 'scriptTask':
      if (el.resource !== undefined) reject(el, `external script resource ${el.resource} on ${el.id}`);
      if (!runnable(el.format, el.expression, 'task')) reject(el, `script format "${el.format}" on ${el.id} (only JavaScript, JUEL and FEEL run)`);
      return;
    case 'serviceTask':
    case 'sendTask':
    case 'businessRuleTask':
      if (el.decisionResultMapping !== undefined && !isDecisionResultMapping(el.decisionResultMapping)) {
        reject(el, `camunda:mapDecisionResult "${el.decisionResultMapping}" on ${el.id} (use singleEntry, singleResult, collectEntries or resultList)`);
      }
      if (el.service.typeSource === 'expression' && !el.service.expression) reject(el, `camunda:expression on ${el.id} that did not compile`);
      return;
    default:
      return;
  }
}

const TASK_EVENTS = new Set(['create', 'assignment', 'update', 'complete', 'delete', 'timeout']);

/** A listener we cannot run would silently skip the side effect it exists for. */
function checkListeners(at: ElementSpec, listeners: ElementSpec['listeners'], isUserTask: boolean, isFlow = false): void {
  for (const l of listeners ?? []) {
    const event = listenerEventOf(l);
    const ok = isFlow ? l.scope === 'execution' && event === 'take' : l.scope === 'execution' ? event === 'start' || event === 'end' : event !== undefined && TASK_EVENTS.has(event) && isUserTask;
    if (!ok) reject(at, `${l.scope} listener on "${l.event}" of ${at.id}`);
    if (l.kind === 'script' && !runnable(l.format, l.expression, 'other')) reject(at, `${l.format ?? 'unknown'} script listener on ${at.id} (only JavaScript and JUEL run)`);
    if ((l.kind === 'class' || l.kind === 'delegateExpression') && !l.serviceName) reject(at, `${l.kind} listener on ${at.id} without a name`);
  }
}

function checkDefinitions(el: ElementSpec, defs: readonly EventDefinition[], allowed: EventDefinition['type'][]): void {
  for (const d of defs) {
    if (!allowed.includes(d.type)) reject(el, `${d.type} event definition on ${el.kind} ${el.id}`);
  }
}
