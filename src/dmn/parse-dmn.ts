import { ParseError, UnsupportedElementError } from '../errors/index.js';
import { attr, childNamed, childrenNamed, readDmnXml, type XmlElement } from './dmn-xml.js';
import { parseDecisionTable } from './parse-decision-table.js';
import { parseExpression, requireId, type DmnParseContext } from './parse-expression.js';
import type { DecisionSpec, DmnDefinitionsSpec, LiteralExpressionSpec } from './types.js';

/** DMN 1.1 (what Camunda 7 writes as `.dmn11.xml`) to 1.5 all share these namespace stems. */
const DMN_NAMESPACE = /^https?:\/\/www\.omg\.org\/spec\/DMN\//;
/** Boxed expressions we cannot evaluate: refusing them beats returning a wrong decision. */
const UNSUPPORTED_LOGIC = ['context', 'invocation', 'list', 'relation', 'functionDefinition', 'conditional', 'for', 'every', 'some', 'filter'];


export function parseDmn(xml: string, opts: { file?: string } = {}): DmnDefinitionsSpec {
  const { file } = opts;
  const root = readDmnXml(xml, file);
  const at = (el: XmlElement, elementId?: string) => ({ file, line: el.line, column: el.column, ...(elementId ? { elementId } : {}) });
  if (root.name !== 'definitions' || !DMN_NAMESPACE.test(namespaceOf(root) ?? '')) {
    throw new ParseError(`not a DMN file: the root element is <${root.qualifiedName}> in ${namespaceOf(root) ?? 'no namespace'}`, at(root));
  }
  const globalLanguage = attr(root, 'expressionLanguage');
  const ctx: DmnParseContext = { file, ...(globalLanguage !== undefined ? { globalLanguage } : {}) };

  const decisions: Record<string, DecisionSpec> = {};
  const locations = new Map<string, XmlElement>();
  for (const el of childrenNamed(root, 'decision')) {
    const decision = parseDecision(el, ctx);
    if (decisions[decision.key]) throw new ParseError(`duplicate decision id "${decision.key}"`, at(el, decision.key));
    decisions[decision.key] = decision;
    locations.set(decision.key, el);
  }
  checkRequirements(decisions, locations, file);
  const id = attr(root, 'id') ?? '';
  const name = attr(root, 'name');
  const namespace = attr(root, 'namespace');
  return { id, decisions, ...(name !== undefined ? { name } : {}), ...(namespace !== undefined ? { namespace } : {}), ...(file !== undefined ? { file } : {}) };
}

function parseDecision(el: XmlElement, ctx: DmnParseContext): DecisionSpec {
  const key = requireId(el, 'decision', ctx);
  const where = { file: ctx.file, line: el.line, column: el.column, elementId: key };
  if (childNamed(el, 'knowledgeRequirement')) {
    throw new UnsupportedElementError(`decision "${key}" invokes a business knowledge model; BKMs are not supported`, where);
  }
  const requiredDecisions: string[] = [];
  for (const req of childrenNamed(el, 'informationRequirement')) {
    if (req.children.length === 0) {
      throw new ParseError(`an informationRequirement of "${key}" names nothing (requiredDecision or requiredInput)`, { ...where, line: req.line, column: req.column });
    }
    const ref = childNamed(req, 'requiredDecision');
    if (!ref) continue;
    const href = attr(ref, 'href');
    if (!href || !href.startsWith('#') || href.length < 2) {
      throw new ParseError(`requiredDecision of "${key}" needs href="#decisionId"`, { ...where, line: ref.line, column: ref.column });
    }
    requiredDecisions.push(href.slice(1));
  }
  const logic = parseLogic(el, key, ctx);
  const name = attr(el, 'name');
  const versionTag = attr(el, 'versionTag');
  const historyTimeToLive = attr(el, 'historyTimeToLive');
  return {
    key,
    line: el.line,
    column: el.column,
    requiredDecisions,
    logic,
    ...(name !== undefined ? { name } : {}),
    ...(versionTag !== undefined ? { versionTag } : {}),
    ...(historyTimeToLive !== undefined ? { historyTimeToLive } : {}),
  };
}

function parseLogic(el: XmlElement, key: string, ctx: DmnParseContext): DecisionSpec['logic'] {
  const table = childNamed(el, 'decisionTable');
  if (table) return parseDecisionTable(table, key, ctx);
  const literal = childNamed(el, 'literalExpression');
  if (literal) return parseLiteralDecision(el, literal, key, ctx);
  const other = el.children.find((c) => UNSUPPORTED_LOGIC.includes(c.name));
  const where = { file: ctx.file, line: (other ?? el).line, column: (other ?? el).column, elementId: key };
  if (other) throw new UnsupportedElementError(`decision "${key}" uses a <${other.name}>; only decision tables and literal expressions run`, where);
  throw new ParseError(`decision "${key}" has no decision logic (decisionTable or literalExpression)`, where);
}

function parseLiteralDecision(decision: XmlElement, literal: XmlElement, key: string, ctx: DmnParseContext): LiteralExpressionSpec {
  const variable = childNamed(decision, 'variable');
  const variableName = variable && attr(variable, 'name');
  if (!variableName) {
    // The variable names the result; Camunda 7 refuses the decision without it (DMN-02018).
    throw new ParseError(`literal expression decision "${key}" needs a <variable name="…">`, { file: ctx.file, line: decision.line, column: decision.column, elementId: key });
  }
  const expression = parseExpression(literal, ctx, key, 'literalExpression');
  if (expression.text === '') {
    throw new ParseError(`literal expression of "${key}" is empty`, { file: ctx.file, line: literal.line, column: literal.column, elementId: key });
  }
  const id = attr(literal, 'id');
  return {
    kind: 'literalExpression',
    variableName,
    expression,
    ...(id !== undefined ? { id } : {}),
  };
}

function namespaceOf(el: XmlElement): string | undefined {
  const colon = el.qualifiedName.indexOf(':');
  return el.attrs[colon === -1 ? 'xmlns' : `xmlns:${el.qualifiedName.slice(0, colon)}`];
}

/** Every required decision exists and the requirement graph has no cycle (depth-first, three colours). */
function checkRequirements(decisions: Record<string, DecisionSpec>, locations: Map<string, XmlElement>, file?: string): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (key: string, path: string[]): void => {
    if (state.get(key) === 'done') return;
    const el = locations.get(key) as XmlElement;
    if (state.get(key) === 'visiting') {
      throw new ParseError(`decision requirements form a cycle: ${[...path, key].join(' -> ')}`, { file, line: el.line, column: el.column, elementId: key });
    }
    state.set(key, 'visiting');
    for (const req of (decisions[key] as DecisionSpec).requiredDecisions) {
      if (!decisions[req]) {
        throw new ParseError(`decision "${key}" requires "${req}", which is not in this file`, { file, line: el.line, column: el.column, elementId: key });
      }
      visit(req, [...path, key]);
    }
    state.set(key, 'done');
  };
  for (const key of Object.keys(decisions)) visit(key, []);
}
