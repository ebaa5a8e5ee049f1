import { ParseError } from '../errors/index.js';

export interface TagLocation {
  readonly line: number;
  readonly column: number;
}

export interface SourceIndex {
  /** Start tag of each id-bearing element in the BPMN / BPMN DI namespaces (first occurrence). */
  readonly ids: ReadonlyMap<string, TagLocation>;
  /** Namespace URI → every prefix bound to it anywhere in the file ('' for a default namespace). */
  readonly prefixesByUri: ReadonlyMap<string, readonly string[]>;
  /** The document element: its qualified name, namespace URI and start tag. */
  readonly root?: { readonly name: string; readonly uri?: string } & TagLocation;
  /** 1-based position of a character offset. */
  position(offset: number): TagLocation;
  /** Character offset of a 1-based position. */
  offsetOf(line: number, column: number): number;
}

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Namespaces whose ids share one id space with the process elements (moddle checks them all). */
const ID_NAMESPACES = new Set([
  BPMN_MODEL,
  'http://www.omg.org/spec/BPMN/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DI',
  'http://www.omg.org/spec/DD/20100524/DC',
]);

/*
 * One regex pass over the text: comments, CDATA and processing instructions are matched (and so skipped)
 * as wholes, so a `<task id=…>` inside a script's CDATA is not taken for an element. Attribute values are
 * matched as quoted strings, so a `>` inside one does not end the tag. Newlines are counted only over the
 * stretch between two matches, so the whole scan stays linear (10,000 elements: a few ms).
 */
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<([A-Za-z_][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTR = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function indexSource(xml: string, file?: string): SourceIndex {
  const ids = new Map<string, TagLocation>();
  const prefixesByUri = new Map<string, string[]>();
  const nsByPrefix = new Map<string, string>();
  const lineStarts = [0];
  let scanned = 0;
  let line = 1;
  let lineStart = 0;
  let root: ({ name: string; uri?: string } & TagLocation) | undefined;

  const advance = (to: number): void => {
    for (let i = xml.indexOf('\n', scanned); i !== -1 && i < to; i = xml.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
      lineStarts.push(lineStart);
    }
    scanned = Math.max(scanned, to);
  };

  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m !== null; m = TOKEN.exec(xml)) {
    const tag = m[1];
    if (tag === undefined) continue;
    advance(m.index);
    const at: TagLocation = { line, column: m.index - lineStart + 1 };
    let id: string | undefined;
    const attrs = m[2] ?? '';
    ATTR.lastIndex = 0;
    for (let a = ATTR.exec(attrs); a !== null; a = ATTR.exec(attrs)) {
      const name = a[1] as string;
      const value = a[2] ?? a[3] ?? '';
      if (name === 'id') id = value.trim();
      else if (name === 'xmlns' || name.startsWith('xmlns:')) {
        const prefix = name === 'xmlns' ? '' : name.slice(6);
        nsByPrefix.set(prefix, value);
        const list = prefixesByUri.get(value) ?? [];
        if (!list.includes(prefix)) list.push(prefix);
        prefixesByUri.set(value, list);
      }
    }
    const colon = tag.indexOf(':');
    const uri = nsByPrefix.get(colon === -1 ? '' : tag.slice(0, colon));
    if (!root) root = { name: tag, ...(uri !== undefined ? { uri } : {}), ...at };
    if (id === undefined) continue;
    if (uri === undefined || !ID_NAMESPACES.has(uri)) continue;
    if (ids.has(id)) {
      throw new ParseError(`duplicate id "${id}"`, { file, line: at.line, column: at.column, elementId: id });
    }
    ids.set(id, at);
  }
  advance(xml.length);

  const position = (offset: number): TagLocation => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
  };
  const offsetOf = (l: number, column: number): number => (lineStarts[Math.min(Math.max(l, 1), lineStarts.length) - 1] as number) + column - 1;
  return { ids, prefixesByUri, position, offsetOf, ...(root ? { root } : {}) };
}

/**
 * XML allows blanks around an attribute's `=` (`source ="x"`), moddle's tokenizer does not. Only start
 * tags are rewritten (never text, CDATA or comments), and only on their own line, so line numbers hold.
 */
export function normaliseAttributeSpacing(xml: string): string {
  if (!/\s=|=\s/.test(xml)) return xml;
  TOKEN.lastIndex = 0;
  return xml.replace(TOKEN, (whole: string, tag: string | undefined) =>
    tag !== undefined && /\s=|=\s/.test(whole) ? whole.replace(/([^\s=])[ \t]*=[ \t]*(["'])/g, '$1=$2') : whole,
  );
}

/** Unprefixed attributes of type xs:ID / xs:IDREF in BPMN: `id`, `…Ref`, `default`, DI's `bpmnElement`. */
const ID_ATTR = /(\s(?:id|[a-z]\w*Ref|default|bpmnElement))=(?:"(\s*)([^"]*?)(\s*)"|'(\s*)([^']*?)(\s*)')/g;

/**
 * XML Schema collapses the whitespace of xs:ID and xs:IDREF values, so Camunda 7 reads `id="flow4 "` as
 * `flow4`; moddle refuses it as an illegal id. The blanks move behind the closing quote: the text keeps
 * its length, so every line and column stays where it was.
 */
export function collapseIdWhitespace(xml: string): string {
  if (!/\s(?:id|[a-z]\w*Ref|default|bpmnElement)=["']\s|\s["']/.test(xml)) return xml;
  TOKEN.lastIndex = 0;
  return xml.replace(TOKEN, (whole: string, tag: string | undefined) =>
    tag === undefined
      ? whole
      : whole.replace(ID_ATTR, (attr: string, name: string, l1?: string, v1?: string, t1?: string, l2?: string, v2?: string, t2?: string) => {
          const q = v1 !== undefined ? '"' : "'";
          const lead = (v1 !== undefined ? l1 : l2) ?? '';
          const trail = (v1 !== undefined ? t1 : t2) ?? '';
          if (lead === '' && trail === '') return attr;
          return `${name}=${q}${v1 ?? v2 ?? ''}${q}${lead}${trail}`;
        }),
  );
}

