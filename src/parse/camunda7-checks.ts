import { str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/*
 * Camunda 7 attributes this engine does not act on but Camunda refuses to deploy when malformed: a
 * file Camunda rejects must not run here either (BpmnParseTest#testParseProcessDefinition*Ttl,
 * JobPrioritizationBpmnConstantValueTest#testFailOnMalformedInput).
 */

const isExpression = (text: string): boolean => /[$#]\{/.test(text);

/** `camunda:jobPriority` / `camunda:taskPriority`: an expression or a whole number (Java's Long.parseLong). */
function checkPriority(el: ModdleElement, attr: 'jobPriority' | 'taskPriority', ctx: ParseContext): void {
  const text = str(el, attr);
  if (text === undefined || isExpression(text)) return;
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) ctx.fail(el, `value '${text}' for attribute '${attr}' is not a valid number`);
}

/**
 * `camunda:historyTimeToLive`: empty (none), a number of days, or `P<n>D` (ParseUtil.parseHistoryTimeToLive);
 * anything else, or a negative number, is refused.
 */
function checkHistoryTimeToLive(process: ModdleElement, ctx: ParseContext): void {
  const text = str(process, 'historyTimeToLive');
  if (text === undefined || text === '' || isExpression(text)) return;
  const days = /^P(\d+)D$/.exec(text)?.[1] ?? text;
  if (!/^[+-]?\d+$/.test(days) || !Number.isSafeInteger(Number(days))) ctx.fail(process, `cannot parse historyTimeToLive "${text}": a number of days or P<n>D`);
  if (Number(days) < 0) ctx.fail(process, `cannot parse historyTimeToLive "${text}": negative value is not allowed`);
}

export function camunda7Checks(el: ModdleElement, ctx: ParseContext): void {
  checkPriority(el, 'jobPriority', ctx);
  checkPriority(el, 'taskPriority', ctx);
  if (el.$type === 'bpmn:Process') checkHistoryTimeToLive(el, ctx);
}
