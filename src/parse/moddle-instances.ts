import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import type { Flavour } from '../spec/types.js';

const require = createRequire(import.meta.url);

/*
 * One moddle per flavour, built on first use and shared: building one compiles the whole BPMN metamodel
 * (~ms), parsing with it is stateless. camunda.json and zeebe.json must never share an instance: both
 * extend bpmn types under clashing names and moddle then silently drops processes.
 */
const instances = new Map<Flavour, BpmnModdle>();

export function moddleFor(flavour: Flavour): BpmnModdle {
  let m = instances.get(flavour);
  if (!m) {
    const extra: Record<string, unknown> = {};
    if (flavour === 'camunda7') extra['camunda'] = require('camunda-bpmn-moddle/resources/camunda.json');
    if (flavour === 'camunda8') extra['zeebe'] = require('zeebe-bpmn-moddle/resources/zeebe.json');
    m = new BpmnModdle(extra);
    instances.set(flavour, m);
  }
  return m;
}
