import { literal } from '../expr/index.js';
import { IO_SCRIPT_RESULTS } from '../spec/types.js';
import type { CompiledExpression, IoParameter, IoScript, VariableView } from '../spec/types.js';
import { listExpression, mapExpression } from './composite-expressions.js';
import { juelScript } from './juel-scripts.js';
import { child, elements, str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/*
 * camunda:inputOutput parameters. A value is text (an expression or a literal), a camunda:list, a
 * camunda:map or a camunda:script, nested freely. JavaScript cannot run inside an expression (it runs in
 * the runtime's sandbox), so each such script gets a slot: the engine runs the scripts of a parameter first
 * and hands their results to the parameter's expression, which reads its slot. A JUEL script is an
 * expression already and takes its place directly.
 */

/** Moddle types whose value is a child definition (or body text); list items are definitions themselves. */
const HOLDERS = new Set(['camunda:InputParameter', 'camunda:OutputParameter', 'camunda:InputOutputParameter', 'camunda:Entry']);

/** One parameter's value: a parameter / map entry, or a list item itself. */
function definitionValue(node: ModdleElement, owner: ModdleElement, ctx: ParseContext, scripts: IoScript[]): CompiledExpression {
  const def = HOLDERS.has(node.$type) ? child(node, 'definition') : node;
  if (def?.$type === 'camunda:Script') {
    const sc = script(def);
    // A JUEL script is an expression: it is the value itself, no sandbox slot.
    const juel = sc.resource === undefined ? juelScript(sc.format, sc.source, owner, ctx) : undefined;
    if (juel) return juel;
    const slot = scripts.length;
    scripts.push(sc);
    return { source: `script#${slot}`, language: 'juel', evaluate: (vars: VariableView) => (vars[IO_SCRIPT_RESULTS] as readonly unknown[] | undefined)?.[slot] ?? null };
  }
  if (def?.$type === 'camunda:List') {
    const items = elements(def['items']).map((i) => definitionValue(i, owner, ctx, scripts));
    return listExpression(items, `list(${items.map((i) => i.source).join(', ')})`, 'juel');
  }
  if (def?.$type === 'camunda:Map') {
    const entries = elements(def['entries']).map((e) => [ctx.expr(str(e, 'key') ?? '', owner), definitionValue(e, owner, ctx, scripts)] as const);
    return mapExpression(entries, `map(${entries.map(([k]) => k.source).join(', ')})`, 'juel');
  }
  const text = str(def ?? node, 'value');
  // Camunda 7 maps an empty parameter to null.
  return text === undefined ? literal(null) : ctx.expr(text, owner);
}

function script(def: ModdleElement): IoScript {
  const resource = str(def, 'resource');
  return {
    format: (str(def, 'scriptFormat') ?? '').trim().toLowerCase(),
    source: str(def, 'value') ?? '',
    ...(resource !== undefined ? { resource } : {}),
  };
}

export function camunda7IoParameters(list: unknown, owner: ModdleElement, ctx: ParseContext): IoParameter[] {
  return elements(list).map((p) => {
    const target = str(p, 'name');
    if (!target) return ctx.fail(owner, 'camunda input/output parameter needs a name');
    const scripts: IoScript[] = [];
    const value = definitionValue(p, owner, ctx, scripts);
    return scripts.length > 0 ? { target, value, scripts } : { target, value };
  });
}
