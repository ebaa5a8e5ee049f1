import { ConflictError, NotFoundError } from '../errors/index.js';
import { prepareProcess } from '../engine/prepare.js';
import type { PreparedProcess } from '../engine/types.js';
import type { CompiledExpression, DefinitionsSpec, Flavour, ProcessSpec } from '../spec/types.js';
import type { DeployedProcess } from './types.js';

export interface DeployedVersion {
  readonly prepared: PreparedProcess;
  readonly flavour: Flavour;
  readonly hash: string;
  readonly deploymentId: string;
  readonly name?: string;
}

/**
 * Deployed processes by key and version. A changed file gives every process in it version + 1; the
 * same bytes again keep the versions (Camunda's duplicate filtering), so restarts that redeploy the
 * same folder do not fork versions.
 */
export class ProcessRegistry {
  private readonly byKey = new Map<string, DeployedVersion[]>();

  /** Versions that `defs` would get, or `undefined` if these exact bytes are deployed already. */
  plan(defs: DefinitionsSpec, hash: string): { key: string; version: number }[] | undefined {
    let same = true;
    const plan = defs.processes.map((p) => {
      const versions = this.byKey.get(p.id);
      const latest = versions?.[versions.length - 1];
      if (latest?.hash !== hash) same = false;
      return { key: p.id, version: (latest?.prepared.version ?? 0) + 1 };
    });
    return same ? undefined : plan;
  }

  register(defs: DefinitionsSpec, hash: string, deploymentId: string, versions: { key: string; version: number }[]): DeployedProcess[] {
    return defs.processes.map((p) => {
      const version = versions.find((v) => v.key === p.id)?.version ?? 1;
      const list = this.byKey.get(p.id) ?? [];
      const entry: DeployedVersion = {
        prepared: prepareProcess(p, version, hash),
        flavour: defs.flavour,
        hash,
        deploymentId,
        ...(p.name !== undefined ? { name: p.name } : {}),
      };
      list.push(entry);
      list.sort((a, b) => a.prepared.version - b.prepared.version);
      this.byKey.set(p.id, list);
      return describe(entry);
    });
  }

  /** The processes of the latest deployment of `hash`, for answering a duplicate deploy. */
  describeHash(hash: string): { deploymentId: string; processes: DeployedProcess[] } | undefined {
    const found: DeployedVersion[] = [];
    for (const list of this.byKey.values()) for (const v of list) if (v.hash === hash) found.push(v);
    if (found.length === 0) return undefined;
    const deploymentId = found[found.length - 1]!.deploymentId;
    return { deploymentId, processes: found.filter((v) => v.deploymentId === deploymentId).map(describe) };
  }

  get(key: string, version?: number): DeployedVersion {
    const list = this.byKey.get(key);
    const found = version === undefined ? list?.[list.length - 1] : list?.find((v) => v.prepared.version === version);
    if (!found) {
      throw new NotFoundError(
        version === undefined ? `no process with key "${key}" is deployed` : `process "${key}" has no version ${version}`,
      );
    }
    return found;
  }

  inDeployment(key: string, deploymentId: string): DeployedVersion | undefined {
    return this.byKey.get(key)?.find((v) => v.deploymentId === deploymentId);
  }

  /** Camunda 7 refuses a tag that several versions carry: which one is meant cannot be told. */
  withTag(key: string, tag: string): DeployedVersion {
    const tagged = (this.byKey.get(key) ?? []).filter((v) => v.prepared.spec.versionTag === tag);
    if (tagged.length === 0) throw new NotFoundError(`process "${key}" has no version tagged "${tag}"`);
    if (tagged.length > 1) throw new ConflictError(`${tagged.length} versions of process "${key}" are tagged "${tag}"`);
    return tagged[0]!;
  }

  find(key: string, version: number): DeployedVersion | undefined {
    return this.byKey.get(key)?.find((v) => v.prepared.version === version);
  }

