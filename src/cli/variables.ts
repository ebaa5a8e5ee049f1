/**
 * `--var amount=42` should start a process with the number 42, not the string "42": a JUEL
 * `${amount > 10}` on a string compares text. JSON covers numbers, booleans, null, lists and
 * objects; anything that is not JSON (`name=Ann`, `zip=01234`) stays the text that was typed.
 */
export function parseLooseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `["a=1", "b=x"]` → `{ a: 1, b: "x" }`; the first `=` splits, so values may contain `=`. */
export function parseVarAssignments(assignments: readonly string[]): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const a of assignments) {
    const eq = a.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var needs name=value, got "${a}"`);
    vars[a.slice(0, eq).trim()] = parseLooseValue(a.slice(eq + 1));
  }
  return vars;
}

/**
 * Output variables typed at a prompt: empty means none, otherwise a JSON object. `k=v k2=v2` is
 * accepted too because that is what people type after using `--var`.
 */
export function parseVariablesInput(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new UsageError(`not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!isPlainObject(parsed)) throw new UsageError('expected a JSON object such as {"ok": true}');
    return parsed;
  }
  return parseVarAssignments(trimmed.split(/\s+/));
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
