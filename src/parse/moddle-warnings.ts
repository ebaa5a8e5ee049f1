import { createRequire } from 'node:module';
import type { ModdleWarning } from 'bpmn-moddle';
import { ParseError } from '../errors/index.js';
import type { ErrorDetails } from '../errors/index.js';
import { ACTIVITI_NS, CAMUNDA_NS, ZEEBE_NS } from './flavour.js';
import { asElement } from './moddle-element.js';
import type { ModdleElement } from './moddle-element.js';
import type { ParseContext } from './parse-context.js';

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

/** Every attribute name Camunda 7's schema gives some element kind (camunda-bpmn-moddle's descriptor). */
const CAMUNDA_ATTRIBUTES: ReadonlySet<string> = (() => {
  const descriptor = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as {
    types: { properties?: { name: string; isAttr?: boolean }[] }[];
  };
  return new Set(descriptor.types.flatMap((t) => (t.properties ?? []).filter((p) => p.isAttr).map((p) => p.name)));
})();

/*
 * Strictness rule. moddle runs in lax mode and reports what it could not read as warnings; it keeps
 * foreign-namespace attributes in `$attrs` and foreign elements inside <extensionElements> as `$any`
 * without a warning. We fail on every warning that concerns a namespace that decides execution:
 * BPMN itself and the Camunda/Zeebe extensions of the loaded flavour (unknown element or attribute,
 * unresolved reference, body text where none belongs, duplicate or illegal ids). Warnings about other
 * namespaces are ignored: diagram interchange (bpmndi/dc/di), colours (bioc:, color:) and vendor data
 * (signavio:, trisotech:, …) only draw or annotate the model; no engine may run them, and Camunda itself
 * ignores them. A foreign element that moddle cannot place (outside <extensionElements>) is dropped
 * with everything inside it, which is what XML Schema's `processContents="lax"` wildcard allows.
 */
const EXECUTION_NAMESPACES = new Set([BPMN_NS, CAMUNDA_NS, ACTIVITI_NS, ZEEBE_NS]);
/** moddle's own prefixes, used when a name carries no prefix declared in the file. */
const EXECUTION_PREFIXES = new Set(['bpmn', 'camunda', 'zeebe']);

export function checkWarnings(
  warnings: readonly ModdleWarning[],
  xml: string,
  ctx: ParseContext,
  elementsById: Readonly<Record<string, unknown>>,
): void {
  const prefixToUri = new Map<string, string>();
  for (const [uri, prefixes] of ctx.index.prefixesByUri) for (const p of prefixes) prefixToUri.set(p, uri);
  const executionPrefix = (qname: string, elementDefault: boolean): boolean => {
    const colon = qname.indexOf(':');
    if (colon === -1) return elementDefault ? isExecutionUri(prefixToUri.get('')) : true;
    const prefix = qname.slice(0, colon);
    const uri = prefixToUri.get(prefix);
    return uri !== undefined ? isExecutionUri(uri) : EXECUTION_PREFIXES.has(prefix);
  };

  for (const w of warnings) {
    const unparsable = /^unparsable content (\S*)\s*detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: ([\s\S]*)$/.exec(
      w.message,
    );
    if (unparsable) {
      const [, data, l, c, nested] = unparsable as unknown as [string, string, string, string, string];
      const line = Number(l) + 1;
      const column = Number(c) + 1;
      const tag = /^<\/?([^\s/>]+)/.exec(data)?.[1];
      if (tag !== undefined && !executionPrefix(tag, true)) continue;
      throw new ParseError(`${describe(nested)}${tag ? ` <${tag}>` : ''}`, located(ctx, xml, line, column));
    }
    const el = asElement(w.element);
    if (/^unknown attribute </.test(w.message)) {
      // Nothing on <definitions> steers execution; the Modeler puts its own metadata there.
      if (el?.$type === 'bpmn:Definitions' || !executionPrefix(String(w.property ?? ''), false)) continue;
      // Camunda 7 takes any camunda: attribute on any element and reads only those the element's kind has
      // (camunda:expression on a user task is ignored there): one its schema gives another kind is ignored
      // here too. A name its schema has nowhere is refused, as the typo it most likely is.
      if (ctx.flavour === 'camunda7' && misplacedCamundaAttribute(String(w.property ?? ''), prefixToUri)) continue;
      throw new ParseError(`unknown attribute ${String(w.property)} on <${el?.$type ?? '?'}>`, ctx.where(el));
    }
    if (/^unresolved reference </.test(w.message)) {
      if (el && repairReference(el, String(w.property ?? ''), String(w.value ?? ''), ctx, elementsById)) continue;
      throw new ParseError(
        `unresolved reference "${String(w.value)}" in ${String(w.property ?? 'a reference')} of <${el?.$type ?? '?'}>`,
        ctx.where(el),
      );
    }
    if (/^unsupported document encoding/.test(w.message)) continue; // the text is already a decoded JS string
    throw new ParseError(w.message, ctx.where(el));
  }
}

