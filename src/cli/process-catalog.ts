import { parseDefinitions } from '../parse/index.js';

/**
 * What the CLI needs to know about deployed diagrams beyond the engine's public API: element names
 * for progress lines, and the external-task topics to fetch — fetchAndLock only hands out jobs of
 * topics it is asked for, and with no handlers registered every service task waits on one.
 */
export class ProcessCatalog {
  private readonly names = new Map<string, string>();
  private readonly serviceTopics = new Map<string, string>();

  /** Reads one more file; the engine already accepted it, so a failure here is not expected. */
  async add(xml: string, file?: string): Promise<void> {
    const defs = await parseDefinitions(xml, file !== undefined ? { file } : {});
    for (const p of defs.processes) {
      if (p.name !== undefined) this.names.set(p.id, p.name);
      for (const el of Object.values(p.elements)) {
        if (el.name !== undefined) this.names.set(el.id, el.name);
        if ('service' in el) this.serviceTopics.set(el.id, el.service.type);
      }
    }
  }

  nameOf(elementId: string): string | undefined {
    return this.names.get(elementId);
  }

  label(elementId: string): string {
    const name = this.names.get(elementId);
    return name !== undefined && name !== elementId ? `${elementId} "${name}"` : elementId;
  }

  /** The external-task topic of a service-like element, if it is one. */
  topicOf(elementId: string): string | undefined {
    return this.serviceTopics.get(elementId);
  }

  topics(): string[] {
    return [...new Set(this.serviceTopics.values())];
  }
}
