import { compileCondition, compileExpression } from '../expr/index.js';
import { ExpressionError, ParseError, UnsupportedElementError, isBpmnRunnerError } from '../errors/index.js';
import type { ErrorDetails } from '../errors/index.js';
import type { CompiledExpression, Flavour, SourceLocation } from '../spec/types.js';
import { nearestWithId } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { SourceIndex } from './source-locations.js';

/** What every mapper needs: the flavour, and errors and expressions that carry the element's location. */
export interface ParseContext {
  readonly flavour: Flavour;
  readonly file?: string;
  readonly index: SourceIndex;
  /** The process being mapped (for process-level extensions such as `zeebe:userTaskForm`). */
  readonly process?: ModdleElement;
  loc(el: ModdleElement | undefined): SourceLocation;
  where(el: ModdleElement | undefined): ErrorDetails;
  fail(el: ModdleElement | undefined, message: string): never;
  unsupported(el: ModdleElement | undefined, message: string): never;
  expr(text: string, el: ModdleElement | undefined): CompiledExpression;
  cond(text: string, el: ModdleElement | undefined): CompiledExpression;
}

export function createContext(flavour: Flavour, index: SourceIndex, file?: string, process?: ModdleElement): ParseContext {
  const where = (el: ModdleElement | undefined): ErrorDetails => {
    const owner = nearestWithId(el);
    const id = owner?.id;
    const at = id !== undefined ? index.ids.get(id) : undefined;
    const d: ErrorDetails = {};
    if (file !== undefined) d.file = file;
    if (at) {
      d.line = at.line;
      d.column = at.column;
    }
    if (id !== undefined) d.elementId = id;
    return d;
  };
  const loc = (el: ModdleElement | undefined): SourceLocation => {
    const { file: f, line, column } = where(el);
    const l: { file?: string; line?: number; column?: number } = {};
    if (f !== undefined) l.file = f;
    if (line !== undefined) l.line = line;
    if (column !== undefined) l.column = column;
    return l;
  };
  const compile = (fn: typeof compileExpression, text: string, el: ModdleElement | undefined): CompiledExpression => {
    // Zeebe decides "expression or literal" on a leading `=`; modellers often leave whitespace before it.
    const input = flavour === 'camunda8' && text.trimStart().startsWith('=') ? text.trim() : text;
    try {
      return fn(input, flavour);
    } catch (e) {
      if (isBpmnRunnerError(e) && e.code !== 'EXPRESSION_ERROR') throw e;
      const msg = e instanceof Error ? e.message : String(e);
      throw new ExpressionError(`invalid expression ${JSON.stringify(text)}: ${msg}`, where(el), { cause: e });
    }
  };
  const ctx: ParseContext = {
    flavour,
    index,
    loc,
    where,
    fail(el, message) {
      throw new ParseError(message, where(el));
    },
    unsupported(el, message) {
      throw new UnsupportedElementError(message, where(el));
    },
    expr: (text, el) => compile(compileExpression, text, el),
    cond: (text, el) => compile(compileCondition, text, el),
  };
  return Object.assign(ctx, file !== undefined ? { file } : {}, process ? { process } : {});
}
