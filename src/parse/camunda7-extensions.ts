import type { CallMapping, CompiledExpression, ServiceSpec, TaskAssignment, VariableMappingRef } from '../spec/types.js';
import { camunda7Form } from './camunda7-forms.js';
import { camunda7Checks } from './camunda7-checks.js';
import { camunda7IoParameters } from './camunda7-io.js';
import { camunda7Listeners, delegateName } from './camunda7-listeners.js';
import { camunda7Priorities } from './camunda7-priority.js';
import { commaListExpression, splitCommaList } from './composite-expressions.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { bool, child, elements, extension, extensions, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';
import { parseRetryCycle } from './retry-cycle.js';

/** moddle reports the schema default (false) for an absent flag; only an explicit true counts. */
const asyncFlag = (el: ModdleElement, name: string): boolean => bool(el, name) === true;

function retry(el: ModdleElement, ctx: ParseContext): ServiceSpec['retry'] {
  const cycle =
    str(extension(el, 'camunda:FailedJobRetryTimeCycle'), 'body') ??
    // Camunda 7 still honours the fox (camunda fox 6) spelling of the same setting.
    elements(child(el, 'extensionElements')?.['values']).find((v) => /:failedJobRetryTimeCycle$/.test(v.$type))?.$body;
  if (cycle === undefined) return undefined;
  const spec = parseRetryCycle(cycle);
  if (!spec) return ctx.fail(el, `camunda:failedJobRetryTimeCycle "${cycle.trim()}" is neither R<n>/<duration> nor a list of durations`);
  return spec;
}

/**
 * `camunda:field`s become headers. An `expression` field is evaluated when the handler is called (a Java
 * delegate gets an Expression it evaluates against the execution); its header holds the value then.
 */
function fields(el: ModdleElement, ctx: ParseContext): Pick<ServiceSpec, 'headers' | 'fieldExpressions'> {
  const list = extensions(el, 'camunda:Field');
  if (list.length === 0) return {};
  const headers: Record<string, string> = {};
  const expressions: Record<string, CompiledExpression> = {};
  for (const f of list) {
    const name = str(f, 'name') ?? '';
    const text = str(f, 'stringValue') ?? str(f, 'string');
    const expression = str(f, 'expression');
    headers[name] = text ?? expression ?? '';
    if (text === undefined && expression !== undefined) expressions[name] = ctx.expr(expression.trim(), el);
  }
  return { headers, ...(Object.keys(expressions).length > 0 ? { fieldExpressions: expressions } : {}) };
}

