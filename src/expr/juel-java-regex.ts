import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { ExpressionError } from '../errors/index.js';

/**
 * The regular expressions of String.matches / replaceAll / replaceFirst / split. A pattern may come from
 * a variable (a web form), and JavaScript's backtracking RegExp can take exponential time on patterns
 * such as `(a+)+$` with no way to interrupt it. re2js (a port of RE2/J, Java's RE2) matches in linear
 * time, follows java.util.regex for full matches, split and `$1` replacements, and refuses what RE2
 * cannot do in linear time (backreferences, lookaround): that is an expression error, at deploy when
 * the pattern is a literal.
 */

/** Longer patterns are refused: real ones are short, and compiling costs time proportional to the length. */
export const MAX_PATTERN_LENGTH = 2_000;
const CACHE_SIZE = 256;

type Re2Module = { RE2JS: typeof RE2JS };
let re2: Re2Module | undefined;
const cache = new Map<string, RE2JS>();

// Loaded on first use: importing re2js costs ~30 ms, which processes without a regex never pay.
function re2js(): Re2Module {
  re2 ??= createRequire(import.meta.url)('re2js') as Re2Module;
  return re2;
}

/** The compiled pattern, cached; the most recently compiled 256 are kept. */
export function javaRegex(pattern: string): RE2JS {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new ExpressionError(`regular expression is too long (${pattern.length} characters, at most ${MAX_PATTERN_LENGTH})`);
  }
  let compiled: RE2JS;
  try {
    compiled = re2js().RE2JS.compile(pattern);
  } catch (cause) {
    throw new ExpressionError(
      `invalid regular expression '${pattern}': ${(cause as Error).message} (patterns run on RE2: no backreferences or lookaround)`,
      {},
      { cause },
    );
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

/** Java's replacement syntax (`$1`, `\$` for a literal dollar); a bad group reference is an expression error. */
export function regexReplace(input: string, pattern: string, replacement: string, all: boolean): string {
  const matcher = javaRegex(pattern).matcher(input);
  try {
    return all ? matcher.replaceAll(replacement, true) : matcher.replaceFirst(replacement, true);
  } catch (cause) {
    throw new ExpressionError(`invalid replacement '${replacement}' for '${pattern}': ${(cause as Error).message}`, {}, { cause });
  }
}
