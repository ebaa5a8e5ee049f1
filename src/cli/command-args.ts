import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './variables.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * `node:util` parseArgs in strict mode with `--help/-h` added to every command. A typo in an option
 * is a UsageError (exit 1 with the usage), never silently ignored.
 */
export function parseCommandArgs(args: readonly string[], options: Options): ParsedArgs & { help: boolean } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedArgs['values'], positionals, help: values['help'] === true };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
}

export function stringOption(values: ParsedArgs['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function stringList(values: ParsedArgs['values'], name: string): string[] {
  const v = values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function numberOption(values: ParsedArgs['values'], name: string, fallback: number): number {
  const text = stringOption(values, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} needs a non-negative number, got "${text}"`);
  return n;
}
