import type { CompiledExpression } from '../spec/types.js';
import type { ScriptParts } from './flavour-extensions.js';
import { str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/*
 * Camunda 7 hands `scriptFormat="juel"` to its JUEL script engine, which reads the whole script text as
 * one EL value expression (`${…}`, `#{…}`, or literal text around them) and resolves it the way every
 * other expression is resolved, `execution` included. So a JUEL script here is an expression compiled at
 * deploy (a syntax error rejects the file with its location) and evaluated in place by the engine; it
 * never reaches the JavaScript sandbox. The text is not trimmed: Camunda evaluates it as written, so
 * text around a `${…}` makes the result a string, as it does there.
 */

export const JUEL_FORMAT = 'juel';

/**
 * The compiled body of a script, when its format is JUEL in a file whose expressions are JUEL. A Camunda 8
 * file has no JUEL: its JUEL scripts stay uncompiled and the capability check refuses them.
 */
export function juelScript(format: string, source: string, owner: ModdleElement, ctx: ParseContext): CompiledExpression | undefined {
  if (format !== JUEL_FORMAT || ctx.flavour === 'camunda8') return undefined;
  return ctx.expr(source, owner);
}

/**
 * A script task's parts with its JUEL script compiled. Camunda 7 reads a script task without a
 * `scriptFormat` as JUEL (ScriptingEngines.DEFAULT_SCRIPTING_LANGUAGE; ScriptTaskTest#testShouldUseJuelAsDefaultScriptLanguage).
 */
export function withJuelScript(parts: ScriptParts, el: ModdleElement, ctx: ParseContext): ScriptParts {
  const format = parts.format === '' && ctx.flavour === 'camunda7' ? JUEL_FORMAT : parts.format;
  if (format !== JUEL_FORMAT || parts.expression || parts.resource !== undefined) return format === parts.format ? parts : { ...parts, format };
  // Camunda's ScriptUtil.getScript: "No script source or resource was given".
  if (parts.script === undefined) return ctx.fail(el, `script task ${el.id ?? ''} has no script`);
  const expression = juelScript(format, parts.script, el, ctx);
  return expression ? { ...parts, format, expression } : { ...parts, format };
}

/* Languages a condition (`conditionExpression`, a conditional event's `condition`) may name and still be
 * the file's own expression language; `juel` is Camunda 7's script condition in JUEL, which is exactly
 * an expression. Anything else (javascript, groovy script conditions) cannot be a CompiledExpression. */
const EXPRESSION_LANGUAGES = new Set(['', JUEL_FORMAT, 'feel', 'http://www.omg.org/spec/feel/20140401', 'http://www.w3.org/1999/xpath']);

/** Refuses a condition written as a script in another language, or loaded from a resource. */
export function assertExpressionCondition(condition: ModdleElement, owner: ModdleElement, ctx: ParseContext): void {
  const language = str(condition, 'language');
  const lower = (language ?? '').toLowerCase();
  if (!EXPRESSION_LANGUAGES.has(lower) && !/\/feel\/?$/.test(lower)) {
    ctx.unsupported(owner, `condition in language "${language}" is not supported; use an expression`);
  }
  if (str(condition, 'resource') !== undefined) ctx.unsupported(owner, 'condition from camunda:resource is not supported');
}
