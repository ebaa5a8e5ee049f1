import type { CompiledExpression, Flavour } from '../spec/types.js';
import { compileFeel } from './feel.js';
import { compileJuel, containsJuel } from './juel.js';

/**
 * The one door to expressions for the parser and the engine. Camunda 7 and plain BPMN files use JUEL
 * (`${…}` / `#{…}`, possibly inside text); Camunda 8 uses FEEL when the text starts with `=`
 * (Zeebe's rule). Any other text is a literal string.
 */
export function compileExpression(text: string, flavour: Flavour): CompiledExpression {
  if (flavour === 'camunda8') return text.startsWith('=') ? compileFeel(text) : literal(text, text);
  return containsJuel(text) ? compileJuel(text) : literal(text, text);
}

/** Conditions come from element bodies, often wrapped in whitespace and newlines by the modeller. */
export function compileCondition(text: string, flavour: Flavour): CompiledExpression {
  return compileExpression(text.trim(), flavour);
}

export function literal(value: unknown, source?: string): CompiledExpression {
  const text = source ?? (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
  return { source: text, language: 'literal', evaluate: () => value };
}

export function isExpressionText(text: string, flavour: Flavour): boolean {
  return flavour === 'camunda8' ? text.startsWith('=') : containsJuel(text);
}
