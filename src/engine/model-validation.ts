import { ParseError } from '../errors/index.js';
import { checkCompensationCatches } from './compensation-validation.js';
import { checkIoMappings } from './io-validation.js';
import type {
  BoundaryEventSpec,
  DefinitionsSpec,
  ElementSpec,
  EventDefinition,
  FlowSpec,
  ProcessSpec,
  StartEventSpec,
} from '../spec/types.js';

/**
 * Deploy-time checks for models that are well-formed XML and map onto the spec but that Camunda 7
 * refuses to deploy (BpmnParse adds an error). Each rule names the BpmnParse method that makes it and the
 * Camunda test that pins it, so a rule is only here because Camunda really makes it. Rules whose Zeebe
 * counterpart differs are limited to the Camunda 7 flavour.
 * Runs after parsing; throws ParseError at the first offending element.
 */
export function validateModel(defs: DefinitionsSpec): void {
  for (const proc of defs.processes) validateProcess(proc);
}

function fail(at: { id: string; loc: ElementSpec['loc'] | FlowSpec['loc'] }, message: string): never {
  throw new ParseError(message, {
    elementId: at.id,
    ...(at.loc.file !== undefined ? { file: at.loc.file } : {}),
    ...(at.loc.line !== undefined ? { line: at.loc.line } : {}),
    ...(at.loc.column !== undefined ? { column: at.loc.column } : {}),
  });
}

const defsOf = (el: ElementSpec): readonly EventDefinition[] => ('eventDefinitions' in el ? el.eventDefinitions : []);
const hasDef = (el: ElementSpec, type: EventDefinition['type']): boolean => defsOf(el).some((d) => d.type === type);
const isEventSubProcess = (el: ElementSpec | undefined): boolean => el?.kind === 'subProcess' && el.triggeredByEvent;
/** Escalation.escalationCode: Camunda stores an empty attribute as "no code" (BpmnParse.createEscalation). */
const code = (c: string | undefined): string | undefined => (c === undefined || c === '' ? undefined : c);

function validateProcess(proc: ProcessSpec): void {
  const all = Object.values(proc.elements);
  checkStartEvents(proc, all);
  checkFlows(proc);
  checkSubscriptions(proc, all);
  checkConditionalStarts(proc);
  checkBoundaries(proc, all);
  checkThrowEvents(proc, all);
  checkLinks(proc, all);
  checkCompensationCatches(proc, all);
  checkIoMappings(proc, all);
}

// ---- start events (BpmnParse.parseStartEvents / selectInitial / parseScopeStartEvent) ---------------

function checkStartEvents(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  const starts = (scopeId: string): StartEventSpec[] =>
    all.filter((e): e is StartEventSpec => e.kind === 'startEvent' && e.scopeId === scopeId);

  // BpmnParseTest#testInvalidProcessWithoutStartEvent: "process must define a startEvent element".
  const top = starts(proc.id);
  if (top.length === 0) fail(proc, `process ${proc.id} must define a start event`);
  // BpmnParseTest#testMultipleTimerStartEvents: Camunda 7 keeps one "initial" among none and timer
  // start events; Zeebe allows several timer starts but, like every Camunda, only one none start.
  const exclusive = top.filter((s) => s.eventDefinitions.length === 0 || (proc.flavour === 'camunda7' && hasDef(s, 'timer')));
  if (exclusive.length > 1) {
    fail(exclusive[1]!, proc.flavour === 'camunda7'
      ? `process ${proc.id} has several none or timer start events; Camunda 7 supports only one`
      : `process ${proc.id} has several none start events`);
  }

  for (const scope of all) {
    if (scope.kind !== 'subProcess' && scope.kind !== 'transaction') continue;
    const inner = starts(scope.id);
    // BpmnParseTest#testInvalidSubProcessWithoutStartEvent: "subProcess must define a startEvent element".
    if (inner.length === 0 && scope.kind === 'subProcess') fail(scope, `subprocess ${scope.id} must define a start event`);
    // parseScopeStartEvent: "multiple start events not supported for subprocess".
    if (inner.length > 1) fail(inner[1]!, `subprocess ${scope.id} has several start events; only one is supported`);
    const start = inner[0];
    // parseScopeStartEvent: "error start event of event subprocess must be interrupting".
    if (start && scope.kind === 'subProcess' && scope.triggeredByEvent && hasDef(start, 'error') && !start.isInterrupting) {
      fail(start, `error start event ${start.id} of event subprocess ${scope.id} must be interrupting`);
    }
  }
}