  /**
   * In Camunda 7 a message starts at most one process (it refuses the deployment: "there already is a
   * message event subscription for the message with name …"); a new version of the same process may keep
   * it. Zeebe lets one message start several processes, so Camunda 8 files are not checked.
   */
  checkMessageStarts(defs: DefinitionsSpec): void {
    if (defs.flavour !== 'camunda7') return;
    const owner = new Map<string, string>();
    for (const [key, list] of this.byKey) {
      const latest = list[list.length - 1]!;
      if (latest.flavour !== 'camunda7' || defs.processes.some((p) => p.id === key)) continue;
      for (const name of messageStartNames(latest.prepared.spec)) owner.set(name, key);
    }
    for (const p of defs.processes) {
      for (const name of messageStartNames(p)) {
        const other = owner.get(name);
        if (other !== undefined && other !== p.id) {
          throw new ConflictError(`cannot deploy process ${p.id}: message "${name}" already starts process ${other}`);
        }
        owner.set(name, p.id);
      }
    }
  }

  /** Start events of the latest versions that a message or signal of `name` starts. */
  startEvents(kind: 'message' | 'signal', name: string): { version: DeployedVersion; startEventId: string }[] {
    const out: { version: DeployedVersion; startEventId: string }[] = [];
    for (const list of this.byKey.values()) {
      const latest = list[list.length - 1]!;
      const spec = latest.prepared.spec;
      for (const id of spec.childIds) {
        const el = spec.elements[id];
        if (el?.kind !== 'startEvent') continue;
        for (const d of el.eventDefinitions) {
          const expr = d.type === 'message' ? d.messageName : d.type === 'signal' ? d.signalName : undefined;
          if (d.type !== kind || !expr) continue;
          let value: unknown;
          try {
            value = expr.evaluate({});
          } catch {
            continue; // a name that needs variables cannot start an instance
          }
          if (String(value) === name) out.push({ version: latest, startEventId: id });
        }
      }
    }
    return out;
  }

  /** Conditional start events of the latest versions (optionally of one process key). */
  conditionalStarts(processKey?: string): { version: DeployedVersion; startEventId: string; condition: CompiledExpression; variableNames?: readonly string[] }[] {
    const out: { version: DeployedVersion; startEventId: string; condition: CompiledExpression; variableNames?: readonly string[] }[] = [];
    for (const [key, list] of this.byKey) {
      if (processKey !== undefined && key !== processKey) continue;
      const latest = list[list.length - 1]!;
      for (const id of latest.prepared.spec.childIds) {
        const el = latest.prepared.spec.elements[id];
        if (el?.kind !== 'startEvent') continue;
        for (const d of el.eventDefinitions) {
          if (d.type === 'conditional') out.push({ version: latest, startEventId: id, condition: d.condition, ...(d.variableNames ? { variableNames: d.variableNames } : {}) });
        }
      }
    }
    return out;
  }

  list(): DeployedProcess[] {
    const out: DeployedProcess[] = [];
    for (const list of this.byKey.values()) for (const v of list) out.push(describe(v));
    return out;
  }
}

/** Literal message names of a process's top-level message start events. */
function messageStartNames(spec: ProcessSpec): string[] {
  const names: string[] = [];
  for (const id of spec.childIds) {
    const el = spec.elements[id];
    if (el?.kind !== 'startEvent') continue;
    for (const d of el.eventDefinitions) {
      if (d.type !== 'message' || !d.messageName) continue;
      try {
        names.push(String(d.messageName.evaluate({})));
      } catch {
        // a name with an expression is refused by model validation; nothing to compare here
      }
    }
  }
  return names;
}

function describe(v: DeployedVersion): DeployedProcess {
  const d: DeployedProcess = { key: v.prepared.key, version: v.prepared.version, flavour: v.flavour };
  if (v.name !== undefined) d.name = v.name;
  if (v.prepared.spec.documentation !== undefined) d.description = v.prepared.spec.documentation;
  return d;
}
