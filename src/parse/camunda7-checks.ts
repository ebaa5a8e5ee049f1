import { str } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

/*
 * Camunda 7 attributes this engine does not act on but Camunda refuses to deploy when malformed: a
 * file Camunda rejects must not run here either (BpmnParseTest#testParseProcessDefinition*Ttl). Job and
 * task priorities are read and checked where they are compiled (camunda7-priority.ts).
 */

const isExpression = (text: string): boolean => /[$#]\{/.test(text);

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
  if (el.$type === 'bpmn:Process') checkHistoryTimeToLive(el, ctx);
}