/**
 * References moddle could not resolve but Camunda does, or that cannot matter:
 * - diagram interchange pointing at a missing element only loses a shape;
 * - `messageRef="tns:newInvoice"`: Camunda 7 reads QName references by their local part;
 * - Camunda 7 takes an `errorRef` that names no <error> as the error code itself;
 * - Camunda 7 reads a `loopDataInputRef` that names no data input or data object as the name of the
 *   process variable holding the collection (or as an expression when it is one);
 * - Camunda 7 never reads the `messageRef` of a message throw or end event (BpmnParse runs it as a
 *   delegate when it names one, else as a none event), so a dangling one is no error there.
 */
function repairReference(
  el: ModdleElement,
  property: string,
  value: string,
  ctx: ParseContext,
  elementsById: Readonly<Record<string, unknown>>,
): boolean {
  if (property.startsWith('bpmndi:')) return true;
  // A pool whose processRef names no process draws nothing that runs; Camunda 7 deploys the file
  // (BpmnParseTest#testParseNamespaceInConditionExpressionType).
  if (property === 'bpmn:processRef' && el.$type === 'bpmn:Participant') return true;
  const local = property.slice(property.indexOf(':') + 1);
  const colon = value.indexOf(':');
  const target = colon !== -1 ? asElement(elementsById[value.slice(colon + 1)]) : undefined;
  const mutable = el as unknown as Record<string, unknown>;
  if (target && !Array.isArray(mutable[local])) {
    mutable[local] = target;
    return true;
  }
  if (ctx.flavour !== 'camunda8' && local === 'errorRef') {
    mutable[local] = { $type: 'bpmn:Error', errorCode: value };
    return true;
  }
  if (ctx.flavour === 'camunda7' && local === 'messageRef' && isThrownMessage(el)) return true;
  if (ctx.flavour === 'camunda7' && local === 'loopDataInputRef' && value.trim() !== '') {
    mutable[local] = { $type: 'bpmn:ItemAwareElement', id: value.trim() };
    return true;
  }
  return false;
}

function isThrownMessage(el: ModdleElement): boolean {
  const owner = el.$parent?.$type;
  return el.$type === 'bpmn:MessageEventDefinition' && (owner === 'bpmn:IntermediateThrowEvent' || owner === 'bpmn:EndEvent');
}

function misplacedCamundaAttribute(qname: string, prefixToUri: ReadonlyMap<string, string>): boolean {
  const colon = qname.indexOf(':');
  if (colon === -1) return false;
  const uri = prefixToUri.get(qname.slice(0, colon)) ?? (qname.slice(0, colon) === 'camunda' ? CAMUNDA_NS : undefined);
  return uri === CAMUNDA_NS && CAMUNDA_ATTRIBUTES.has(qname.slice(colon + 1));
}

function isExecutionUri(uri: string | undefined): boolean {
  return uri !== undefined && EXECUTION_NAMESPACES.has(uri);
}

function describe(nested: string): string {
  const m = /^(unrecognized element|unknown type) <([^>]*)>/.exec(nested);
  if (m) return `unknown element`;
  return nested.replace(/\s+/g, ' ').trim();
}

/** Location of a moddle (0-based) position plus the id of the tag that starts there, if any. */
function located(ctx: ParseContext, xml: string, line: number, column: number): ErrorDetails {
  const d: ErrorDetails = { line, column };
  if (ctx.file !== undefined) d.file = ctx.file;
  const start = ctx.index.offsetOf(line, column);
  const tag = /^<[^>]*?\sid\s*=\s*["']([^"']*)["']/.exec(xml.slice(start, start + 2000));
  if (tag) d.elementId = tag[1];
  return d;
}

/** An error moddle threw (not lax): its message carries a 0-based line/column. */
export function moddleFailure(e: unknown, ctx: ParseContext, xml: string): ParseError {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /line: (\d+)\n\tcolumn: (\d+)/.exec(msg);
  const d: ErrorDetails = m ? located(ctx, xml, Number(m[1]) + 1, Number(m[2]) + 1) : ctx.file !== undefined ? { file: ctx.file } : {};
  return new ParseError(`cannot read BPMN: ${msg.replace(/\s+/g, ' ').trim()}`, d);
}