function service(el: ModdleElement, ctx: ParseContext): ServiceSpec | undefined {
  const topic = str(el, 'topic');
  const camundaType = str(el, 'type');
  const delegate = str(el, 'delegateExpression');
  const cls = str(el, 'class');
  const expression = str(el, 'expression');
  const connector = extension(el, 'camunda:Connector');
  const base = ((): Pick<ServiceSpec, 'type' | 'typeSource' | 'external' | 'expression' | 'typeExpression'> | undefined => {
    // A topic may be an expression (`camunda:topic="${topicName}"`), evaluated when the task is reached.
    if (topic !== undefined || camundaType === 'external') {
      return { type: topic ?? '', typeSource: 'topic', external: true, ...(topic !== undefined && /[$#]\{/.test(topic) ? { typeExpression: ctx.expr(topic, el) } : {}) };
    }
    if (delegate !== undefined) return { type: delegateName(delegate), typeSource: 'delegateExpression', external: false };
    if (cls !== undefined) return { type: cls, typeSource: 'class', external: false };
    if (camundaType !== undefined) return { type: camundaType, typeSource: 'camundaType', external: false };
    // An expression service task is evaluated by the engine itself; method calls on Java beans fail
    // to compile here, with the element's location.
    if (expression !== undefined) return { type: expression, typeSource: 'expression', external: false, expression: ctx.expr(expression, el) };
    if (connector) {
      const io = child(connector, 'inputOutput');
      if (elements(io?.['inputParameters']).length + elements(io?.['outputParameters']).length > 0) {
        return ctx.unsupported(el, 'camunda:connector with input/output parameters is not supported; register a service for its connectorId instead');
      }
      return { type: str(connector, 'connectorId') ?? '', typeSource: 'camundaType', external: false };
    }
    return undefined;
  })();
  if (!base) return undefined;
  if (base.typeSource === 'topic' && base.type === '') ctx.fail(el, 'camunda:type="external" needs a camunda:topic');
  const r = retry(el, ctx);
  const injected = fields(el, ctx);
  const resultVariable = str(el, 'resultVariable');
  // Camunda 7 refuses it too: only an expression has a value to store; a delegate sets variables itself.
  if (resultVariable !== undefined && (base.typeSource === 'class' || base.typeSource === 'delegateExpression')) {
    ctx.fail(el, `camunda:resultVariable cannot be used with camunda:${base.typeSource}; only with camunda:expression`);
  }
  return {
    ...base,
    ...(r ? { retry: r } : {}),
    ...injected,
    ...(resultVariable !== undefined ? { resultVariable } : {}),
  };
}

/**
 * A Java DelegateVariableMapping becomes the mapping registered under the class name, or under the name
 * inside `${…}` (Camunda resolves the bean then). The class wins when both are given, as in Camunda.
 */
function delegatedVariableMapping(el: ModdleElement): VariableMappingRef | undefined {
  const cls = str(el, 'variableMappingClass')?.trim();
  if (cls) return { name: cls, source: 'class' };
  const expr = str(el, 'variableMappingDelegateExpression')?.trim();
  return expr ? { name: delegateName(expr), source: 'delegateExpression' } : undefined;
}

function callMappings(el: ModdleElement, type: 'camunda:In' | 'camunda:Out', ctx: ParseContext): CallMapping[] {
  return extensions(el, type).map((m) => {
    const out: { -readonly [K in keyof CallMapping]: CallMapping[K] } = {};
    if (str(m, 'variables') === 'all') out.all = true;
    if (bool(m, 'local')) out.local = true;
    const source = str(m, 'source');
    const sourceExpression = str(m, 'sourceExpression');
    const target = str(m, 'target');
    const businessKey = str(m, 'businessKey');
    if (source !== undefined) out.source = source;
    if (sourceExpression !== undefined) out.sourceExpression = ctx.expr(sourceExpression, el);
    if (target !== undefined) out.target = target;
    if (businessKey !== undefined) out.businessKey = ctx.expr(businessKey, el);
    if (!out.all && out.businessKey === undefined) {
      // Camunda 7 rejects these at deploy (BpmnParseTest.testEmptyCamunda*/testNoCamunda*).
      if (!source && !sourceExpression) ctx.fail(el, `${type.toLowerCase()} needs source, sourceExpression, variables="all" or businessKey`);
      if (!target) ctx.fail(el, `${type.toLowerCase()} needs a target`);
    }
    return out;
  });
}

function assignment(el: ModdleElement, ctx: ParseContext): TaskAssignment {
  const out: { -readonly [K in keyof TaskAssignment]: TaskAssignment[K] } = {};
  for (const key of ['assignee', 'dueDate', 'followUpDate', 'priority'] as const) {
    const text = str(el, key);
    if (text !== undefined && text.trim() !== '') out[key] = ctx.expr(text.trim(), el);
  }
  for (const key of ['candidateUsers', 'candidateGroups'] as const) {
    const text = str(el, key);
    if (text !== undefined && text.trim() !== '') out[key] = commaListExpression(text, el, ctx);
  }
  // Camunda 7 evaluates a task name with ${…} in it ("Review ${loopCounter}") when the task is created.
  const name = str(el, 'name');
  if (name !== undefined && /[$#]\{/.test(name)) out.name = ctx.expr(name, el);
  return out;
}

export const camunda7Extensions: FlavourExtensions = {
  io(el, ctx) {
    const io = extension(el, 'camunda:InputOutput');
    if (!io) return undefined;
    return { inputs: camunda7IoParameters(io['inputParameters'], el, ctx), outputs: camunda7IoParameters(io['outputParameters'], el, ctx) };
  },
  async(el) {
    // moddle reports the schema default (false) for an absent asyncBefore, so `??` would never reach the legacy flag.
    const before = bool(el, 'asyncBefore') === true || bool(el, 'async') === true;
    const after = bool(el, 'asyncAfter');
    return { ...(before ? { asyncBefore: true } : {}), ...(after ? { asyncAfter: true } : {}) };
  },
  listeners: (el, ctx) => camunda7Listeners(el, ctx, camunda7Extensions),
  priorities: camunda7Priorities,
  check: camunda7Checks,
  retry,
  assignment,
  userTaskForm: camunda7Form,
  startForm: camunda7Form,
  initiator: (el) => str(el, 'initiator'),
  service,
  decisionRef: (el) => str(el, 'decisionRef'),
  script(el) {
    const resource = str(el, 'resource');
    const resultVariable = str(el, 'resultVariable');
    const script = str(el, 'script');
    return {
      format: (str(el, 'scriptFormat') ?? '').toLowerCase(),
      ...(script !== undefined && script.trim() !== '' ? { script } : {}),
      ...(resource !== undefined ? { resource } : {}),
      ...(resultVariable !== undefined ? { resultVariable } : {}),
    };
  },
  callActivity(el, ctx) {
    const called = str(el, 'calledElement');
    const binding = str(el, 'calledElementBinding');
    const version = str(el, 'calledElementVersion') ?? str(el, 'calledElementVersionTag');
    if (binding !== undefined && !['latest', 'deployment', 'version', 'versionTag'].includes(binding)) {
      ctx.fail(el, `camunda:calledElementBinding "${binding}" is not latest, deployment, version or versionTag`);
    }
    const inMappings = callMappings(el, 'camunda:In', ctx);
    const outMappings = callMappings(el, 'camunda:Out', ctx);
    const variableMapping = delegatedVariableMapping(el);
    return {
      ...(called !== undefined ? { calledElement: ctx.expr(called, el) } : {}),
      ...(binding !== undefined ? { binding: binding as 'latest' } : {}),
      ...(version !== undefined ? { version } : {}),
      ...(version !== undefined && /[$#]\{/.test(version) ? { versionExpression: ctx.expr(version, el) } : {}),
      ...(inMappings.length > 0 ? { inMappings } : {}),
      ...(outMappings.length > 0 ? { outMappings } : {}),
      ...(variableMapping ? { variableMapping } : {}),
    };
  },
  multiInstance(loop, ctx) {
    const owner = loop.$parent ?? loop;
    const collection = str(loop, 'collection');
    const elementVariable = str(loop, 'elementVariable');
    const innerRetry = retry(loop, ctx);
    return {
      // A bare name is a variable reference in Camunda 7 (`camunda:collection="assigneeList"`).
      ...(collection !== undefined
        ? { inputCollection: ctx.expr(/^[A-Za-z_$][\w$]*$/.test(collection.trim()) ? `\${${collection.trim()}}` : collection, owner) }
        : {}),
      ...(elementVariable !== undefined ? { inputElement: elementVariable } : {}),
      ...(asyncFlag(loop, 'asyncBefore') || asyncFlag(loop, 'async') ? { innerAsyncBefore: true } : {}),
      ...(asyncFlag(loop, 'asyncAfter') ? { innerAsyncAfter: true } : {}),
      ...(innerRetry ? { innerRetry } : {}),
    };
  },
  versionTag: (p) => str(p, 'versionTag'),
  errorVariables(def) {
    const code = str(def, 'errorCodeVariable');
    const message = str(def, 'errorMessageVariable');
    return { ...(code !== undefined ? { errorCodeVariable: code } : {}), ...(message !== undefined ? { errorMessageVariable: message } : {}) };
  },
  errorMessage: (error) => str(error, 'errorMessage'),
  escalationCodeVariable: (def) => str(def, 'escalationCodeVariable'),
  signalThrow(def, ctx) {
    const payload = callMappings(def, 'camunda:In', ctx);
    return { ...(payload.length > 0 ? { payload } : {}), ...(bool(def, 'async') === true ? { async: true } : {}) };
  },
  conditionalFilter(def) {
    const name = str(def, 'variableName');
    const events = str(def, 'variableEvents');
    return {
      ...(name !== undefined && name.trim() !== '' ? { variableNames: [name.trim()] } : {}),
      ...(events !== undefined && events.trim() !== '' ? { variableEvents: splitCommaList(events) } : {}),
    };
  },
};
