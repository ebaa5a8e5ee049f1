import { parseDefinitions } from '../parse/index.js';

/**
 * What the CLI needs to know about deployed diagrams beyond the engine's public API: element names
 * for progress lines, and the external-task topics to fetch — fetchAndLock only hands out jobs of
 * topics it is asked for, and with no handlers registered every service task waits on one.
 */
export class ProcessCatalog {
  /** undefined marks an id that names different things in different files: shown bare. */
  private readonly names = new Map<string, string | undefined>();
  private readonly serviceTopics = new Map<string, string>();
  private readonly allTopics = new Set<string>();

  /** Reads one more file; the engine already accepted it, so a failure here is not expected. */
  async add(xml: string, file?: string): Promise<void> {
    const defs = await parseDefinitions(xml, file !== undefined ? { file } : {});
    for (const p of defs.processes) {
      this.remember(p.id, p.name);
      for (const el of Object.values(p.elements)) {
        this.remember(el.id, el.name);
        if (!('service' in el)) continue;
        this.serviceTopics.set(el.id, el.service.type);
        this.allTopics.add(el.service.type);
      }
    }
  }

  // Ids are unique within one file only: `Start` in two diagrams must not borrow the other's name.
  private remember(id: string, name: string | undefined): void {
    if (!this.names.has(id)) this.names.set(id, name);
    else if (this.names.get(id) !== name) this.names.set(id, undefined);
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
    return [...this.allTopics];
  }
}
