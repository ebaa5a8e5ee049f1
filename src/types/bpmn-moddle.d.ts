/**
 * bpmn-moddle 10 ships generated model types under `bpmn-moddle/types` but none for its main entry, and
 * the two Camunda extension packages export only their JSON schemas. The parser reads moddle trees
 * through its own narrow `ModdleElement` view (src/parse/moddle-element.ts), so this shim stays minimal.
 */
declare module 'bpmn-moddle' {
  export interface ModdleWarning {
    message: string;
    element?: unknown;
    property?: string;
    value?: unknown;
    error?: Error;
  }
  export interface ModdleParseResult {
    rootElement: unknown;
    elementsById: Record<string, unknown>;
    references: unknown[];
    warnings: ModdleWarning[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string | Record<string, unknown>, options?: Record<string, unknown>): Promise<ModdleParseResult>;
  }
}
