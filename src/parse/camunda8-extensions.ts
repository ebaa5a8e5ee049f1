import { literal } from '../expr/index.js';
import type { CompiledExpression, FormSpec, IoParameter, ListenerSpec, TaskAssignment } from '../spec/types.js';
import { splitCommaList } from './composite-expressions.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { formJsToFormSpec } from './form-js-schema.js';
import { bool, elements, extension, extensions, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

function ioParameters(list: unknown, owner: ModdleElement, ctx: ParseContext): IoParameter[] {
  return elements(list).map((p) => {
    const target = str(p, 'target');
    if (!target) return ctx.fail(owner, 'zeebe:ioMapping parameter needs a target');
    const source = str(p, 'source');
    return { target, value: source === undefined ? literal(null) : ctx.expr(source, owner) };
  });
}

/**
 * Zeebe assignment values are a FEEL expression (`=…`) or a static value; static candidate lists are
 * comma separated (`sales, support`) and become a fixed list.
 */
function listValue(text: string, el: ModdleElement, ctx: ParseContext): CompiledExpression {
  if (text.trim().startsWith('=')) return ctx.expr(text.trim(), el);
  return literal(splitCommaList(text));
}

function assignment(el: ModdleElement, ctx: ParseContext): TaskAssignment {
  const out: { -readonly [K in keyof TaskAssignment]: TaskAssignment[K] } = {};
  const def = extension(el, 'zeebe:AssignmentDefinition');
  const schedule = extension(el, 'zeebe:TaskSchedule');
  const priority = str(extension(el, 'zeebe:PriorityDefinition'), 'priority');
  const single: [keyof TaskAssignment, string | undefined][] = [
    ['assignee', str(def, 'assignee')],
    ['dueDate', str(schedule, 'dueDate')],
    ['followUpDate', str(schedule, 'followUpDate')],
    ['priority', priority],
  ];
  for (const [key, text] of single) if (text !== undefined && text.trim() !== '') out[key] = ctx.expr(text.trim(), el);
  for (const key of ['candidateUsers', 'candidateGroups'] as const) {
    const text = str(def, key);
    if (text !== undefined && text.trim() !== '') out[key] = listValue(text, el, ctx);
  }
  return out;
}

const EMBEDDED_FORM = /^camunda-forms:bpmn:(.+)$/;

/**
 * `zeebe:formDefinition formId|formKey|externalReference`; a formKey `camunda-forms:bpmn:<id>` points at a
 * `zeebe:userTaskForm` embedded in the process's extensionElements, whose body is form-js JSON.
 */
function form(el: ModdleElement, ctx: ParseContext): FormSpec | undefined {
  const def = extension(el, 'zeebe:FormDefinition');
  if (!def) return undefined;
  const formKey = str(def, 'formKey') ?? str(def, 'formId') ?? str(def, 'externalReference');
  const embedded = formKey !== undefined ? EMBEDDED_FORM.exec(formKey)?.[1] : undefined;
  if (embedded === undefined) return formKey !== undefined ? { fields: [], formKey } : undefined;
  const holder = extensions(ctx.process, 'zeebe:UserTaskForm').find((f) => str(f, 'id') === embedded);
  if (!holder) return ctx.fail(el, `form "${formKey}" refers to zeebe:userTaskForm "${embedded}", which the process does not define`);
  let schema: unknown;
  try {
    schema = JSON.parse(str(holder, 'body') ?? '');
  } catch (e) {
    return ctx.fail(el, `zeebe:userTaskForm "${embedded}" is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const spec = formJsToFormSpec(schema);
  return { ...spec, formKey: formKey as string, schema };
}

function listeners(el: ModdleElement): ListenerSpec[] | undefined {
  // Zeebe listeners are jobs for workers of `type`; kept with format 'job' so the engine can tell.
  const pick = (holder: string, scope: 'execution' | 'task'): ListenerSpec[] =>
    extensions(el, holder).flatMap((h) =>
      elements(h['listeners']).map((l) => ({ scope, event: str(l, 'eventType') ?? 'start', kind: 'class' as const, format: 'job', source: str(l, 'type') ?? '', serviceName: str(l, 'type') ?? '' })),
    );
  const list = [...pick('zeebe:ExecutionListeners', 'execution'), ...pick('zeebe:TaskListeners', 'task')];
  return list.length > 0 ? list : undefined;
}

function retries(text: string | undefined): { maxAttempts?: number; source: string } | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  // Zeebe's job retries count every attempt, the first one included.
  return /^\d+$/.test(text.trim()) ? { maxAttempts: Number(text.trim()), source: text.trim() } : { source: text.trim() };
}

export const camunda8Extensions: FlavourExtensions = {
  io(el, ctx) {
    const io = extension(el, 'zeebe:IoMapping');
    if (!io) return undefined;
    return { inputs: ioParameters(io['inputParameters'], el, ctx), outputs: ioParameters(io['outputParameters'], el, ctx) };
  },
  listeners,
  assignment,
  userTaskForm: form,
  startForm: form,
  service(el) {
    const def = extension(el, 'zeebe:TaskDefinition');
    const type = str(def, 'type');
    if (type === undefined) return undefined;
    const r = retries(str(def, 'retries'));
    const headerList = elements(extension(el, 'zeebe:TaskHeaders')?.['values']);
    const headers: Record<string, string> = {};
    for (const h of headerList) headers[str(h, 'key') ?? ''] = str(h, 'value') ?? '';
    return {
      type,
      typeSource: 'zeebe',
      external: true,
      ...(r ? { retry: r } : {}),
      ...(headerList.length > 0 ? { headers } : {}),
    };
  },
  decisionRef: (el) => str(extension(el, 'zeebe:CalledDecision'), 'decisionId'),
  script(el, ctx) {
    const script = extension(el, 'zeebe:Script');
    if (!script) {
      if (extension(el, 'zeebe:TaskDefinition')) {
        return ctx.unsupported(el, 'a script task implemented by a job worker (zeebe:taskDefinition) is not supported; model it as a service task');
      }
      return undefined;
    }
    const expression = str(script, 'expression');
    const resultVariable = str(script, 'resultVariable');
    return {
      format: 'feel',
      ...(expression !== undefined ? { expression: ctx.expr(expression, el) } : {}),
      ...(resultVariable !== undefined ? { resultVariable } : {}),
    };
  },
  callActivity(el, ctx) {
    const called = extension(el, 'zeebe:CalledElement');
    const processId = str(called, 'processId');
    const bindingType = str(called, 'bindingType');
    const versionTag = str(called, 'versionTag');
    return {
      ...(processId !== undefined ? { calledElement: ctx.expr(processId, el) } : {}),
      ...(bindingType === 'latest' || bindingType === 'deployment' || bindingType === 'versionTag' ? { binding: bindingType } : {}),
      ...(versionTag !== undefined ? { version: versionTag } : {}),
      // Zeebe's defaults: both directions propagate all variables unless switched off.
      propagateAllChildVariables: bool(called, 'propagateAllChildVariables') ?? true,
      propagateAllParentVariables: bool(called, 'propagateAllParentVariables') ?? true,
    };
  },
  multiInstance(loop, ctx) {
    const owner = loop.$parent ?? loop;
    const z = extension(loop, 'zeebe:LoopCharacteristics');
    if (!z) return {};
    const inputCollection = str(z, 'inputCollection');
    const inputElement = str(z, 'inputElement');
    const outputCollection = str(z, 'outputCollection');
    const outputElement = str(z, 'outputElement');
    return {
      ...(inputCollection !== undefined ? { inputCollection: ctx.expr(inputCollection, owner) } : {}),
      ...(inputElement !== undefined ? { inputElement } : {}),
      ...(outputCollection !== undefined ? { outputCollection } : {}),
      ...(outputElement !== undefined ? { outputElement: ctx.expr(outputElement, owner) } : {}),
    };
  },
  versionTag: (p) => str(extension(p, 'zeebe:VersionTag'), 'value'),
  correlationKey(message, ctx) {
    const key = str(extension(message, 'zeebe:Subscription'), 'correlationKey');
    return key !== undefined && key.trim() !== '' ? ctx.expr(key, message) : undefined;
  },
  conditionalFilter(def) {
    const f = extension(def, 'zeebe:ConditionalFilter');
    const names = str(f, 'variableNames');
    const events = str(f, 'variableEvents');
    return {
      ...(names !== undefined && names.trim() !== '' ? { variableNames: splitCommaList(names) } : {}),
      ...(events !== undefined && events.trim() !== '' ? { variableEvents: splitCommaList(events) } : {}),
    };
  },
};
