import { readFile } from 'node:fs/promises';
import type { Deployment, Engine, FormSpec, Store } from '../index.js';
import type { Flavour, ProcessSpec } from '../spec/types.js';
import { parseDefinitions } from '../parse/index.js';

/** What the pages know about one deployed process version. */
export interface CatalogProcess {
  key: string;
  /** undefined when the XML was added without a deployment: it then stands for every version. */
  version?: number;
  name?: string;
  flavour: Flavour;
  /** The XML as deployed, for the diagram viewer. */
  xml: string;
  file?: string;
  /** The fields of the none start event's `camunda:formData`, if it has any. */
  startForm?: FormSpec;
  /** Element id → name, for the history timeline. */
  elementNames: Readonly<Record<string, string>>;
}

/**
 * The deployed XML behind the pages. The engine's public API gives neither the source nor the start
 * event's form of a deployed process, so whoever deploys tells the catalog too: `serve` uses
 * `deployTo`, an application with its own engine calls `deployTo` instead of `engine.deploy`, or
 * `addStored(store)` to read what a FileStore already holds.
 */
export class DiagramCatalog {
  private readonly byKey = new Map<string, CatalogProcess[]>();

  /** Deploys into the engine and remembers the XML under the versions the engine gave it. */
  async deployTo(engine: Engine, xml: string, file?: string): Promise<Deployment> {
    const deployment = await engine.deploy(xml, file !== undefined ? { name: file } : {});
    // A DMN file deploys decisions, not processes: there is no diagram to keep for it.
    if (deployment.processes.length > 0) await this.add(xml, { ...(file !== undefined ? { file } : {}), versions: deployment.processes });
    return deployment;
  }

  async deployFile(engine: Engine, path: string): Promise<Deployment> {
    return this.deployTo(engine, await readFile(path, 'utf8'), path);
  }

  /**
   * Every deployment a store holds (what an engine over that store runs). The store must be open:
   * pass the store of your engine after any awaited engine call (the engine opens it first).
   */
  async addStored(store: Store): Promise<void> {
    for (const d of await store.loadDeployments()) {
      if (d.processes.length === 0) continue; // decisions only
      await this.add(d.source, { ...(d.name !== undefined ? { file: d.name } : {}), versions: d.processes });
    }
  }

  async add(xml: string, opts: { file?: string; versions?: readonly { key: string; version: number }[] } = {}): Promise<CatalogProcess[]> {
    const defs = await parseDefinitions(xml, opts.file !== undefined ? { file: opts.file } : {});
    const added: CatalogProcess[] = [];
    for (const p of defs.processes) {
      const version = opts.versions?.find((v) => v.key === p.id)?.version;
      const entry: CatalogProcess = { key: p.id, flavour: defs.flavour, xml, elementNames: namesOf(p) };
      if (version !== undefined) entry.version = version;
      if (p.name !== undefined) entry.name = p.name;
      if (opts.file !== undefined) entry.file = opts.file;
      const form = startFormOf(p);
      if (form) entry.startForm = form;
      const list = (this.byKey.get(p.id) ?? []).filter((e) => e.version !== version);
      list.push(entry);
      list.sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
      this.byKey.set(p.id, list);
      added.push(entry);
    }
    return added;
  }

  /** The latest version of every process, by name. */
  list(): CatalogProcess[] {
    return [...this.byKey.values()]
      .map((l) => l[l.length - 1]!)
      .sort((a, b) => (a.name ?? a.key).localeCompare(b.name ?? b.key));
  }

  /** That version, else the XML added without a version, else the latest. */
  get(key: string, version?: number): CatalogProcess | undefined {
    const list = this.byKey.get(key);
    if (!list) return undefined;
    if (version === undefined) return list[list.length - 1];
    return list.find((e) => e.version === version) ?? list.find((e) => e.version === undefined);
  }
}

function namesOf(p: ProcessSpec): Record<string, string> {
  const names: Record<string, string> = {};
  for (const el of Object.values(p.elements)) if (el.name !== undefined) names[el.id] = el.name;
  return names;
}

/** The none start event of the process itself (not of a subprocess) is the one `start` uses. */
function startFormOf(p: ProcessSpec): FormSpec | undefined {
  for (const id of p.childIds) {
    const el = p.elements[id];
    if (el?.kind === 'startEvent' && el.eventDefinitions.length === 0) return el.form && el.form.fields.length > 0 ? el.form : undefined;
  }
  return undefined;
}
