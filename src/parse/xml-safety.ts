import { XMLValidator } from 'fast-xml-parser';
import { ParseError } from '../errors/index.js';

/*
 * BPMN never needs a DTD. Refusing `<!DOCTYPE` and `<!ENTITY` outright closes XXE (external entities)
 * and entity expansion bombs (billion laughs) before any parser sees the text; a plain indexOf is O(n)
 * and takes microseconds, whatever the payload.
 */
const FORBIDDEN = /<!(DOCTYPE|ENTITY)/i;

export function assertSafeWellFormed(xml: string, file?: string): void {
  const bad = FORBIDDEN.exec(xml);
  if (bad) {
    const before = xml.slice(0, bad.index);
    const line = before.split('\n').length;
    const column = bad.index - before.lastIndexOf('\n');
    throw new ParseError(`<!${bad[1]!.toUpperCase()}> is not allowed in BPMN files (DTDs and entities are refused)`, {
      file,
      line,
      column,
    });
  }
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (result !== true) {
    const { msg, line, col } = result.err;
    throw new ParseError(`XML is not well-formed: ${msg}`, { file, line, column: col });
  }
}
