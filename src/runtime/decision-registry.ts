import { NotFoundError } from '../errors/index.js';
import { compileDecisions, evaluateDecision, parseDmn, type CompiledDecisions } from '../dmn/index.js';
import type { DecisionResult } from '../dmn/types.js';
import type { VariableView } from '../spec/types.js';

interface DeployedDecisions {
  version: number;
  hash: string;
  deploymentId: string;
  compiled: CompiledDecisions;
}

/** DMN files are recognised by the namespace of their root element, whatever their extension. */
export function isDmn(xml: string): boolean {
  // Only the namespace the root element itself is in counts: BPMN files from Trisotech and the MIWG suite
  // declare a `dmn:` prefix on their BPMN <definitions> without being decisions.
  const root = /<(?:([\w.-]+):)?definitions\b([^>]*)>/.exec(xml.slice(0, 8192));
  if (!root) return false;
  const attr = root[1] === undefined ? 'xmlns' : `xmlns:${root[1]}`;
  const ns = new RegExp(`\\s${attr.replaceAll('.', '\\.')}\\s*=\\s*["']([^"']*)["']`).exec(root[2]!)?.[1];
  return ns !== undefined && /^https?:\/\/www\.omg\.org\/spec\/DMN\//.test(ns);
}

/**
 * Deployed decisions by key and version, compiled once. A redeployed file with changed bytes makes
 * every decision in it version + 1, like processes.
 */
export class DecisionRegistry {
  private readonly byKey = new Map<string, DeployedDecisions[]>();

  parse(xml: string, file: string | undefined): CompiledDecisions {
    return compileDecisions(parseDmn(xml, file !== undefined ? { file } : {}));
  }

  keysOf(compiled: CompiledDecisions): string[] {
    return [...compiled.decisions.keys()];
  }

  /** Versions the decisions of `compiled` would get, or undefined when these bytes are deployed already. */
  plan(compiled: CompiledDecisions, hash: string): { key: string; version: number }[] | undefined {
    let same = true;
    const plan = this.keysOf(compiled).map((key) => {
      const list = this.byKey.get(key);
      const latest = list?.[list.length - 1];
      if (latest?.hash !== hash) same = false;
      return { key, version: (latest?.version ?? 0) + 1 };
    });
    return same ? undefined : plan;
  }

  register(compiled: CompiledDecisions, hash: string, deploymentId: string, versions: { key: string; version: number }[]): void {
    for (const { key, version } of versions) {
      if (!compiled.decisions.has(key)) continue;
      const list = this.byKey.get(key) ?? [];
      list.push({ version, hash, deploymentId, compiled });
      list.sort((a, b) => a.version - b.version);
      this.byKey.set(key, list);
    }
  }

  versionOf(key: string, hash: string): number {
    return this.byKey.get(key)?.find((d) => d.hash === hash)?.version ?? 0;
  }

  deploymentOf(hash: string): string | undefined {
    for (const list of this.byKey.values()) for (const d of list) if (d.hash === hash) return d.deploymentId;
    return undefined;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(): IterableIterator<string> {
    return this.byKey.keys();
  }

  evaluate(key: string, variables: VariableView, version?: number): DecisionResult {
    const list = this.byKey.get(key);
    const found = version === undefined ? list?.[list.length - 1] : list?.find((d) => d.version === version);
    if (!found) throw new NotFoundError(version === undefined ? `no decision with key "${key}" is deployed` : `decision "${key}" has no version ${version}`);
    return evaluateDecision(found.compiled, key, variables);
  }
}
