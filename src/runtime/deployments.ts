import { randomUUID } from 'node:crypto';
import { StoreError } from '../errors/index.js';
import { assertRunnable } from '../engine/capabilities.js';
import { parseDefinitions } from '../parse/index.js';
import type { DefinitionsSpec } from '../spec/types.js';
import type { StoredDeployment } from '../store/types.js';
import { isDmn } from './decision-registry.js';
import { EngineCore } from './engine-core.js';
import type { StartTimers } from './start-timers.js';
import type { Deployment } from './types.js';

/** XML → runnable spec, or the typed error that says why not. */
export async function parseRunnable(xml: string, file: string | undefined): Promise<DefinitionsSpec> {
  const defs = await parseDefinitions(xml, file !== undefined ? { file } : {});
  assertRunnable(defs);
  return defs;
}

/**
 * Process and decision deployments: new ones (versioned against what is registered), stored ones
 * adopted at open, and on a shared store the ones other processes made since we looked.
 */
export class Deployments {
  /** Deployments this process has registered, by id (a shared store may hold more: see sync). */
  private readonly known = new Set<string>();
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly core: EngineCore,
    private readonly startTimers: StartTimers,
    /** Handed the next due start timer after a deploy: only the lifecycle knows which job loop runs. */
    private readonly arm: (atMs: number) => void,
  ) {}

  /** Register stored deployments not known yet, oldest first. */
  async adoptAll(deployments: StoredDeployment[]): Promise<void> {
    deployments.sort((a, b) => (a.deployedAt < b.deployedAt ? -1 : a.deployedAt > b.deployedAt ? 1 : 0));
    for (const d of deployments) {
      if (this.known.has(d.id)) continue;
      // The stored text must still be what was deployed: an edited file would silently change
      // what running instances execute.
      if (EngineCore.hash(d.source) !== d.hash) {
        throw new StoreError(`stored deployment ${d.id} (${d.name ?? 'unnamed'}) was changed on disk: its content no longer matches its hash`);
      }
      this.known.add(d.id);
      if (isDmn(d.source)) {
        this.core.decisions.register(this.core.decisions.parse(d.source, d.name), d.hash, d.id, d.decisions ?? []);
        continue;
      }
      let defs: DefinitionsSpec;
      try {
        defs = await parseRunnable(d.source, d.name);
      } catch (e) {
        throw new StoreError(`stored deployment ${d.id} (${d.name ?? 'unnamed'}) no longer deploys: ${e instanceof Error ? e.message : String(e)}`, {}, { cause: e });
      }
      this.core.registry.register(defs, d.hash, d.id, d.processes);
      this.startTimers.track(d);
    }
  }

  /** Shared store: register what other processes deployed since we looked (one cheap query when nothing is new). */
  sync(): Promise<void> {
    const shared = this.core.shared;
    if (!shared) return Promise.resolve();
    this.syncing ??= (async () => {
      try {
        const ids = await shared.deploymentIds();
        if (ids.some((id) => !this.known.has(id))) await this.adoptAll(await shared.loadDeployments());
      } finally {
        this.syncing = undefined;
      }
    })();
    return this.syncing;
  }

  /**
   * A deploy on a shared store runs under a lock across processes, after loading their deployments:
   * engines that deploy the same folder at boot must agree on versions, not each make version 1.
   */
  private deployLocked<T>(work: () => Promise<T>): Promise<T> {
    const shared = this.core.shared;
    if (!shared) return work();
    return shared.withLock('deploy', async () => {
      await this.sync();
      return work();
    });
  }

  async deploy(xml: string, name: string | undefined): Promise<Deployment> {
    if (isDmn(xml)) return this.deployDecisions(xml, name);
    const defs = await parseRunnable(xml, name);
    const hash = EngineCore.hash(xml);
    return this.core.mutex.run('\0deploy', () => this.deployLocked(async () => {
      const plan = this.core.registry.plan(defs, hash);
      if (!plan) {
        const same = this.core.registry.describeHash(hash)!;
        return { id: same.deploymentId, ...(name !== undefined ? { name } : {}), processes: same.processes };
      }
      this.core.registry.checkMessageStarts(defs);
      const id = randomUUID();
      const record: StoredDeployment = {
        id,
        ...(name !== undefined ? { name } : {}),
        source: xml,
        hash,
        deployedAt: this.core.clock.now().toISOString(),
        processes: plan,
      };
      const processes = this.core.registry.register(defs, hash, id, plan);
      const timers = this.startTimers.plan(plan.map((p) => this.core.registry.get(p.key, p.version)));
      if (timers.length > 0) record.startTimers = timers;
      await this.core.store.saveDeployment(record);
      this.known.add(id);
      this.startTimers.track(record);
      await this.startTimers.supersede(record);
      if (timers.length > 0) this.arm(this.startTimers.nextDue());
      return { id, ...(name !== undefined ? { name } : {}), processes };
    }));
  }

  /** A DMN file: its decisions are compiled now and versioned like processes. */
  private async deployDecisions(xml: string, name: string | undefined): Promise<Deployment> {
    const compiled = this.core.decisions.parse(xml, name);
    const hash = EngineCore.hash(xml);
    return this.core.mutex.run('\0deploy', () => this.deployLocked(async () => {
      const plan = this.core.decisions.plan(compiled, hash);
      const decisions = plan ?? this.core.decisions.keysOf(compiled).map((key) => ({ key, version: this.core.decisions.versionOf(key, hash) }));
      if (!plan) return { id: this.core.decisions.deploymentOf(hash) ?? '', ...(name !== undefined ? { name } : {}), processes: [], decisions };
      const id = randomUUID();
      await this.core.store.saveDeployment({
        id,
        ...(name !== undefined ? { name } : {}),
        source: xml,
        hash,
        deployedAt: this.core.clock.now().toISOString(),
        processes: [],
        decisions: plan,
      });
      this.known.add(id);
      this.core.decisions.register(compiled, hash, id, plan);
      return { id, ...(name !== undefined ? { name } : {}), processes: [], decisions: plan };
    }));
  }
}
