import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ParseError } from '../errors/index.js';

/**
 * A DMN file as a small element tree with source positions. DMN 1.1 to 1.5 differ mostly in their
 * namespace URI, not in the elements we evaluate, so elements are matched by local name and the
 * namespace is checked once at the root; that is why this reads the XML directly instead of through
 * dmn-moddle (which reads only DMN 1.3 and would need dmn-migrate for the 1.1 files Camunda 7 writes).
 */
export interface XmlElement {
  /** Local name, without prefix. */
  readonly name: string;
  readonly qualifiedName: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** Concatenated text and CDATA directly inside the element. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const FORBIDDEN = /<!(DOCTYPE|ENTITY)/i;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  captureMetaData: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  processEntities: true,
  htmlEntities: false,
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export function readDmnXml(xml: string, file?: string): XmlElement {
  const bad = FORBIDDEN.exec(xml);
  const lineStarts = lineStartsOf(xml);
  const at = (offset: number): { line: number; column: number } => position(lineStarts, offset);
  if (bad) {
    throw new ParseError(`<!${bad[1]!.toUpperCase()}> is not allowed in DMN files (DTDs and entities are refused)`, {
      file,
      ...at(bad.index),
    });
  }
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new ParseError(`XML is not well-formed: ${valid.err.msg}`, { file, line: valid.err.line, column: valid.err.col });
  }
  const nodes = parser.parse(xml) as RawNode[];
  const rootNode = nodes.find((n) => elementName(n) !== undefined);
  if (!rootNode) throw new ParseError('the file has no root element', { file, line: 1, column: 1 });
  return toElement(rootNode, at);
}

function elementName(node: RawNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ':@' && !key.startsWith('#') && !key.startsWith('?')) return key;
  }
  return undefined;
}

function toElement(node: RawNode, at: (offset: number) => { line: number; column: number }): XmlElement {
  const qualifiedName = elementName(node) as string;
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
  const content = (node[qualifiedName] as RawNode[] | undefined) ?? [];
  const children: XmlElement[] = [];
  let text = '';
  for (const child of content) {
    if ('#text' in child) text += String(child['#text']);
    else if ('#cdata' in child) {
      for (const part of child['#cdata'] as RawNode[]) text += String(part['#text'] ?? '');
    } else if (elementName(child) !== undefined) children.push(toElement(child, at));
  }
  const colon = qualifiedName.indexOf(':');
  return {
    name: colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1),
    qualifiedName,
    attrs: node[':@'] ?? {},
    children,
    text,
    ...at(meta?.startIndex ?? 0),
  };
}

function lineStartsOf(xml: string): number[] {
  const starts = [0];
  for (let i = xml.indexOf('\n'); i !== -1; i = xml.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
}

export const childrenNamed = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
export const childNamed = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);

/** An attribute by local name, whatever prefix it was written with (`camunda:inputVariable`). */
export function attr(el: XmlElement, localName: string): string | undefined {
  const direct = el.attrs[localName];
  if (direct !== undefined) return direct;
  for (const [key, value] of Object.entries(el.attrs)) {
    if (key.endsWith(`:${localName}`) && !key.startsWith('xmlns')) return value;
  }
  return undefined;
}
