import { readFile } from 'node:fs/promises';
import { isPlainObject, UsageError } from './variables.js';

/**
 * The `--answers` file: `{ "<elementId>": [ {…}, {…} ] }` or `{ "<elementId>": {…} }` for one visit.
 * Each entry is one attempt: a user task that rejects an entry (FormValidationError) takes the next
 * entry for the same visit, so a file can show a wrong answer being corrected. Service tasks take
 * their output variables from the same file.
 */
export class AnswerBook {
  private readonly used = new Map<string, number>();

  private constructor(private readonly entries: ReadonlyMap<string, readonly Record<string, unknown>[]>) {}

  static async load(path: string): Promise<AnswerBook> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read answers file ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${path}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    return AnswerBook.from(parsed, path);
  }

  static from(data: unknown, source = 'answers'): AnswerBook {
    if (!isPlainObject(data)) throw new UsageError(`${source}: expected an object keyed by element id`);
    const entries = new Map<string, Record<string, unknown>[]>();
    for (const [elementId, value] of Object.entries(data)) {
      const list = Array.isArray(value) ? value : [value];
      list.forEach((v, i) => {
        if (!isPlainObject(v)) throw new UsageError(`${source}: ${elementId}[${i}] must be an object of variable values`);
      });
      entries.set(elementId, list as Record<string, unknown>[]);
    }
    return new AnswerBook(entries);
  }

  has(elementId: string): boolean {
    return this.entries.has(elementId);
  }

  /** The next unused entry for the element, or undefined when the file has none left. */
  next(elementId: string): Record<string, unknown> | undefined {
    const list = this.entries.get(elementId);
    const n = this.used.get(elementId) ?? 0;
    if (!list || n >= list.length) return undefined;
    this.used.set(elementId, n + 1);
    return list[n];
  }

  usedCount(elementId: string): number {
    return this.used.get(elementId) ?? 0;
  }
}
