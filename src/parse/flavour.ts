import { ParseError } from '../errors/index.js';
import type { Flavour } from '../spec/types.js';

export const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';
/** Camunda 7 still reads the namespace of its Activiti ancestor as its own (BpmnParser.ACTIVITI_BPMN_EXTENSIONS_NS). */
export const ACTIVITI_NS = 'http://activiti.org/bpmn';
export const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

const CLOUD_PLATFORM = /\bexecutionPlatform\s*=\s*["']Camunda Cloud["']/;
const PLATFORM_7 = /\bexecutionPlatform\s*=\s*["']Camunda Platform["']/;

/** Prefixes bound to `uri` by xmlns declarations in the text. */
function prefixesOf(xml: string, uri: string): string[] {
  const out: string[] = [];
  const re = /xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) if (m[2] === uri) out.push(m[1] as string);
  return out;
}

/**
 * A namespace counts as used when one of its prefixes names an element or attribute below the document
 * element: Camunda Modeler stamps modeler metadata such as `camunda:diagramRelationId` on <definitions>
 * of Camunda 8 files too, and it means nothing to execution.
 */
function uses(xml: string, uris: readonly string[]): boolean {
  const rootStart = xml.search(/<[A-Za-z_]/);
  const body = rootStart === -1 ? xml : xml.slice(xml.indexOf('>', rootStart) + 1);
  for (const uri of uris) {
    for (const p of prefixesOf(xml, uri)) {
      if (new RegExp(`[<\\s]${p.replace(/[.]/g, '\\.')}:[A-Za-z_]`).test(body)) return true;
    }
  }
  return false;
}

function declares(xml: string, uris: readonly string[]): boolean {
  return uris.some((u) => xml.includes(`"${u}"`) || xml.includes(`'${u}'`));
}

/**
 * Flavour from the namespaces the file uses, then from the ones it declares or the Modeler's
 * `executionPlatform`. Modeler files declare their extension namespace even when no element uses it, so
 * a clash is only reported when both extension namespaces are *used*.
 */
export function detectFlavour(xml: string): Flavour {
  const c7 = [CAMUNDA_NS, ACTIVITI_NS];
  if (uses(xml, [ZEEBE_NS])) return 'camunda8';
  if (uses(xml, c7)) return 'camunda7';
  if (CLOUD_PLATFORM.test(xml) || declares(xml, [ZEEBE_NS])) return 'camunda8';
  if (PLATFORM_7.test(xml) || declares(xml, c7)) return 'camunda7';
  return 'bpmn';
}

/** detectFlavour, plus the error for a file that uses both extension sets (one moddle cannot read both). */
export function resolveFlavour(xml: string, file?: string): Flavour {
  if (uses(xml, [CAMUNDA_NS, ACTIVITI_NS]) && uses(xml, [ZEEBE_NS])) {
    const idx = xml.search(/[<\s]zeebe:/);
    const before = xml.slice(0, Math.max(idx, 0));
    throw new ParseError('file uses both camunda: (Camunda 7) and zeebe: (Camunda 8) extensions; use one flavour per file', {
      file,
      line: before.split('\n').length,
      column: idx - before.lastIndexOf('\n'),
    });
  }
  return detectFlavour(xml);
}
