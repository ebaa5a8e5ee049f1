/**
 * Builds the global-code snippet that reads a script's declared outputs after it ran. It is evaluated in
 * the script's own context, so `let`/`const` at the top level are found as well as `var` and plain
 * assignments; a name that is not declared reads as undefined (absent) instead of throwing.
 */

const RESERVED = new Set(
  ('break case catch class const continue debugger default delete do else enum export extends false finally ' +
    'for function if import in instanceof new null return super switch this throw true try typeof var void ' +
    'while with yield let static implements interface package private protected public await').split(' '),
);

/** Names that would reach an object's prototype machinery instead of becoming a plain key. */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function captureSnippet(names: readonly string[]): string {
  const entries = names.map((name) => {
    const key = JSON.stringify(name);
    // A sloppy-mode function called plainly gets the real global object as `this`, even when the script
    // reassigned `globalThis`; reserved words and odd names can only live there anyway.
    const read = IDENTIFIER.test(name) && !RESERVED.has(name) ? name : `(function () { return this; })()[${key}]`;
    // `catch {}` without a binding, so no name of ours can shadow the script's.
    return `${key}: (() => { try { return ${read}; } catch {} })()`;
  });
  return `({ __proto__: null, ${entries.join(', ')} })`;
}
