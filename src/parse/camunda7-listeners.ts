import { literal } from '../expr/index.js';
import type { ListenerField, ListenerSpec } from '../spec/types.js';
import { eventDefinitions } from './event-definitions.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { juelScript } from './juel-scripts.js';
import { child, elements, extensions, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/** Only a bare `${name}` names a handler; anything richer keeps its text (the engine decides). */
export function delegateName(text: string): string {
  const m = /^\s*[$#]\{\s*([A-Za-z_$][\w$.]*)\s*\}\s*$/.exec(text);
  return m ? (m[1] as string) : text;
}

/**
 * `camunda:field` injection: a Java listener gets the field objects; our handler gets their values as
 * headers. `stringValue` / `<camunda:string>` are literal text, `expression` is evaluated when the
 * listener is called (Camunda injects an Expression the listener evaluates against the execution).
 */
export function camunda7Fields(list: unknown, owner: ModdleElement, ctx: ParseContext): ListenerField[] {
  return elements(list).map((f) => {
    const name = str(f, 'name');
    if (!name) return ctx.fail(owner, 'camunda:field needs a name');
    const text = str(f, 'stringValue') ?? str(f, 'string');
    const expression = str(f, 'expression');
    if (text !== undefined) return { name, value: literal(text, text) };
    if (expression !== undefined) return { name, value: ctx.expr(expression.trim(), owner) };
    return ctx.fail(owner, `camunda:field "${name}" needs stringValue, string or expression`);
  });
}

function listener(l: ModdleElement, scope: 'execution' | 'task', owner: ModdleElement, ctx: ParseContext, ext: FlavourExtensions): ListenerSpec {
  // A listener without an event: `create` on a task, `take` on a sequence flow, else `start` (as Camunda 7).
  const event = str(l, 'event') ?? (scope === 'task' ? 'create' : owner.$type === 'bpmn:SequenceFlow' ? 'take' : 'start');
  const fields = camunda7Fields(l['fields'], owner, ctx);
  const extra: { fields?: ListenerField[]; timer?: ListenerSpec['timer'] } = fields.length > 0 ? { fields } : {};
  if (scope === 'task' && event === 'timeout') {
    // A timeout listener carries its own timer (Camunda 7.12+), counted from the task's creation.
    const timer = eventDefinitions(l, ctx, ext).find((d) => d.type === 'timer');
    if (!timer || timer.type !== 'timer') return ctx.fail(owner, 'a timeout task listener needs a timerEventDefinition');
    extra.timer = timer;
  }
  const script = child(l, 'script');
  if (script) {
    const format = (str(script, 'scriptFormat') ?? '').toLowerCase();
    const resource = str(script, 'resource');
    const source = resource !== undefined ? resource : str(script, 'value') ?? '';
    const expression = resource === undefined ? juelScript(format, source, owner, ctx) : undefined;
    return { scope, event, kind: 'script', format: resource !== undefined ? `${format};resource` : format, source, ...(expression ? { expression } : {}), ...extra };
  }
  for (const kind of ['class', 'expression', 'delegateExpression'] as const) {
    const source = str(l, kind);
    if (source === undefined) continue;
    if (kind === 'expression') return { scope, event, kind, source, expression: ctx.expr(source, owner), ...extra };
    // A Java listener becomes a call to the handler registered under its class or delegate name.
    return { scope, event, kind, source, serviceName: kind === 'class' ? source : delegateName(source), ...extra };
  }
  return ctx.fail(owner, `camunda:${scope}Listener needs class, expression, delegateExpression or script`);
}

export function camunda7Listeners(el: ModdleElement, ctx: ParseContext, ext: FlavourExtensions): ListenerSpec[] | undefined {
  const list = [
    ...extensions(el, 'camunda:ExecutionListener').map((l) => listener(l, 'execution', el, ctx, ext)),
    ...extensions(el, 'camunda:TaskListener').map((l) => listener(l, 'task', el, ctx, ext)),
  ];
  return list.length > 0 ? list : undefined;
}