// ---- sequence flows (BpmnParse.parseSequenceFlow) ------------------------------------------------------

function checkFlows(proc: ProcessSpec): void {
  for (const flow of Object.values(proc.flows)) {
    const source = proc.elements[flow.sourceId];
    const target = proc.elements[flow.targetId];
    // CompensationEventParseInvalidProcessTest[invalidOutgoingSequenceflow|invalidIncomingSequenceflow].
    if (source?.isForCompensation) fail(flow, `compensation activity ${source.id} must not have an outgoing sequence flow (${flow.id})`);
    if (target?.isForCompensation) fail(flow, `compensation activity ${target.id} must not have an incoming sequence flow (${flow.id})`);
    // BpmnParseTest#testInvalidSequenceFlowInAndOutEventSubProcess.
    if (isEventSubProcess(source)) fail(flow, `event subprocess ${flow.sourceId} must not have an outgoing sequence flow (${flow.id})`);
    if (isEventSubProcess(target)) fail(flow, `event subprocess ${flow.targetId} must not have an incoming sequence flow (${flow.id})`);
  }
  for (const el of Object.values(proc.elements)) {
    // parseEventBasedGateway: "'asyncAfter' not supported for eventBasedGateway elements".
    if (el.kind === 'eventBasedGateway' && el.asyncAfter && proc.flavour === 'camunda7') {
      fail(el, `camunda:asyncAfter is not supported on event-based gateway ${el.id}`);
    }
  }
}

// ---- message and signal subscriptions (BpmnParse.addEventSubscriptionDeclaration) ---------------------

interface Subscription {
  readonly el: ElementSpec;
  readonly type: 'message' | 'signal';
  readonly name: string | undefined;
  /** The scope whose instance holds the subscription ("event scope" in Camunda). */
  readonly scope: string;
  readonly isStart: boolean;
}

function subscriptionsOf(proc: ProcessSpec, el: ElementSpec): Subscription[] {
  let scope: string;
  let isStart = false;
  if (el.kind === 'startEvent') {
    const parent = proc.elements[el.scopeId];
    if (el.scopeId === proc.id) {
      scope = proc.id;
      isStart = true;
    } else if (isEventSubProcess(parent)) scope = parent!.scopeId;
    else return [];
  } else if (el.kind === 'boundaryEvent') scope = el.attachedToId;
  else if (el.kind === 'intermediateCatchEvent') {
    const from = el.incoming.map((f) => proc.elements[proc.flows[f]?.sourceId ?? '']).find((s) => s?.kind === 'eventBasedGateway');
    scope = from ? from.id : el.id;
  } else if (el.kind === 'receiveTask') {
    return el.message ? [{ el, type: 'message', name: el.message.messageName?.source, scope: el.id, isStart }] : [];
  } else return [];
  const out: Subscription[] = [];
  for (const d of defsOf(el)) {
    if (d.type === 'message') out.push({ el, type: 'message', name: d.messageName?.source, scope, isStart });
    if (d.type === 'signal') out.push({ el, type: 'signal', name: d.signalName?.source, scope, isStart });
  }
  return out;
}

