import { ParseError } from '../errors/index.js';
import type { DefinitionsSpec, Flavour } from '../spec/types.js';
import { camunda7Extensions } from './camunda7-extensions.js';
import { camunda8Extensions } from './camunda8-extensions.js';
import type { FlavourExtensions } from './flavour-extensions.js';
import { ACTIVITI_NS, CAMUNDA_NS, resolveFlavour } from './flavour.js';
import { asElement, bool, elements } from './moddle-element.js';
import { moddleFor } from './moddle-instances.js';
import { checkWarnings, moddleFailure } from './moddle-warnings.js';
import { createContext } from './parse-context.js';
import { buildProcess } from './process-builder.js';
import { checkSignalDeclarations } from './event-definitions.js';
import { collapseIdWhitespace, indexSource, normaliseAttributeSpacing } from './source-locations.js';
import { assertSafeWellFormed } from './xml-safety.js';

export { detectFlavour } from './flavour.js';
export type { Flavour };

const BPMN_MODEL = 'http://www.omg.org/spec/BPMN/20100524/MODEL';

const EXTENSIONS: Record<Flavour, FlavourExtensions> = {
  camunda7: camunda7Extensions,
  camunda8: camunda8Extensions,
  bpmn: {},
};

/**
 * XML text → spec graph. Rejects with ParseError / UnsupportedElementError / ExpressionError carrying
 * { file, line, column, elementId } (1-based). Never returns a partial graph.
 */
export async function parseDefinitions(xml: string, opts: { file?: string } = {}): Promise<DefinitionsSpec> {
  const { file } = opts;
  assertSafeWellFormed(xml, file);
  const index = indexSource(xml, file);
  const root = index.root;
  if (!root || root.uri !== BPMN_MODEL || !/(^|:)definitions$/.test(root.name)) {
    throw new ParseError(
      `not a BPMN 2.0 file: the document element is <${root?.name ?? '?'}>${root?.uri ? ` in namespace ${root.uri}` : ''}, expected <definitions> in ${BPMN_MODEL}`,
      { ...(file !== undefined ? { file } : {}), line: root?.line ?? 1, column: root?.column ?? 1 },
    );
  }
  const flavour = resolveFlavour(xml, file);
  const ctx = createContext(flavour, index, file);
  // Camunda 7 reads the Activiti namespace as its own; moddle only knows the Camunda one.
  const text = collapseIdWhitespace(normaliseAttributeSpacing(flavour === 'camunda7' ? xml.split(ACTIVITI_NS).join(CAMUNDA_NS) : xml));
  let result;
  try {
    result = await moddleFor(flavour).fromXML(text);
  } catch (e) {
    throw moddleFailure(e, ctx, xml);
  }
  checkWarnings(result.warnings, xml, ctx, result.elementsById);
  const definitions = asElement(result.rootElement);
  checkSignalDeclarations(definitions, ctx);
  const processes = elements(definitions?.['rootElements']).filter((r) => r.$type === 'bpmn:Process');
  /*
   * Camunda 7 deploys a process only when isExecutable="true": for a new deployment a missing attribute
   * means "not executable" (BpmnParse.parseProcessDefinitions: `isExecutable = !deployment.isNew()`), and
   * Zeebe rejects non-executable processes. Collaboration pools that are not executable are skipped.
   */
  const executable = processes.filter((p) => bool(p, 'isExecutable') === true);
  if (executable.length === 0) {
    const first = processes[0];
    throw new ParseError(
      first
        ? `no executable process: mark the process to run with isExecutable="true"`
        : 'no executable process: the file defines no <process>',
      first ? ctx.where(first) : { ...(file !== undefined ? { file } : {}), ...index.position(Math.max(0, xml.search(/<([\w.-]+:)?definitions\b/))) },
    );
  }
  const ext = EXTENSIONS[flavour];
  return {
    flavour,
    ...(file !== undefined ? { file } : {}),
    processes: executable.map((p) => buildProcess(p, createContext(flavour, index, file, p), ext, true)),
  };
}
