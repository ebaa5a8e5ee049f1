import { ExpressionError } from '../errors/index.js';

/**
 * Bounds that keep hostile or broken input cheap: every expression is compiled at deploy, so a 100k-char
 * condition or a few thousand nested parentheses must fail fast instead of burning the deploy (or
 * overflowing the stack of a recursive-descent parser).
 */
export const MAX_EXPRESSION_LENGTH = 20_000;
export const MAX_NESTING_DEPTH = 64;

/** Names that reach JavaScript internals; never valid in a property path, in either language. */
export const FORBIDDEN_PROPERTY_NAMES: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype']);

export function assertLength(text: string): void {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `expression is too long (${text.length} characters, at most ${MAX_EXPRESSION_LENGTH} allowed)`,
    );
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function hasOwn(target: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(target, key);
}