function checkSubscriptions(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  for (const el of all) {
    // SignalEventParseInvalidProcessTest[no signalRef, signal has no name]: a signal event definition needs a
    // signalRef (parseSignalEventDefinition) to a <signal> with a name (parseSignals); either way the spec has no name.
    if (defsOf(el).some((d) => d.type === 'signal' && d.signalName === undefined)) fail(el, `signal event ${el.id} needs a signalRef to a signal with a name`);
  }
  const seen = new Map<string, Subscription>();
  for (const s of all.flatMap((el) => subscriptionsOf(proc, el))) {
    // Message*EventTest#testEmptyMessageNameFails: "Cannot have a message event subscription with an empty or missing name".
    if (s.type === 'message' && (s.name === undefined || s.name.trim() === '')) fail(s.el, `message event ${s.el.id} needs a message with a name`);
    if (s.name === undefined) continue;
    // MessageStartEventTest#testUsingExpressionWith{Dollar,Hash}TagInMessageStartEventName…: ensureNoExpressionInMessageStartEvent.
    if (s.type === 'message' && s.isStart && proc.flavour === 'camunda7' && /[$#]\{/.test(s.name)) {
      fail(s.el, `message start event ${s.el.id}: expressions in the message name "${s.name}" are not allowed`);
    }
    // MessageStartEventTest#testSameMessageNameInSameProcessFails, MessageBoundaryEventTest#testDoubleBoundaryMessageEventSameMessageId,
    // SignalEventParseInvalidProcessTest[two signal start events / two interrupting signal event subprocesses, same name].
    const key = JSON.stringify([s.type, s.scope, s.isStart, s.name]);
    const first = seen.get(key);
    if (first) fail(s.el, `${s.el.id} and ${first.el.id} both wait for ${s.type} "${s.name}" in scope ${s.scope}; only one subscription per name is allowed`);
    seen.set(key, s);
  }
}

/**
 * ConditionalStartEventTest#testDeploymentOfTwoEqualConditionalStartEvent: "Cannot have more than one
 * conditional event subscription with the same condition" among a process's conditional start events.
 */
function checkConditionalStarts(proc: ProcessSpec): void {
  const seen = new Map<string, ElementSpec>();
  for (const id of proc.childIds) {
    const el = proc.elements[id];
    if (el?.kind !== 'startEvent') continue;
    for (const d of el.eventDefinitions) {
      if (d.type !== 'conditional') continue;
      const first = seen.get(d.condition.source);
      if (first) fail(el, `${el.id} and ${first.id} are conditional start events with the same condition ${d.condition.source}`);
      seen.set(d.condition.source, el);
    }
  }
}

// ---- boundary events and event subprocess catch events --------------------------------------------

/** Activities Camunda 7 lets an escalation boundary event sit on (BpmnParse.parseBoundaryEvents). */
const ESCALATION_HOSTS = new Set<ElementSpec['kind']>(['subProcess', 'transaction', 'callActivity', 'userTask']);

function checkBoundaries(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  const boundaries = all.filter((e): e is BoundaryEventSpec => e.kind === 'boundaryEvent');
  const firstOn = new Map<string, BoundaryEventSpec>();
  for (const b of boundaries) {
    const host = proc.elements[b.attachedToId];
    for (const type of ['compensate', 'cancel'] as const) {
      if (!hasDef(b, type)) continue;
      // CompensationEventParseInvalidProcessTest[multipleCompensationCatchEventsFails] ("multiple boundary events with
      // compensateEventDefinition not supported on same activity"), TransactionSubProcessTest#testMultipleCancelBoundaryFails.
      const key = `${type}\u0000${b.attachedToId}`;
      const other = firstOn.get(key);
      if (other) fail(b, `${b.id} and ${other.id} are both ${type} boundary events on ${b.attachedToId}; only one is supported`);
      firstOn.set(key, b);
    }
    // CompensationEventParseInvalidProcessTest[multipleCompensationCatchEventsCompensationAttributeMissingFails]:
    // "compensation boundary catch must be connected to element with isForCompensation=true".
    const handler = b.compensationHandlerId !== undefined ? proc.elements[b.compensationHandlerId] : undefined;
    if (hasDef(b, 'compensate') && handler && !handler.isForCompensation) {
      fail(b, `compensation boundary ${b.id} must be associated with an activity marked isForCompensation="true" (${handler.id} is not)`);
    }
    // EscalationEventParseInvalidProcessTest[invalidAttachement].
    if (hasDef(b, 'escalation') && proc.flavour === 'camunda7' && host && !ESCALATION_HOSTS.has(host.kind)) {
      fail(b, `escalation boundary event ${b.id} can only be attached to a subprocess, call activity or user task`);
    }
  }
  checkEscalationCatches(proc, all);
}

/**
 * BpmnParse.addEscalationEventDefinition: per catching scope, boundary events and event subprocesses are
 * checked among themselves; a catch-all may not share the scope with any other catcher of its kind.
 * EscalationEventParseInvalidProcessTest[multipleEscalation{BoundaryEvents,EventSubprocess}…, multipleInterrupting…].
 */
function checkEscalationCatches(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  const groups = new Map<string, { el: ElementSpec; code: string | undefined }[]>();
  for (const el of all) {
    let key: string | undefined;
    if (el.kind === 'boundaryEvent') key = `boundary\u0000${el.attachedToId}`;
    else if (el.kind === 'startEvent' && isEventSubProcess(proc.elements[el.scopeId])) key = `eventSubProcess\u0000${proc.elements[el.scopeId]!.scopeId}`;
    if (key === undefined) continue;
    for (const d of defsOf(el)) {
      if (d.type !== 'escalation') continue;
      const group = groups.get(key) ?? [];
      const c = code(d.escalationCode);
      for (const other of group) {
        if (other.code === undefined || c === undefined) {
          fail(el, `${el.id} and ${other.el.id} catch escalations in the same scope and one of them catches all escalations`);
        }
        if (other.code === c) fail(el, `${el.id} and ${other.el.id} catch the same escalation code "${c}" in the same scope`);
      }
      group.push({ el, code: c });
      groups.set(key, group);
    }
  }
}

// ---- throwing events (BpmnParse.parseEndEvents / parseIntermediateThrowEvent) --------------------------

function checkThrowEvents(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  for (const el of all) {
    if (el.kind !== 'endEvent' && el.kind !== 'intermediateThrowEvent') continue;
    for (const d of el.eventDefinitions) {
      // BoundaryErrorEventTest#testThrowErrorWithoutErrorCode / #testThrowErrorWithEmptyErrorCode.
      if (d.type === 'error' && (d.errorCode === undefined || d.errorCode === '')) fail(el, `error end event ${el.id} must reference an error with an errorCode`);
      // EscalationEventParseInvalidProcessTest[missingEscalationCodeOn…, missingEscalationRefOn…].
      if (d.type === 'escalation' && code(d.escalationCode) === undefined) fail(el, `escalation event ${el.id} must reference an escalation with an escalationCode`);
      // CompensationEventParseInvalidProcessTest[illegalCompensateActivityRef{Parent,Nested}Scope]
      // (parseThrowCompensateEventDefinition: activityRef must be an activity of the throwing scope, or of the
      // scope that holds the event subprocess the throw sits in).
      if (d.type === 'compensate' && d.activityRef !== undefined) {
        const target = proc.elements[d.activityRef];
        const scope = proc.elements[el.scopeId];
        const allowed = [el.scopeId, ...(isEventSubProcess(scope) ? [scope!.scopeId] : [])];
        if (!target || !allowed.includes(target.scopeId)) {
          fail(el, `compensation event ${el.id}: activityRef "${d.activityRef}" is not an activity in scope ${el.scopeId}`);
        }
      }
    }
  }
}

// ---- link events (BpmnParse.parseIntermediateLinkEventCatchBehavior / parseSequenceFlow) ---------------

function checkLinks(proc: ProcessSpec, all: readonly ElementSpec[]): void {
  const linkName = (el: ElementSpec): string | undefined => {
    const d = defsOf(el).find((x) => x.type === 'link');
    return d?.type === 'link' ? d.linkName : undefined;
  };
  const catches = new Map<string, ElementSpec>();
  for (const el of all) {
    const name = linkName(el);
    if (el.kind !== 'intermediateCatchEvent' || name === undefined) continue;
    // LinkEventTest#testInvalidEventLinkMultipleTargets. Camunda 7 keeps one link-name table per file;
    // the per-scope rule is the part every engine shares.
    const key = proc.flavour === 'camunda7' ? name : `${el.scopeId}\u0000${name}`;
    const other = catches.get(key);
    if (other) fail(el, `${el.id} and ${other.id} are both link catch events named "${name}"; a link name may have only one target`);
    catches.set(key, el);
  }
  for (const el of all) {
    const name = linkName(el);
    if (el.kind !== 'intermediateThrowEvent' || name === undefined || el.incoming.length === 0) continue;
    // parseSequenceFlow: "sequence flow points to link event source with name … but no event target with that
    // name exists", and a target outside the scope is an "Invalid destination".
    const target = [...catches.values()].find((c) => linkName(c) === name && c.scopeId === el.scopeId);
    if (!target) fail(el, `link throw event ${el.id}: no link catch event named "${name}" in the same scope`);
  }
}
