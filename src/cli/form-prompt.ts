import type { ExternalTask, FieldError, FormField, UserTask } from '../index.js';
import { formatValue } from './format.js';
import type { LineReader } from './terminal.js';
import { parseVariablesInput, UsageError } from './variables.js';

/** Thrown when input ends in the middle of a prompt: the caller stops instead of waiting forever. */
export class InputEndedError extends Error {
  override readonly name = 'InputEndedError';
  constructor() {
    super('input ended before all questions were answered');
  }
}

async function askLine(reader: LineReader, prompt: string): Promise<string> {
  const line = await reader.ask(prompt);
  if (line === null) throw new InputEndedError();
  return line;
}

export function describeField(f: FormField): string {
  const parts = [`${f.label ?? f.id}`];
  if (f.label !== undefined && f.label !== f.id) parts.push(`(${f.id})`);
  parts.push(`[${f.type}${f.validation.required ? ', required' : ''}]`);
  if (f.values && f.values.length > 0) {
    parts.push(`{ ${f.values.map((v, i) => `${i + 1}) ${v.name === v.id ? v.id : `${v.name} = ${v.id}`}`).join('  ')} }`);
  }
  if (f.defaultValue !== undefined) parts.push(`default ${formatValue(f.defaultValue)}`);
  return parts.join(' ');
}

/**
 * Typed text → the value sent to completeUserTask. The engine coerces strings itself ("42" → 42 for
 * long), so only what it cannot know is translated here: y/n for booleans and choice numbers for enums.
 * Empty input means "not given" (undefined) unless the field has a default.
 */
export function interpretAnswer(f: FormField, text: string): unknown {
  const t = text.trim();
  if (t === '') return f.defaultValue;
  if (f.type === 'boolean') {
    if (/^(y|yes|true|1|on)$/i.test(t)) return true;
    if (/^(n|no|false|0|off)$/i.test(t)) return false;
    return t;
  }
  if (f.type === 'enum' && f.values && /^\d+$/.test(t)) {
    const choice = f.values[Number(t) - 1];
    if (choice && !f.values.some((v) => v.id === t)) return choice.id;
  }
  return t;
}

/**
 * Asks a user task's form field by field. On a second round (`rejected` set) only the rejected
 * fields are asked again and the other answers are kept, which is what people expect of a form.
 */
export async function promptUserTask(
  reader: LineReader,
  log: (line: string) => void,
  task: UserTask,
  rejected?: { values: Record<string, unknown>; errors: readonly FieldError[] },
): Promise<Record<string, unknown>> {
  const fields = (task.form?.fields ?? []).filter((f) => !f.validation.readonly);
  if (fields.length === 0) return promptVariables(reader, log, `${taskTitle(task)}: variables as JSON or k=v (empty = none): `);
  if (!rejected) log(`user task ${taskTitle(task)}`);
  const again = new Set(rejected?.errors.map((e) => e.field));
  const retryAll = rejected !== undefined && !fields.some((f) => again.has(f.id));
  const values: Record<string, unknown> = { ...(rejected?.values ?? {}) };
  for (const f of fields) {
    if (rejected && !retryAll && !again.has(f.id)) continue;
    const value = interpretAnswer(f, await askLine(reader, `  ${describeField(f)}: `));
    if (value === undefined) delete values[f.id];
    else values[f.id] = value;
  }
  return values;
}

export async function promptExternalTask(reader: LineReader, log: (line: string) => void, task: ExternalTask): Promise<Record<string, unknown>> {
  log(`service task ${task.elementId} (topic ${task.topic}) has no handler here: you are its worker`);
  return promptVariables(reader, log, `  output variables as JSON or k=v (empty = none): `);
}

async function promptVariables(reader: LineReader, log: (line: string) => void, prompt: string): Promise<Record<string, unknown>> {
  for (;;) {
    const line = await askLine(reader, prompt);
    try {
      return parseVariablesInput(line);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      log(`  ${e.message}`);
    }
  }
}

export function taskTitle(task: { elementId: string; name?: string }): string {
  return task.name !== undefined && task.name !== task.elementId ? `${task.elementId} "${task.name}"` : task.elementId;
}
