import { ParseError, UnsupportedElementError } from '../errors/index.js';
import { attr, childNamed, type XmlElement } from './dmn-xml.js';
import type { DmnExpressionLanguage, DmnExpressionSpec } from './types.js';

export interface DmnParseContext {
  readonly file?: string;
  /** `definitions expressionLanguage`, unless it names FEEL (the DMN default). */
  readonly globalLanguage?: string;
}

/** An element with a `<text>` child (inputExpression, inputEntry, outputEntry, literalExpression, defaultOutputEntry). */
export function parseExpression(el: XmlElement, ctx: DmnParseContext, ownerId: string, what: string): DmnExpressionSpec {
  const textEl = childNamed(el, 'text');
  const id = attr(el, 'id');
  const typeRef = attr(el, 'typeRef');
  const text = (textEl?.text ?? '').trim();
  let language = languageOf(el, ctx, ownerId, what);
  // Camunda 7 files written for its JUEL defaults (`${output}` cells without expressionLanguage) can
  // never be FEEL: a whole `${…}` is read as the JUEL it was written in.
  if (language === 'feel' && attr(el, 'expressionLanguage') === undefined && /^[$#]\{[\s\S]*\}$/.test(text)) language = 'juel';
  return {
    text,
    language,
    line: (textEl ?? el).line,
    column: (textEl ?? el).column,
    ...(id !== undefined ? { id } : {}),
    ...(typeRef !== undefined ? { typeRef } : {}),
  };
}

function languageOf(el: XmlElement, ctx: DmnParseContext, ownerId: string, what: string): DmnExpressionLanguage {
  const given = attr(el, 'expressionLanguage') ?? ctx.globalLanguage;
  if (given === undefined || given.trim() === '') return 'feel';
  const lower = given.trim().toLowerCase();
  if (lower === 'juel') return 'juel';
  if (lower === 'feel' || lower.includes('/feel') || lower === 'feel-scala' || lower === 'feel-juel') return 'feel';
  throw new UnsupportedElementError(`${what} in "${ownerId}" uses expression language "${given}"; only FEEL and JUEL run here`, {
    file: ctx.file,
    line: el.line,
    column: el.column,
    elementId: attr(el, 'id') ?? ownerId,
  });
}

export function requireId(el: XmlElement, what: string, ctx: DmnParseContext, ownerId?: string): string {
  const id = attr(el, 'id');
  if (id === undefined || id.trim() === '') {
    throw new ParseError(`<${what}> needs an id`, { file: ctx.file, line: el.line, column: el.column, ...(ownerId ? { elementId: ownerId } : {}) });
  }
  return id;
}
